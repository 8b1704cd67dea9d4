"use client";
import { prepareCacheRates } from "@/components/charts/prepare/cache";
import { formatPercent, formatPercentTick } from "@/components/charts/prepare/format";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { QueryPanel } from "@/components/ui/query-panel";
import { useCacheMetrics } from "./use-cache-metrics";

export function HitRatePanel({ input }: { input: DashboardQuery }) {
  const query = useCacheMetrics(input);
  return (
    <QueryPanel
      title="Hit rate"
      subtitle="exact and semantic hits as shares of cache lookups (stacked: together the hit rate); gaps = no lookups"
      query={query}
      isEmpty={(d) => d.totals.lookups === 0}
      empty={
        <p className="py-6 text-center text-sm text-slate-500 dark:text-slate-400">
          No cache lookups in this range. Set <code className="font-mono">cacheOutcome</code> on traces or spans to see hit rates.
        </p>
      }
      testId="panel-hit-rate"
    >
      {(data) => (
        <TimeSeriesChart
          data={prepareCacheRates(data)}
          range={data.range}
          series={[
            { dataKey: "exactRate", name: "exact", color: "#10b981", kind: "area", stackId: "hit" },
            { dataKey: "semanticRate", name: "semantic", color: "#0ea5e9", kind: "area", stackId: "hit" },
          ]}
          formatValue={(v) => formatPercent(v, 1)}
          formatAxis={formatPercentTick}
          height="h-64"
          testId="chart-hit-rate"
        />
      )}
    </QueryPanel>
  );
}
