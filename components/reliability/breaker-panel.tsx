"use client";
import { formatBucketTime } from "@/components/charts/prepare/format";
import { prepareBreakerLanes } from "@/components/charts/prepare/reliability";
import { BreakerTimeline } from "@/components/charts/breaker-timeline";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { QueryPanel } from "@/components/ui/query-panel";
import { useReliability } from "./use-reliability";

export function BreakerPanel({ input }: { input: DashboardQuery }) {
  const query = useReliability(input);
  return (
    <QueryPanel
      title="Circuit breakers"
      subtitle="minutes in which a model's circuit breaker was seen open (all traffic, filters do not apply)"
      query={query}
      isEmpty={(d) => d.totals.requests === 0}
      skeletonClassName="h-28"
      testId="panel-breakers"
    >
      {(data) => {
        const lanes = prepareBreakerLanes(data.circuitOpen, data.range);
        const span = data.range.toMs - data.range.fromMs;
        return lanes.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500 dark:text-slate-400">No breaker opened in this range.</p>
        ) : (
          <>
            <BreakerTimeline lanes={lanes} range={data.range} />
            <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
              {lanes.flatMap((l) =>
                l.bands.map((b) => (
                  <li key={`${l.provider}-${b.fromMs}`}>
                    <span className="font-medium">{l.provider}</span> open {formatBucketTime(b.fromMs, span)}–{formatBucketTime(b.toMs, span)} UTC
                    <span className="text-slate-400"> ({b.minutes} min)</span>
                  </li>
                )),
              )}
            </ul>
          </>
        );
      }}
    </QueryPanel>
  );
}
