"use client";
import { useQuery } from "@tanstack/react-query";
import { PERCENTILE_COLORS } from "@/components/charts/chart-theme";
import { formatDuration, formatDurationTick } from "@/components/charts/prepare/format";
import { latencyIsEmpty, preparePercentiles } from "@/components/charts/prepare/latency";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";
import { QueryPanel } from "@/components/ui/query-panel";

/** Request p95 on the GPU charts' time axis, so a saturated GPU and a slow tail line up under one crosshair. */
export function RequestP95Panel({ input, syncId }: { input: DashboardQuery; syncId: string }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.latency.queryOptions(input), refetchInterval: useRefreshMs() });
  return (
    <QueryPanel
      title="Request p95"
      subtitle="end-to-end, of the traffic matching the filters (the GPU gauges below are per host: filters do not apply to them); gaps = no requests"
      query={query}
      isEmpty={latencyIsEmpty}
      skeletonClassName="h-40"
      testId="panel-request-p95"
    >
      {(data) => (
        <TimeSeriesChart
          data={preparePercentiles(data)}
          range={data.range}
          series={[
            { dataKey: "p95", name: "p95", color: PERCENTILE_COLORS.p95 },
            { dataKey: "p50", name: "p50", color: PERCENTILE_COLORS.p50 },
          ]}
          formatValue={formatDuration}
          formatAxis={formatDurationTick}
          syncId={syncId}
          height="h-44"
          testId="chart-request-p95"
        />
      )}
    </QueryPanel>
  );
}
