"use client";
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { renderThresholdLines } from "./threshold-lines";
import { AXIS, CHART_BOX, CHART_MARGIN, GRID, timeAxis } from "./chart-theme";
import { ChartTooltip } from "./chart-tooltip";
import { formatBucketTime } from "./prepare/format";

export interface SeriesSpec {
  dataKey: string;
  name: string;
  color: string;
  kind?: "line" | "bar" | "area";
  /** bars or areas with the same stackId add up; lines never stack */
  stackId?: string;
  dashed?: boolean;
}

/**
 * A chart over time. Lines keep their gaps (`connectNulls` false): a bucket without data is
 * drawn as nothing, not as a zero. What is a gap and what is a zero is the preparer's choice.
 */
export function TimeSeriesChart({
  data,
  range,
  series,
  formatValue,
  formatAxis = formatValue,
  yDomain,
  yWidth = 56,
  yTickCount,
  syncId,
  height = "h-56",
  legend = series.length > 1,
  bands = [],
  referenceY,
  thresholds = [],
  onBucketClick,
  testId,
}: {
  data: Array<{ t: number }>;
  range: { fromMs: number; toMs: number };
  series: SeriesSpec[];
  formatValue: (v: number) => string;
  formatAxis?: (v: number) => string;
  yDomain?: React.ComponentProps<typeof YAxis>["domain"];
  yWidth?: number;
  /** fewer ticks for a short chart, so none collide */
  yTickCount?: number;
  syncId?: string;
  height?: string;
  legend?: boolean;
  /** shaded time intervals, e.g. a breaker that was open */
  bands?: Array<{ fromMs: number; toMs: number; color: string; label?: string }>;
  referenceY?: { y: number; label: string; color?: string };
  /** alert thresholds on this chart's metric */
  thresholds?: Array<{ y: number; label: string; color: string }>;
  /** clicking a bucket (e.g. to open its traces) */
  onBucketClick?: (t: number) => void;
  testId?: string;
}) {
  const span = range.toMs - range.fromMs;
  return (
    <div className={`${height} ${CHART_BOX} ${onBucketClick ? "cursor-pointer" : ""}`} data-testid={testId} data-clickable={onBucketClick ? "true" : undefined}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={data}
          syncId={syncId}
          syncMethod="value"
          margin={CHART_MARGIN}
          onClick={
            onBucketClick
              ? (state) => {
                  const index = Number(state?.activeTooltipIndex ?? state?.activeIndex);
                  const t = Number.isInteger(index) ? data[index]?.t : Number(state?.activeLabel);
                  if (t !== undefined && Number.isFinite(t)) onBucketClick(t);
                }
              : undefined
          }
        >
          <CartesianGrid {...GRID} />
          <XAxis {...timeAxis(range)} />
          <YAxis {...AXIS} width={yWidth} tickFormatter={formatAxis} domain={yDomain} tickCount={yTickCount} allowDecimals />
          <Tooltip
            cursor={{ stroke: "currentColor", strokeOpacity: 0.35 }}
            content={(p) => (
              <ChartTooltip
                active={p.active}
                payload={p.payload}
                label={p.label}
                formatLabel={(t) => `${formatBucketTime(Number(t), span)} UTC`}
                formatValue={formatValue}
              />
            )}
          />
          {legend && <Legend itemSorter={null} iconType="plainline" iconSize={14} wrapperStyle={{ fontSize: 11, paddingTop: 4 }} />}
          {bands.map((b) => (
            <ReferenceArea key={`${b.fromMs}-${b.toMs}`} x1={b.fromMs} x2={b.toMs} fill={b.color} fillOpacity={0.15} strokeOpacity={0} ifOverflow="hidden" />
          ))}
          {referenceY && (
            <ReferenceLine
              y={referenceY.y}
              stroke={referenceY.color ?? "#94a3b8"}
              strokeDasharray="4 4"
              label={{ value: referenceY.label, fontSize: 10, position: "insideTopRight", fill: "currentColor" }}
            />
          )}
          {renderThresholdLines(thresholds)}
          {series.map((s) => {
            if (s.kind === "bar")
              return <Bar key={s.dataKey} dataKey={s.dataKey} name={s.name} isAnimationActive={false} stackId={s.stackId} fill={s.color} maxBarSize={18} />;
            if (s.kind === "area")
              return (
                <Area
                  key={s.dataKey}
                  dataKey={s.dataKey}
                  name={s.name}
                  isAnimationActive={false}
                  type="linear"
                  stackId={s.stackId}
                  stroke={s.color}
                  fill={s.color}
                  fillOpacity={0.35}
                  strokeWidth={1.5}
                  connectNulls={false}
                />
              );
            return (
              <Line
                key={s.dataKey}
                dataKey={s.dataKey}
                name={s.name}
                isAnimationActive={false}
                type="linear"
                stroke={s.color}
                strokeWidth={1.6}
                strokeDasharray={s.dashed ? "4 3" : undefined}
                dot={isolatedDot(data, s.dataKey, s.color)}
                activeDot={{ r: 3 }}
                connectNulls={false}
              />
            );
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A bucket between two gaps has no line to sit on: draw it as a dot so it is not lost. */
function isolatedDot(data: Array<{ t: number }>, key: string, color: string) {
  const value = (i: number) => (data[i] as Record<string, unknown> | undefined)?.[key];
  const present = (i: number) => typeof value(i) === "number";
  return (p: { index?: number; cx?: number; cy?: number }) => {
    const i = p.index ?? -1;
    const lone = present(i) && !present(i - 1) && !present(i + 1);
    if (!lone || p.cx == null || p.cy == null) return <g key={`d${i}`} />;
    return <circle key={`d${i}`} cx={p.cx} cy={p.cy} r={2} fill={color} stroke="none" />;
  };
}
