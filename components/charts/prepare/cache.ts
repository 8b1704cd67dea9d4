import type { MetricsOutput } from "./types";

type CacheResult = MetricsOutput["cache"];

export interface CacheRatePoint {
  t: number;
  lookups: number;
  /** shares of lookups; a bucket without lookups is a gap */
  exactRate: number | null;
  semanticRate: number | null;
}

export function prepareCacheRates(result: CacheResult): CacheRatePoint[] {
  return result.points.map((p) => ({
    t: p.t,
    lookups: p.lookups,
    exactRate: p.lookups > 0 ? p.exactRate : null,
    semanticRate: p.lookups > 0 ? p.semanticRate : null,
  }));
}

/** Savings per task type plus the total a hit saved across them. */
export function prepareCacheSavings(rows: CacheResult["savings"]) {
  const savedUsdTotal = rows.reduce((n, r) => n + (r.savedUsdTotal ?? 0), 0);
  const savedMsTotal = rows.reduce((n, r) => n + (r.savedMsPerHit != null ? r.savedMsPerHit * r.hits : 0), 0);
  return {
    rows: rows.map((r) => ({ ...r, hitRate: r.hits + r.misses > 0 ? r.hits / (r.hits + r.misses) : null })),
    savedUsdTotal,
    savedMsTotal,
  };
}
