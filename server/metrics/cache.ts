import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { counterSeries } from "./counters";
import type { ResolvedRange } from "./range";
import type { MetricFilters } from "./schema";

/** Exact and semantic hit rates over time (of cache lookups; bypasses are not lookups). */
export async function cacheSeries(db: Database, projectId: string, r: ResolvedRange, filters: MetricFilters = {}) {
  const [s] = await counterSeries(db, projectId, r, { filters });
  const rate = (a: number, b: number) => (b > 0 ? a / b : null);
  return {
    points: (s?.points ?? []).map((p) => ({
      t: p.t,
      lookups: p.cacheLookups,
      exactRate: rate(p.cacheExact, p.cacheLookups),
      semanticRate: rate(p.cacheSemantic, p.cacheLookups),
      hitRate: rate(p.cacheExact + p.cacheSemantic, p.cacheLookups),
    })),
    totals: s
      ? {
          lookups: s.totals.cacheLookups,
          exactRate: rate(s.totals.cacheExact, s.totals.cacheLookups),
          semanticRate: rate(s.totals.cacheSemantic, s.totals.cacheLookups),
          hitRate: rate(s.totals.cacheExact + s.totals.cacheSemantic, s.totals.cacheLookups),
        }
      : { lookups: 0, exactRate: null, semanticRate: null, hitRate: null },
  };
}

export interface CacheSavings {
  taskType: string;
  hits: number;
  misses: number;
  hitMeanMs: number | null;
  missMeanMs: number | null;
  hitMeanCostUsd: number | null;
  missMeanCostUsd: number | null;
  /** per hit, versus a miss of the same task type */
  savedMsPerHit: number | null;
  savedUsdPerHit: number | null;
  savedUsdTotal: number | null;
}

/** What a hit saved versus a miss of the same task type: latency and cost. */
export async function cacheSavings(db: Database, projectId: string, r: ResolvedRange, filters: MetricFilters = {}): Promise<CacheSavings[]> {
  const found = await jsonRows<{ task_type: string; hit: boolean; n: number; ms: number; usd: number }>(
    db,
    sql`SELECT coalesce(task_type, '') AS task_type, cache_outcome IN ('exact_hit', 'semantic_hit') AS hit,
        count(*) AS n, avg(duration_ms) AS ms, avg(cost_usd) AS usd
      FROM traces WHERE project_id = ${projectId}::uuid AND cache_outcome IN ('exact_hit', 'semantic_hit', 'miss')
        AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})
        ${filters.environment ? sql`AND environment = ${filters.environment}` : sql``}
        ${filters.feature ? sql`AND feature = ${filters.feature}` : sql``}
      GROUP BY 1, 2`,
  );
  const byTask = new Map<string, { hit?: (typeof found)[number]; miss?: (typeof found)[number] }>();
  for (const f of found) {
    const e = byTask.get(f.task_type) ?? {};
    if (f.hit) e.hit = f;
    else e.miss = f;
    byTask.set(f.task_type, e);
  }
  return [...byTask.entries()]
    .map(([taskType, { hit, miss }]) => {
      const savedMs = hit && miss ? Number(miss.ms) - Number(hit.ms) : null;
      const savedUsd = hit && miss ? Number(miss.usd) - Number(hit.usd) : null;
      return {
        taskType: taskType || "(none)",
        hits: Number(hit?.n ?? 0),
        misses: Number(miss?.n ?? 0),
        hitMeanMs: hit ? Number(hit.ms) : null,
        missMeanMs: miss ? Number(miss.ms) : null,
        hitMeanCostUsd: hit ? Number(hit.usd) : null,
        missMeanCostUsd: miss ? Number(miss.usd) : null,
        savedMsPerHit: savedMs,
        savedUsdPerHit: savedUsd,
        savedUsdTotal: savedUsd != null ? savedUsd * Number(hit!.n) : null,
      };
    })
    .sort((a, b) => b.hits - a.hits);
}
