"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, CHART_BOX, GRID, STAGE_COLORS } from "./chart-theme";
import { ChartTooltip } from "./chart-tooltip";
import { formatPercent, formatPercentTick } from "./prepare/format";
import type { StageShareRow } from "./prepare/stages";

/** One horizontal bar per task type, split into each stage's share of the time (shares add up to 100 %). */
export function StageShareChart({ rows, stages }: { rows: StageShareRow[]; stages: string[] }) {
  const height = Math.max(120, rows.length * 34 + 56);
  return (
    <div className={CHART_BOX} style={{ height }} data-testid="chart-stage-shares">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 12, left: 0, bottom: 0 }} barCategoryGap={6}>
          <CartesianGrid {...GRID} vertical horizontal={false} />
          <XAxis {...AXIS} type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={formatPercentTick} />
          <YAxis {...AXIS} type="category" dataKey="taskType" width={92} />
          <Tooltip
            cursor={{ fill: "currentColor", fillOpacity: 0.06 }}
            content={(p) => <ChartTooltip active={p.active} payload={p.payload} label={p.label} formatValue={(v) => formatPercent(v, 1)} />}
          />
          <Legend itemSorter={null} iconType="square" iconSize={9} wrapperStyle={{ fontSize: 11, paddingTop: 4 }} />
          {stages.map((s) => (
            <Bar key={s} dataKey={s} name={s} stackId="share" fill={STAGE_COLORS[s] ?? "#64748b"} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
