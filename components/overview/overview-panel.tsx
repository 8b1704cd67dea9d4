"use client";
import { useQuery } from "@tanstack/react-query";
import { formatCount, formatDuration, formatPercent, formatUsd } from "@/components/charts/prepare/format";
import { prepareOverviewSeries } from "@/components/charts/prepare/overview";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { StatCard } from "@/components/ui/stat-card";
import { useRefreshMs } from "@/components/filters/use-refresh";
import type { RangePreset } from "@/server/metrics/range";
import { ActiveAlertsCard } from "./active-alerts-card";
import { LatencyChart } from "./latency-chart";
import { MoversPanel } from "./movers-panel";
import { TrafficChart } from "./traffic-chart";

export function OverviewPanel({ input }: { input: { range: RangePreset } | { from: number; to: number } }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.overview.queryOptions(input), refetchInterval: useRefreshMs() });
  if (query.isPending) return <div className="text-sm text-slate-500">Loading…</div>;
  if (query.isError) {
    return (
      <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-4 text-sm text-rose-800 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-200">
        Could not load the overview: {query.error.message}
      </div>
    );
  }
  const { totals, series } = query.data;
  if (totals.requests === 0) {
    return (
      <EmptyState title="No requests in this range">
        Send traces with <code className="font-mono">POST /api/trpc/ingest.batch</code> and an API key — see the README.
      </EmptyState>
    );
  }
  const points = prepareOverviewSeries(series, query.data.range);
  const rangeS = Math.max(1, (query.data.range.toMs - query.data.range.fromMs) / 1000);
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <StatCard label="Requests" value={formatCount(totals.requests)} spark={points.map((p) => p.ok + p.errors)} />
        <StatCard label="Error rate" value={formatPercent(totals.errorRate)} tone={(totals.errorRate ?? 0) > 0.05 ? "bad" : "default"} hint={`${formatCount(totals.errors)} failed`} spark={points.map((p) => p.errorRate)} />
        <StatCard label="p50" value={formatDuration(totals.p50Ms)} />
        <StatCard label="p95" value={formatDuration(totals.p95Ms)} spark={points.map((p) => p.p95Ms)} />
        <StatCard label="p99" value={formatDuration(totals.p99Ms)} />
        <StatCard label="TTFT p95" value={formatDuration(totals.ttftP95Ms)} />
        <StatCard label="Cost" value={formatUsd(totals.costUsd)} hint={`${formatCount(totals.outputTokens)} output tokens`} />
        <StatCard label="Output tokens/s" value={totals.outputTokens / rangeS < 10 ? (totals.outputTokens / rangeS).toFixed(1) : formatCount(totals.outputTokens / rangeS)} hint="over the range" />
        <StatCard label="Cache hit rate" value={formatPercent(totals.cacheHitRate, 1)} />
        <ActiveAlertsCard />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Requests" subtitle="ok and failed, per bucket">
          <TrafficChart data={points} />
        </Panel>
        <Panel title="p95 latency" subtitle="end-to-end, per bucket; gaps = no traffic">
          <LatencyChart data={points} bucketS={query.data.range.bucketS} />
        </Panel>
      </div>
      <MoversPanel input={input} />
    </div>
  );
}
