"use client";
import { seriesColor } from "@/components/charts/chart-theme";
import { formatPercent, formatPercentTick } from "@/components/charts/prepare/format";
import { prepareBreakerLanes, prepareRates, RATE_SERIES } from "@/components/charts/prepare/reliability";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { QueryPanel } from "@/components/ui/query-panel";
import { useReliability } from "./use-reliability";
import { useRouter } from "next/navigation";
import { bucketTracesHref } from "@/components/charts/prepare/thresholds";
import { useThresholdLines } from "@/components/charts/use-threshold-lines";

/** errors, 429s, timeouts, 5xx, retries, fallbacks: no two reds side by side */
const COLORS = ["#f43f5e", "#f59e0b", "#8b5cf6", "#d946ef", "#0ea5e9", "#10b981"];

/** Failure and recovery rates over time, with open breakers shaded behind them. */
export function RatesPanel({ input }: { input: DashboardQuery }) {
  const query = useReliability(input);
  const router = useRouter();
  // rules are in percent, this chart in fractions
  const thresholds = useThresholdLines(["error_rate", "rate_429", "timeout_rate", "retry_rate", "fallback_rate"], input.filters, 0.01);
  return (
    <QueryPanel
      title="Failure rates"
      subtitle="errors and fallbacks per request; 429s, timeouts, 5xx and retries per generation attempt; shaded = a breaker open; click a bucket for its failed traces"
      query={query}
      isEmpty={(d) => d.totals.requests === 0}
      testId="panel-rates"
    >
      {(data) => (
        <TimeSeriesChart
          syncId="reliability"
          data={prepareRates(data)}
          range={data.range}
          series={RATE_SERIES.map((s, i) => ({ dataKey: s.key, name: s.name, color: COLORS[i] ?? seriesColor(i) }))}
          formatValue={(v) => formatPercent(v, 2)}
          formatAxis={formatPercentTick}
          yWidth={52}
          bands={prepareBreakerLanes(data.circuitOpen, data.range).flatMap((l) => l.bands.map((b) => ({ ...b, color: "#f43f5e" })))}
          height="h-64"
          thresholds={thresholds}
          onBucketClick={(t) => router.push(bucketTracesHref(t, data.range.bucketS, input.filters, { failed: true }))}
          testId="chart-rates"
        />
      )}
    </QueryPanel>
  );
}
