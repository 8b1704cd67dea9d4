"use client";
import { CartesianGrid, ComposedChart, Line, ReferenceArea, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { AXIS, CHART_BOX, GRID, timeAxis } from "./chart-theme";
import type { BreakerLane } from "./prepare/reliability";

/** One lane per guarded model on a shared time axis; each open interval is a band. */
export function BreakerTimeline({ lanes, range }: { lanes: BreakerLane[]; range: { fromMs: number; toMs: number } }) {
  // a lane is the band between y = i and y = i + 1; an invisible line through two points gives the chart its extent
  const data = [{ t: range.fromMs, y: 0 }, { t: range.toMs, y: lanes.length }];
  return (
    <div className={CHART_BOX} style={{ height: lanes.length * 34 + 36 }} data-testid="chart-breakers">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 4, right: 12, left: 0, bottom: 0 }}>
          <CartesianGrid {...GRID} vertical horizontal={false} />
          <XAxis {...timeAxis(range)} />
          <YAxis
            {...AXIS}
            type="number"
            domain={[0, lanes.length]}
            ticks={lanes.map((_, i) => i + 0.5)}
            tickFormatter={(v: number) => lanes[lanes.length - 1 - Math.floor(v)]?.provider ?? ""}
            width={92}
          />
          <Line dataKey="y" stroke="none" dot={false} activeDot={false} legendType="none" isAnimationActive={false} />
          {lanes.map((lane, i) => {
            const y = lanes.length - 1 - i;
            return lane.bands.map((b) => (
              <ReferenceArea
                key={`${lane.provider}-${b.fromMs}`}
                x1={b.fromMs}
                x2={b.toMs}
                y1={y + 0.15}
                y2={y + 0.85}
                fill="#f43f5e"
                fillOpacity={0.75}
                stroke="#f43f5e"
                radius={3}
                ifOverflow="hidden"
              />
            ));
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
