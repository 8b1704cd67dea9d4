"use client";
import { formatCount, formatPercent } from "@/components/charts/prepare/format";
import { prepareErrorTypes } from "@/components/charts/prepare/reliability";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { BarList } from "@/components/ui/bar-list";
import { QueryPanel } from "@/components/ui/query-panel";
import { useReliability } from "./use-reliability";

export function ErrorsByTypePanel({ input }: { input: DashboardQuery }) {
  const query = useReliability(input);
  return (
    <QueryPanel
      title="Errors by type"
      subtitle="failed requests in the range (the provider filter does not apply)"
      query={query}
      isEmpty={(d) => d.totals.requests === 0}
      skeletonClassName="h-40"
      testId="panel-error-types"
    >
      {(data) =>
        data.errorsByType.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500 dark:text-slate-400">No failed requests in this range.</p>
        ) : (
          <BarList
            label="Errors by type"
            items={prepareErrorTypes(data.errorsByType).map((e) => ({
              key: e.errorType,
              label: e.errorType,
              value: e.count,
              display: formatCount(e.count),
              hint: formatPercent(e.share, 0),
            }))}
          />
        )
      }
    </QueryPanel>
  );
}
