import { describe, expect, it } from "vitest";
import { LatencySketch, relativeAccuracy } from "@/server/rollup/sketch";
import { slideWindows, windowStart, type MinuteCell } from "./window";

const M = 60_000;
const T0 = Date.UTC(2026, 10, 22, 12, 0);

/** Deterministic pseudo-random numbers (tests must not flake). */
function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/** Minutes of latencies, some empty, kept raw so exact answers can be computed. */
function minutes(n: number, seed: number) {
  const rnd = lcg(seed);
  const raw: Array<{ t: number; values: number[]; errors: number }> = [];
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.2) continue; // a minute without traffic
    const values = Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => Math.round(50 + rnd() ** 4 * 8000));
    raw.push({ t: T0 + i * M, values, errors: Math.floor(rnd() * 3) });
  }
  const cells: MinuteCell[] = raw.map((m) => {
    const s = new LatencySketch();
    m.values.forEach((v) => s.add(v));
    return { t: m.t, count: m.values.length, num: m.errors, den: m.values.length, buckets: s.toStored(), max: Math.max(...m.values) };
  });
  return { raw, cells };
}

function exactQuantile(values: number[], q: number) {
  const v = [...values].sort((a, b) => a - b);
  const rank = q * (v.length - 1);
  const lo = Math.floor(rank);
  return lo + 1 < v.length ? v[lo]! + (v[lo + 1]! - v[lo]!) * (rank - lo) : v[lo]!;
}

describe("windowStart", () => {
  it("includes every minute overlapping the window", () => {
    expect(windowStart(T0 + 5 * M + 40_000, 5 * M)).toBe(T0);
    expect(windowStart(T0 + 5 * M, 5 * M)).toBe(T0);
  });
});

describe("slideWindows", () => {
  const { raw, cells } = minutes(600, 7);
  const ends = Array.from({ length: 120 }, (_, k) => T0 + 30_000 + k * 5 * M);

  it.each([
    ["5 min", 5 * M],
    ["1 h", 60 * M],
    ["90 s", 90_000],
  ])("p95 of a sliding %s window stays within the sketch's α of the exact value", (_, windowMs) => {
    const got = slideWindows(cells, ends, windowMs, { kind: "quantile", q: 0.95 });
    let checked = 0;
    got.forEach((w) => {
      const values = raw.filter((m) => m.t >= windowStart(w.t, windowMs) && m.t < w.t).flatMap((m) => m.values);
      if (!values.length) return expect(w.value).toBeNull();
      checked++;
      expect(w.count).toBe(values.length);
      expect(Math.abs(w.value! - exactQuantile(values, 0.95)) / exactQuantile(values, 0.95)).toBeLessThanOrEqual(relativeAccuracy() + 1e-9);
    });
    expect(checked).toBeGreaterThan(50);
  });

  it("max, error percentage and requests per second equal the brute-force answers", () => {
    const windowMs = 10 * M;
    const maxes = slideWindows(cells, ends, windowMs, { kind: "max" });
    const pct = slideWindows(cells, ends, windowMs, { kind: "percent" });
    const rps = slideWindows(cells, ends, windowMs, { kind: "per_second" });
    ends.forEach((end, k) => {
      const inside = raw.filter((m) => m.t >= windowStart(end, windowMs) && m.t < end);
      const values = inside.flatMap((m) => m.values);
      const errors = inside.reduce((n, m) => n + m.errors, 0);
      expect(maxes[k]!.value).toBe(values.length ? Math.max(...values) : null);
      expect(pct[k]!.value).toBe(values.length ? (errors / values.length) * 100 : null);
      // requests/s: a window without traffic is 0 req/s, not "no data"
      expect(rps[k]!.value).toBeCloseTo(errors / 600, 12);
    });
  });

  it("per hour scales a window sum to an hour", () => {
    const cost: MinuteCell[] = [{ t: T0, count: 1, num: 0.5, den: 0 }, { t: T0 + M, count: 1, num: 0.25, den: 0 }];
    expect(slideWindows(cost, [T0 + 5 * M], 5 * M, { kind: "per_hour" })[0]!.value).toBeCloseTo(9, 12);
  });

  it("a mean of gauges is gapped where no sample landed", () => {
    const gauges: MinuteCell[] = [{ t: T0, count: 2, num: 150, den: 2 }];
    const got = slideWindows(gauges, [T0 + M, T0 + 20 * M], 5 * M, { kind: "mean" });
    expect(got.map((g) => g.value)).toEqual([75, null]);
  });
});
