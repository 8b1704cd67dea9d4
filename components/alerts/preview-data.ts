import { seriesColor } from "@/components/charts/chart-theme";
import type { SeriesSpec } from "@/components/charts/time-series-chart";

export interface PreviewSeriesIn {
  key: string;
  labels: Record<string, string>;
  points: Array<{ t: number; value: number | null }>;
}

/** A series' name in the legend: its group's label values, or the metric's name when ungrouped. */
export function seriesName(s: { key: string; labels: Record<string, string> }, fallback: string): string {
  const values = Object.values(s.labels);
  return values.length ? values.join(" · ") : s.key || fallback;
}

/**
 * Preview series → chart rows, one row per evaluation time with a column per group. A window
 * without data stays a gap (null), never a zero: a rule does not see a zero there either.
 */
export function preparePreview(series: PreviewSeriesIn[], metricLabel: string): { rows: Array<{ t: number } & Record<string, number | null>>; series: SeriesSpec[] } {
  const byT = new Map<number, { t: number } & Record<string, number | null>>();
  series.forEach((s, i) => {
    for (const p of s.points) {
      const row = byT.get(p.t) ?? { t: p.t };
      row[`s${i}`] = p.value;
      byT.set(p.t, row);
    }
  });
  return {
    rows: [...byT.values()].sort((a, b) => a.t - b.t),
    series: series.map((s, i) => ({ dataKey: `s${i}`, name: seriesName(s, metricLabel), color: seriesColor(i) })),
  };
}

/** The largest value drawn, so the y-axis can be stretched to show the threshold line too. */
export function maxValue(series: PreviewSeriesIn[]): number | null {
  let max: number | null = null;
  for (const s of series) for (const p of s.points) if (p.value !== null && (max === null || p.value > max)) max = p.value;
  return max;
}

/** Whether any window of any series had a value. */
export function hasValues(series: PreviewSeriesIn[]): boolean {
  return maxValue(series) !== null;
}

export interface FiringInterval {
  key: string;
  from: number;
  to: number | null;
}

/** Backtest intervals as shaded bands; one still firing at the end runs to the end of the range. */
export function firingBands(intervals: FiringInterval[], toMs: number, color = "#f43f5e") {
  return intervals.map((i) => ({ fromMs: i.from, toMs: i.to ?? toMs, color }));
}

/** Total time firing, counting overlapping groups once. */
export function firingDurationMs(intervals: FiringInterval[], toMs: number): number {
  const spans = intervals.map((i) => [i.from, i.to ?? toMs] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    const start = Math.max(from, end);
    if (to > start) total += to - start;
    end = Math.max(end, to);
  }
  return total;
}

/** "would have fired 3 times" / "once" / "never" */
export function firesSentence(fires: number, days: number): string {
  const period = days === 1 ? "the last day" : `the last ${days} days`;
  if (fires === 0) return `Over ${period} this rule would not have fired`;
  return `Over ${period} this rule would have fired ${fires === 1 ? "once" : `${fires} times`}`;
}
