import type { MetricsOutput } from "./types";

type LatencyResult = MetricsOutput["latency"];

export interface PercentilePoint {
  t: number;
  count: number;
  /** percentiles: a bucket without requests is a gap (null), never a zero */
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
}

/** The p50/p90/p95/p99 lines of the ungrouped series. */
export function preparePercentiles(result: LatencyResult): PercentilePoint[] {
  const points = result.series[0]?.points ?? [];
  return points.map((p) => {
    const has = p.count > 0;
    return { t: p.t, count: p.count, p50: has ? p.p50 : null, p90: has ? p.p90 : null, p95: has ? p.p95 : null, p99: has ? p.p99 : null };
  });
}

export interface GroupedSeries {
  /** one entry per group; `dataKey` is safe for recharts whatever the group's name */
  groups: Array<{ key: string; dataKey: string; count: number }>;
  points: Array<{ t: number } & Record<string, number | null>>;
}

/** p95 per group, one column per group (`g0`, `g1`, …), largest group first; gaps where a group had no requests. */
export function prepareP95ByGroup(result: LatencyResult): GroupedSeries {
  const groups = result.series.map((s, i) => ({
    key: s.key,
    dataKey: `g${i}`,
    count: s.points.reduce((n, p) => n + p.count, 0),
  }));
  const byT = new Map<number, { t: number } & Record<string, number | null>>();
  result.series.forEach((s, i) => {
    for (const p of s.points) {
      const row = byT.get(p.t) ?? { t: p.t };
      row[`g${i}`] = p.count > 0 ? p.p95 : null;
      byT.set(p.t, row);
    }
  });
  return { groups, points: [...byT.values()].sort((a, b) => a.t - b.t) };
}

/** True when no bucket of any series had a request. */
export function latencyIsEmpty(result: LatencyResult): boolean {
  return result.series.every((s) => s.points.every((p) => p.count === 0));
}
