"use client";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDuration } from "@/components/charts/prepare/format";
import type { OverviewChartPoint } from "@/components/charts/prepare/overview";

export function LatencyChart({ data }: { data: OverviewChartPoint[] }) {
  return (
    <div className="h-56" data-testid="chart-p95">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} syncId="overview" margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={40} stroke="currentColor" strokeOpacity={0.4} />
          <YAxis
            tick={{ fontSize: 11 }}
            width={56}
            tickFormatter={(v: number) => formatDuration(v)}
            stroke="currentColor"
            strokeOpacity={0.4}
          />
          <Tooltip contentStyle={{ fontSize: 12 }} formatter={(v) => formatDuration(Number(v))} />
          <ReferenceLine y={2000} stroke="#f59e0b" strokeDasharray="4 4" label={{ value: "2 s", fontSize: 10, position: "insideTopRight" }} />
          {/* gaps where a bucket had no requests: connectNulls stays false */}
          <Line dataKey="p95Ms" name="p95" stroke="#0ea5e9" dot={false} strokeWidth={1.5} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
