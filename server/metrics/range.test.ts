import { describe, expect, it } from "vitest";
import { resolveRange } from "./range";

describe("resolveRange", () => {
  const now = Date.UTC(2026, 10, 22, 12);
  it.each([
    ["15m", 10],
    ["1h", 10],
    ["6h", 60],
    ["24h", 300],
    ["7d", 1800],
    ["30d", 7200],
  ] as const)("%s uses %is buckets (≤ 500 points)", (range, bucketS) => {
    const r = resolveRange({ range }, now);
    expect(r.bucketS).toBe(bucketS);
    expect((r.toMs - r.fromMs) / 1000 / r.bucketS).toBeLessThanOrEqual(500);
  });
  it("honours a custom range", () => {
    expect(resolveRange({ from: now - 3_600_000, to: now }, now, 120)).toEqual({ fromMs: now - 3_600_000, toMs: now, bucketS: 30 });
  });
});
