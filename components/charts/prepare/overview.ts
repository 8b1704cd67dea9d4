import { formatBucketTime } from "./format";

export interface OverviewPointIn {
  t: number;
  requests: number;
  errors: number;
  p95Ms: number | null;
}

export interface OverviewChartPoint {
  t: number;
  label: string;
  /** counts: an empty bucket is a zero */
  ok: number;
  errors: number;
  /** percentile: an empty bucket is a gap (null) */
  p95Ms: number | null;
  errorRate: number | null;
}

export function prepareOverviewSeries(points: OverviewPointIn[], range: { fromMs: number; toMs: number }): OverviewChartPoint[] {
  const span = range.toMs - range.fromMs;
  return points.map((p) => ({
    t: p.t,
    label: formatBucketTime(p.t, span),
    ok: p.requests - p.errors,
    errors: p.errors,
    p95Ms: p.requests > 0 ? p.p95Ms : null,
    errorRate: p.requests > 0 ? p.errors / p.requests : null,
  }));
}
