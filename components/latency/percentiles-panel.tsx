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
import { percentilesInput } from "./percentiles-input";
import { useRouter } from "next/navigation";
import { bucketTracesHref } from "@/components/charts/prepare/thresholds";
import { useThresholdLines } from "@/components/charts/use-threshold-lines";

const LINES = (["p50", "p90", "p95", "p99"] as const).map((p) => ({ dataKey: p, name: p, color: PERCENTILE_COLORS[p] }));

export function PercentilesPanel({ input, userId }: { input: DashboardQuery; userId?: string }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.latency.queryOptions(percentilesInput(input, userId)), refetchInterval: useRefreshMs() });
  const router = useRouter();
  const thresholds = useThresholdLines(["latency_p50", "latency_p90", "latency_p95", "latency_p99"], input.filters);
  const source = query.data?.source === "raw" ? "exact percentiles" : "from per-minute sketches (±0.5 %)";
  return (
    <QueryPanel
      title="End-to-end latency"
      subtitle={
        userId
          ? `user ${userId} only (exact, from raw rows; the panels below cover all users); click a bucket for the user's slowest traces`
          : `p50 / p90 / p95 / p99 per bucket, ${source}; gaps = no requests; click a bucket for its slowest traces`
      }
      query={query}
      isEmpty={latencyIsEmpty}
      testId="panel-percentiles"
    >
      {(data) => (
        <TimeSeriesChart
          syncId="latency"
          data={preparePercentiles(data)}
          range={data.range}
          series={LINES}
          formatValue={formatDuration}
          formatAxis={formatDurationTick}
          height="h-64"
          thresholds={thresholds}
          onBucketClick={(t) => router.push(bucketTracesHref(t, data.range.bucketS, { ...input.filters, ...(userId && { user: userId }) }))}
          testId="chart-percentiles"
        />
      )}
    </QueryPanel>
  );
}
