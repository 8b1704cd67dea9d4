"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDuration, formatPercent } from "@/components/charts/prepare/format";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";
import { Panel } from "@/components/ui/panel";
import type { RangePreset } from "@/server/metrics/range";

const DIMENSION_LABEL: Record<string, string> = { model: "Model", provider: "Provider", taskType: "Task", feature: "Feature" };

/** The series that got worst against the period before: where to look first. */
export function MoversPanel({ input }: { input: { range: RangePreset } | { from: number; to: number } }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.movers.queryOptions(input), refetchInterval: useRefreshMs() });
  const rangeParams = "range" in input ? `range=${input.range}` : `from=${input.from}&to=${input.to}`;
  return (
    <Panel title="Worst-moving series" subtitle="p95 and error rate per model, provider, task and feature, against the period just before" testId="panel-movers">
      {query.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : query.isError ? (
        <p role="alert" className="text-sm text-rose-600">Could not compare periods: {query.error.message}</p>
      ) : query.data.movers.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">Nothing got worse by more than 5 % against the period before (series with at least 20 requests in both).</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {query.data.movers.map((m) => {
            const fmt = (v: number | null) => (m.metric === "p95" ? formatDuration(v) : formatPercent(v, 2));
            const change = m.metric === "p95" ? `+${Math.round(m.change * 100)} %` : `+${(m.change * 100).toFixed(1)} pts`;
            const page = m.metric === "p95" ? "latency" : "reliability";
            return (
              <li key={`${m.dimension}-${m.key}-${m.metric}`} className="flex items-center justify-between gap-3 py-2">
                <Link href={`/${page}?${rangeParams}&${m.dimension}=${encodeURIComponent(m.key)}`} className="min-w-0 truncate hover:underline">
                  <span className="text-slate-500 dark:text-slate-400">{DIMENSION_LABEL[m.dimension] ?? m.dimension}</span> <span className="font-medium">{m.key}</span>{" "}
                  <span className="text-slate-500 dark:text-slate-400">{m.metric === "p95" ? "p95" : "error rate"}</span>
                </Link>
                <span className="whitespace-nowrap tabular-nums">
                  {fmt(m.before)} → <span className="font-medium">{fmt(m.now)}</span>{" "}
                  <span className="ml-1 rounded bg-rose-50 px-1.5 py-0.5 text-xs font-medium text-rose-700 dark:bg-rose-950 dark:text-rose-300">{change}</span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
