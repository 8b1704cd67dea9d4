"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OverviewChartPoint } from "@/components/charts/prepare/overview";

export function TrafficChart({ data }: { data: OverviewChartPoint[] }) {
  return (
    <div className="h-56" data-testid="chart-traffic">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} syncId="overview" margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={40} stroke="currentColor" strokeOpacity={0.4} />
          <YAxis tick={{ fontSize: 11 }} width={44} stroke="currentColor" strokeOpacity={0.4} allowDecimals={false} />
          <Tooltip contentStyle={{ fontSize: 12 }} />
          <Bar dataKey="ok" name="ok requests" stackId="r" fill="#6366f1" isAnimationActive={false} />
          <Bar dataKey="errors" name="errors" stackId="r" fill="#f43f5e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
