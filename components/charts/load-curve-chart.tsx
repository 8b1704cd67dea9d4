"use client";
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, CHART_BOX, CHART_MARGIN, GRID, PERCENTILE_COLORS } from "./chart-theme";
import { ChartTooltip } from "./chart-tooltip";
import { formatDuration, formatDurationTick } from "./prepare/format";
import { formatLoad, type LoadChartPoint } from "./prepare/load";

const LINES = (["p50", "p95", "p99"] as const).map((p) => ({ key: p, color: PERCENTILE_COLORS[p] }));

/** Percentiles against load (one point per load bin), with the queueing knee marked. */
export function LoadCurveChart({ points, kneeX, unit, testId }: { points: LoadChartPoint[]; kneeX: number | null; unit: "rps" | "concurrency"; testId?: string }) {
  return (
    <div className={`h-64 ${CHART_BOX}`} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ ...CHART_MARGIN, bottom: 14 }}>
          <CartesianGrid {...GRID} />
          <XAxis
            {...AXIS}
            dataKey="x"
            type="number"
            domain={[0, "auto"]}
            tickFormatter={(v: number) => formatLoad(v, "concurrency")}
            label={{ value: unit === "rps" ? "offered load (req/s)" : "concurrent requests (mean in flight)", position: "insideBottom", offset: -8, fontSize: 11, fill: "currentColor" }}
          />
          <YAxis {...AXIS} width={56} tickFormatter={formatDurationTick} />
          <Tooltip
            cursor={{ stroke: "currentColor", strokeOpacity: 0.35 }}
            content={(p) => (
              <ChartTooltip
                active={p.active}
                payload={p.payload}
                label={p.label}
                formatLabel={(x) => `at ${formatLoad(Number(x), unit)}${unit === "concurrency" ? " in flight" : ""}`}
                formatValue={formatDuration}
              />
            )}
          />
          <Legend itemSorter={null} iconType="plainline" iconSize={14} verticalAlign="top" align="right" wrapperStyle={{ fontSize: 11, paddingBottom: 4 }} />
          {kneeX != null && (
            <ReferenceLine
              x={kneeX}
              stroke="#f43f5e"
              strokeDasharray="5 4"
              label={{ value: `knee ≈ ${formatLoad(kneeX, unit)}${unit === "concurrency" ? " in flight" : ""}`, position: "insideTopLeft", fontSize: 11, fill: "#f43f5e" }}
            />
          )}
          {LINES.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.key}
              type="linear"
              stroke={l.color}
              strokeWidth={1.6}
              dot={{ r: 2.5, fill: l.color, strokeWidth: 0 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
