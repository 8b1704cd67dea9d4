"use client";
import { formatCount, formatPercent } from "@/components/charts/prepare/format";
import { prepareFallbackPaths } from "@/components/charts/prepare/reliability";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { DataTable } from "@/components/ui/data-table";
import { QueryPanel } from "@/components/ui/query-panel";
import { useReliability } from "./use-reliability";

export function FallbackPathsPanel({ input }: { input: DashboardQuery }) {
  const query = useReliability(input);
  return (
    <QueryPanel
      title="Fallback paths"
      subtitle="which model fell back to which (all traffic, filters do not apply)"
      query={query}
      isEmpty={(d) => d.totals.requests === 0}
      skeletonClassName="h-40"
      testId="panel-fallbacks"
    >
      {(data) =>
        data.fallbackPaths.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500 dark:text-slate-400">No fallbacks in this range.</p>
        ) : (
          <DataTable
            label="Fallback paths"
            rows={prepareFallbackPaths(data.fallbackPaths)}
            rowKey={(r) => `${r.fromModel}→${r.toModel}`}
            columns={[
              {
                header: "From → to",
                cell: (r) => (
                  <span className="font-mono text-xs">
                    {r.fromModel} <span className="text-slate-400">→</span> {r.toModel}
                  </span>
                ),
              },
              { header: "Count", align: "right", cell: (r) => formatCount(r.count) },
              { header: "Succeeded", align: "right", cell: (r) => formatCount(r.succeeded) },
              {
                header: "Success",
                align: "right",
                cell: (r) => (
                  <span className={(r.successRate ?? 1) < 0.9 ? "text-rose-600 dark:text-rose-400" : "text-emerald-700 dark:text-emerald-400"}>
                    {formatPercent(r.successRate, 0)}
                  </span>
                ),
              },
            ]}
          />
        )
      }
    </QueryPanel>
  );
}
