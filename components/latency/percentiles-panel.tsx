"use client";
import { useQuery } from "@tanstack/react-query";
import { PERCENTILE_COLORS } from "@/components/charts/chart-theme";
import { formatDuration, formatDurationTick } from "@/components/charts/prepare/format";
import { latencyIsEmpty, preparePercentiles } from "@/components/charts/prepare/latency";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { REFRESH_MS, type DashboardQuery } from "@/components/filters/dashboard-params";
import { useTRPC } from "@/components/trpc/client";
import { QueryPanel } from "@/components/ui/query-panel";

const LINES = (["p50", "p90", "p95", "p99"] as const).map((p) => ({ dataKey: p, name: p, color: PERCENTILE_COLORS[p] }));

export function PercentilesPanel({ input }: { input: DashboardQuery }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.latency.queryOptions(input), refetchInterval: REFRESH_MS });
  const source = query.data?.source === "raw" ? "exact percentiles" : "from per-minute sketches (±0.5 %)";
  return (
    <QueryPanel
      title="End-to-end latency"
      subtitle={`p50 / p90 / p95 / p99 per bucket, ${source}; gaps = no requests`}
      query={query}
      isEmpty={latencyIsEmpty}
      testId="panel-percentiles"
    >
      {(data) => (
        <TimeSeriesChart
          data={preparePercentiles(data)}
          range={data.range}
          series={LINES}
          formatValue={formatDuration}
          formatAxis={formatDurationTick}
          height="h-64"
          testId="chart-percentiles"
        />
      )}
    </QueryPanel>
  );
}
