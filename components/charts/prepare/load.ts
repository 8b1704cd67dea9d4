import type { MetricsOutput } from "./types";

type LoadCurve = MetricsOutput["load"]["byRps"];

export interface LoadChartPoint {
  x: number;
  requests: number;
  minutes: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function prepareLoadCurve(curve: LoadCurve): { points: LoadChartPoint[]; kneeX: number | null; baselineP95Ms: number | null } {
  return {
    points: [...curve.points]
      .sort((a, b) => a.x - b.x)
      .map((p) => ({ x: p.x, requests: p.requests, minutes: p.minutes, p50: p.p50Ms, p95: p.p95Ms, p99: p.p99Ms })),
    kneeX: curve.knee.x,
    baselineP95Ms: curve.knee.baselineP95Ms,
  };
}

/** Load label: two significant digits below 10 (0.05, 2.5), whole numbers above. */
export function formatLoad(x: number, unit: "rps" | "concurrency"): string {
  const n = x === 0 ? "0" : x < 10 ? String(+x.toPrecision(2)) : Math.round(x).toLocaleString("en-US");
  return unit === "rps" ? `${n} req/s` : n;
}
