"use client";
import { prepareCacheSavings } from "@/components/charts/prepare/cache";
import { formatCount, formatDuration, formatPercent, formatUsd, formatUsdPerUnit } from "@/components/charts/prepare/format";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { DataTable } from "@/components/ui/data-table";
import { QueryPanel } from "@/components/ui/query-panel";
import { useCacheMetrics } from "./use-cache-metrics";

/** What a hit saved against a miss of the same task type. */
export function SavingsPanel({ input }: { input: DashboardQuery }) {
  const query = useCacheMetrics(input);
  return (
    <QueryPanel
      title="Savings per task type"
      subtitle="mean latency and cost of a miss minus those of a hit (environment and feature filters apply)"
      query={query}
      isEmpty={(d) => d.savings.length === 0}
      skeletonClassName="h-40"
      testId="panel-savings"
    >
      {(data) => (
        <DataTable
          label="Savings per task type"
          rows={prepareCacheSavings(data.savings).rows}
          rowKey={(r) => r.taskType}
          columns={[
            { header: "Task type", cell: (r) => r.taskType },
            { header: "Hits", align: "right", cell: (r) => formatCount(r.hits) },
            { header: "Misses", align: "right", cell: (r) => formatCount(r.misses) },
            { header: "Hit rate", align: "right", cell: (r) => formatPercent(r.hitRate, 1) },
            { header: "Hit / miss latency", align: "right", cell: (r) => `${formatDuration(r.hitMeanMs)} / ${formatDuration(r.missMeanMs)}` },
            { header: "Saved per hit", align: "right", cell: (r) => formatDuration(r.savedMsPerHit) },
            { header: "Cost saved per hit", align: "right", cell: (r) => formatUsdPerUnit(r.savedUsdPerHit) },
            {
              header: "Cost saved",
              align: "right",
              cell: (r) => <span className="font-medium text-emerald-700 dark:text-emerald-400">{formatUsd(r.savedUsdTotal)}</span>,
            },
          ]}
        />
      )}
    </QueryPanel>
  );
}
