import { describe, expect, it } from "vitest";
import { bucketIndex, bucketUpperBound, CountsAccumulator, decodeCountsRecord, encodeCounts, gammaFor, LatencySketch, relativeAccuracy } from "./sketch";

/** PostgreSQL percentile_cont, computed exactly. */
function percentileCont(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const r = q * (s.length - 1);
  const lo = Math.floor(r);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (r - lo);
}

/** Deterministic log-normal samples (Box–Muller over a seeded LCG). */
function logNormal(n: number, mu: number, sigma: number, seed = 1): number[] {
  let state = seed >>> 0;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Array.from({ length: n }, () => Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand())));
}

describe("mapping", () => {
  it("has the documented accuracy at scale 6", () => {
    expect(gammaFor(6)).toBeCloseTo(2 ** (1 / 64), 15);
    expect(relativeAccuracy(6)).toBeCloseTo(0.005415, 6);
    expect(relativeAccuracy(5)).toBeGreaterThan(0.01);
  });

  it.each([1, 2, 1024, 0.5, 3, 1000, 2000, 1e-3, 123456.789])("puts %s in (γ^i, γ^(i+1)]", (x) => {
    const i = bucketIndex(x);
    expect(bucketUpperBound(i)).toBeGreaterThanOrEqual(x);
    expect(bucketUpperBound(i - 1)).toBeLessThan(x);
  });

  it("matches the OpenTelemetry mapping at powers of two (upper-inclusive)", () => {
    // OTel: at scale 6, the value 2^k falls in bucket 64k − 1
    expect(bucketIndex(1)).toBe(-1);
    expect(bucketIndex(2)).toBe(63);
    expect(bucketIndex(1024)).toBe(10 * 64 - 1);
  });
});

describe("LatencySketch", () => {
  const alpha = relativeAccuracy();

  it.each([
    ["log-normal latencies", logNormal(20_000, Math.log(800), 0.9)],
    ["heavy tail", logNormal(5_000, Math.log(300), 2.0, 7)],
    ["few values", [120, 340, 560, 2200, 9000]],
    ["identical values", Array.from({ length: 100 }, () => 1500)],
  ])("estimates percentiles of %s within α of percentile_cont", (_name, values) => {
    const sketch = new LatencySketch();
    for (const v of values) sketch.add(v);
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = percentileCont(values, q);
      const est = sketch.quantile(q)!;
      expect(Math.abs(est - exact) / exact).toBeLessThanOrEqual(alpha + 1e-12);
    }
    expect(sketch.quantile(0)).toBe(Math.min(...values));
    expect(sketch.quantile(1)).toBe(Math.max(...values));
  });

  it("merges exactly: merged parts equal the sketch of the whole", () => {
    const values = logNormal(10_000, Math.log(500), 1.2, 3);
    const whole = new LatencySketch();
    values.forEach((v) => whole.add(v));
    const parts = [new LatencySketch(), new LatencySketch(), new LatencySketch()];
    values.forEach((v, i) => parts[i % 3]!.add(v));
    const merged = new LatencySketch();
    for (const p of parts) merged.merge(LatencySketch.fromDense(JSON.parse(JSON.stringify(p.toDense()))));
    expect(merged.toDense()).toEqual({ ...whole.toDense(), sum: merged.sum });
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
    for (const q of [0.5, 0.95, 0.99]) expect(merged.quantile(q)).toBe(whole.quantile(q));
  });

  it("counts zero durations and ignores NaN", () => {
    const s = new LatencySketch().add(0, 3).add(NaN).add(10);
    expect(s.count).toBe(4);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(1)).toBe(10);
    expect(new LatencySketch().quantile(0.5)).toBeNull();
  });

  it("refuses to merge different scales", () => {
    expect(() => new LatencySketch(6).merge(new LatencySketch(5))).toThrow(/scale/);
  });
});

describe("countAtMost", () => {
  it("counts observations at or below a value, within α at the boundary", () => {
    const s = new LatencySketch();
    for (const v of [0, 100, 500, 1000, 1999, 2000, 2001, 2100, 5000]) s.add(v);
    expect(s.countAtMost(-1)).toBe(0);
    expect(s.countAtMost(0)).toBe(1);
    expect(s.countAtMost(1000)).toBe(4);
    // 1999, 2000 and 2001 share 2000's bucket (0.54 % wide): all count as "≤ 2 s"
    expect(s.countAtMost(2000)).toBe(7);
    expect(s.countAtMost(2090)).toBe(7);
    expect(s.countAtMost(10_000)).toBe(9);
  });
});

describe("text form of the counts (rollup storage)", () => {
  it("encodes the documented example and an empty sketch", () => {
    expect(encodeCounts({ z: 2, 5: 3, 6: 1, 9: 4 })).toBe("z2,5:3,1,3:4");
    expect(encodeCounts({})).toBe("");
    expect(encodeCounts({ "-3": 1, "-2": 2, 0: 5 })).toBe("-3:1,2,2:5");
    expect(decodeCountsRecord("z2,5:3,1,3:4")).toEqual({ z: 2, 5: 3, 6: 1, 9: 4 });
    expect(decodeCountsRecord("")).toEqual({});
  });

  it("round-trips real sketches exactly, and adding text forms merges like merge()", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 50; t++) {
      const a = new LatencySketch();
      const b = new LatencySketch();
      for (let i = 0; i < 300; i++) {
        a.add(rnd() < 0.05 ? 0 : Math.exp(rnd() * 14 - 4)); // 0.02 ms … 20 s, some zeros
        b.add(rnd() * 5000);
      }
      expect(decodeCountsRecord(encodeCounts(a.buckets, a.zero))).toEqual(a.toStored());
      const viaText = new CountsAccumulator().add(encodeCounts(a.buckets, a.zero)).add(encodeCounts(b.buckets, b.zero)).toSketch(Math.max(a.max, b.max));
      const direct = LatencySketch.fromStored(a.toStored()).merge(LatencySketch.fromStored(b.toStored()));
      expect(viaText.count).toBe(600);
      expect([...viaText.buckets].sort((x, y) => x[0] - y[0])).toEqual([...direct.buckets].sort((x, y) => x[0] - y[0]));
      expect(viaText.zero).toBe(direct.zero);
      const fromStored = LatencySketch.fromStored(direct.toStored(), Math.max(a.max, b.max));
      for (const q of [0.5, 0.95, 0.99]) expect(viaText.quantile(q)).toBe(fromStored.quantile(q));
    }
  });

  it("refuses malformed text instead of reading wrong counts", () => {
    for (const bad of ["5", "5:", ":3", "5:3,", "5:3,,1", "5:3,1:2", "5:3,-1:2", "5:3,z2", "z", "zz1", "5:3;1", "5:x", "5:3,-2"]) {
      expect(() => decodeCountsRecord(bad), bad).toThrow(/malformed sketch/);
    }
  });
});
