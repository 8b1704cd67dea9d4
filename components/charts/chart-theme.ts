import { formatTimeTick } from "./prepare/format";
import { timeTicks } from "./prepare/time-ticks";

/** Axis text and lines follow the surrounding text colour, so one chart reads in light and dark. */
export const AXIS = {
  tick: { fontSize: 11, fill: "currentColor" },
  stroke: "currentColor",
  strokeOpacity: 0.25,
  tickLine: false,
} as const;

export const GRID = { strokeDasharray: "3 3", stroke: "currentColor", strokeOpacity: 0.12, vertical: false } as const;

export const CHART_MARGIN = { top: 6, right: 12, left: 0, bottom: 0 };

/** The wrapper of every chart: its colour is the axis colour. */
export const CHART_BOX = "text-slate-500 dark:text-slate-400";

/** Mid-tone colours that keep their contrast on white and on slate-900. */
export const PERCENTILE_COLORS = { p50: "#38bdf8", p90: "#818cf8", p95: "#f59e0b", p99: "#f43f5e" } as const;

export const SERIES_COLORS = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#f43f5e", "#a855f7", "#14b8a6", "#eab308", "#ec4899", "#64748b"];

export const STAGE_COLORS: Record<string, string> = {
  network: "#94a3b8",
  queue: "#f97316",
  retrieval: "#14b8a6",
  prefill: "#a855f7",
  generation: "#6366f1",
  tool: "#eab308",
  cache: "#10b981",
  postprocess: "#ec4899",
  other: "#64748b",
};

export const seriesColor = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length]!;

/** Props of a numeric time x-axis over the whole range, so gaps sit where the time is and synced charts line up. */
export function timeAxis(range: { fromMs: number; toMs: number }) {
  const span = range.toMs - range.fromMs;
  return {
    ...AXIS,
    dataKey: "t",
    type: "number" as const,
    domain: [range.fromMs, range.toMs] as [number, number],
    ticks: timeTicks(range),
    tickFormatter: (v: number) => formatTimeTick(v, span),
    minTickGap: 24,
  };
}
