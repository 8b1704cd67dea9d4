import { describe, expect, it } from "vitest";
import { prepareCacheRates, prepareCacheSavings } from "./cache";
import type { MetricsOutput } from "./types";

const result = (points: MetricsOutput["cache"]["points"]) => ({ points }) as MetricsOutput["cache"];

describe("prepareCacheRates", () => {
  it.each([
    ["shares of lookups", { t: 0, lookups: 10, exactRate: 0.1, semanticRate: 0.2, hitRate: 0.3 }, { exactRate: 0.1, semanticRate: 0.2 }],
    ["no lookups: a gap", { t: 0, lookups: 0, exactRate: 0, semanticRate: 0, hitRate: 0 }, { exactRate: null, semanticRate: null }],
  ])("%s", (_n, p, expected) => expect(prepareCacheRates(result([p]))[0]).toMatchObject(expected));
});

describe("prepareCacheSavings", () => {
  const row = (taskType: string, hits: number, misses: number, savedMsPerHit: number | null, savedUsdPerHit: number | null) => ({
    taskType, hits, misses, hitMeanMs: null, missMeanMs: null, hitMeanCostUsd: null, missMeanCostUsd: null,
    savedMsPerHit, savedUsdPerHit, savedUsdTotal: savedUsdPerHit == null ? null : savedUsdPerHit * hits,
  });
  it("adds up what hits saved and gives each task type its hit rate", () => {
    const out = prepareCacheSavings([row("chat", 2, 8, 1000, 0.01), row("extract", 1, 0, null, null)]);
    expect(out.savedUsdTotal).toBeCloseTo(0.02);
    expect(out.savedMsTotal).toBe(2000);
    expect(out.rows.map((r) => r.hitRate)).toEqual([0.2, 1]);
  });
});
