"use client";
import { useRouter } from "next/navigation";
import { renderThresholdLines } from "@/components/charts/threshold-lines";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDuration } from "@/components/charts/prepare/format";
import type { OverviewChartPoint } from "@/components/charts/prepare/overview";
import { bucketTracesHref } from "@/components/charts/prepare/thresholds";
import { useThresholdLines } from "@/components/charts/use-threshold-lines";

/** p95 over time with the p95 alert thresholds; a click opens the bucket's slowest traces. */
export function LatencyChart({ data, bucketS }: { data: OverviewChartPoint[]; bucketS: number }) {
  const router = useRouter();
  const thresholds = useThresholdLines(["latency_p95"], {});
  return (
    <div className="h-56 cursor-pointer" data-testid="chart-p95" data-clickable="true">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          syncId="overview"
          margin={{ top: 4, right: 8, left: 0, bottom: 0 }}
          onClick={(state) => {
            const t = data[Number(state?.activeTooltipIndex ?? state?.activeIndex)]?.t;
            if (t !== undefined) router.push(bucketTracesHref(t, bucketS, {}));
          }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={40} stroke="currentColor" strokeOpacity={0.4} />
          <YAxis tick={{ fontSize: 11 }} width={56} tickFormatter={(v: number) => formatDuration(v)} stroke="currentColor" strokeOpacity={0.4} />
          <Tooltip contentStyle={{ fontSize: 12 }} formatter={(v) => formatDuration(Number(v))} />
          {renderThresholdLines(thresholds)}
          {/* gaps where a bucket had no requests: connectNulls stays false */}
          <Line dataKey="p95Ms" name="p95" stroke="#0ea5e9" dot={false} strokeWidth={1.5} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
