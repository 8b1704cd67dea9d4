import type { MetricsOutput, TimeRange } from "./types";

type ReliabilityResult = MetricsOutput["reliability"];

/** The rate lines, in the order they are drawn; each is a share of requests or of generation attempts. */
export const RATE_SERIES = [
  { key: "errorRate", name: "errors", of: "requests" },
  { key: "rate429", name: "429s", of: "attempts" },
  { key: "timeoutRate", name: "timeouts", of: "attempts" },
  { key: "rate5xx", name: "5xx", of: "attempts" },
  { key: "retryRate", name: "retries", of: "attempts" },
  { key: "fallbackRate", name: "fallbacks", of: "requests" },
] as const;
export type RateKey = (typeof RATE_SERIES)[number]["key"];

export type RatePoint = { t: number; requests: number; attemptsPerRequest: number | null } & Record<RateKey, number | null>;

/** Rates per bucket; a bucket without requests is a gap, not a 0 % (nothing happened, nothing failed). */
export function prepareRates(result: ReliabilityResult): RatePoint[] {
  return result.points.map((p) => {
    const has = p.requests > 0;
    const gap = (v: number | null) => (has ? v : null);
    return {
      t: p.t,
      requests: p.requests,
      errorRate: gap(p.errorRate),
      rate429: gap(p.rate429),
      timeoutRate: gap(p.timeoutRate),
      rate5xx: gap(p.rate5xx),
      retryRate: gap(p.retryRate),
      fallbackRate: gap(p.fallbackRate),
      attemptsPerRequest: gap(p.attemptsPerRequest),
    };
  });
}

export interface BreakerLane {
  provider: string;
  /** open intervals clipped to the range, oldest first */
  bands: Array<{ fromMs: number; toMs: number; minutes: number }>;
  openMinutes: number;
}

/** Circuit-breaker open intervals, one lane per provider (most minutes open first), clipped to the range. */
export function prepareBreakerLanes(intervals: ReliabilityResult["circuitOpen"], range: Pick<TimeRange, "fromMs" | "toMs">): BreakerLane[] {
  const lanes = new Map<string, BreakerLane>();
  for (const i of intervals) {
    const fromMs = Math.max(i.fromMs, range.fromMs);
    const toMs = Math.min(i.toMs, range.toMs);
    if (toMs <= fromMs) continue;
    const lane = lanes.get(i.key) ?? { provider: i.key, bands: [], openMinutes: 0 };
    lane.bands.push({ fromMs, toMs, minutes: i.minutes });
    lane.openMinutes += i.minutes;
    lanes.set(i.key, lane);
  }
  for (const lane of lanes.values()) lane.bands.sort((a, b) => a.fromMs - b.fromMs);
  return [...lanes.values()].sort((a, b) => b.openMinutes - a.openMinutes || a.provider.localeCompare(b.provider));
}

/** Each error type with its share of all failed requests, for a bar list. */
export function prepareErrorTypes(rows: ReliabilityResult["errorsByType"]): Array<{ errorType: string; count: number; share: number }> {
  const total = rows.reduce((n, r) => n + r.count, 0);
  return rows.map((r) => ({ ...r, share: total ? r.count / total : 0 }));
}

/** Fallback paths with the share of them that ended well. */
export function prepareFallbackPaths(rows: ReliabilityResult["fallbackPaths"]) {
  return rows.map((r) => ({ ...r, successRate: r.count ? r.succeeded / r.count : null }));
}
