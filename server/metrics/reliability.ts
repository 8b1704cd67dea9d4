import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { counterSeries } from "./counters";
import { minutesToIntervals, type Interval } from "./intervals";
import type { ResolvedRange } from "./range";
import type { MetricFilters } from "./schema";

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export interface ReliabilityPoint {
  t: number;
  requests: number;
  /** null where the bucket had no requests */
  errorRate: number | null;
  /** per generation attempt */
  rate429: number | null;
  timeoutRate: number | null;
  rate5xx: number | null;
  /** share of generation attempts that are retries */
  retryRate: number | null;
  /** generation attempts per request: retry amplification */
  attemptsPerRequest: number | null;
  fallbackRate: number | null;
}

/** Error, 429, timeout, 5xx, retry and fallback rates over time, plus totals. */
export async function reliabilitySeries(db: Database, projectId: string, r: ResolvedRange, filters: MetricFilters = {}) {
  const [req, gen] = await Promise.all([
    counterSeries(db, projectId, r, { filters }),
    counterSeries(db, projectId, r, { stage: "generation", filters }),
  ]);
  const reqPts = req[0]?.points ?? [];
  const genPts = new Map((gen[0]?.points ?? []).map((p) => [p.t, p]));
  const points: ReliabilityPoint[] = reqPts.map((p) => {
    const g = genPts.get(p.t);
    return {
      t: p.t,
      requests: p.count,
      errorRate: ratio(p.errors, p.count),
      rate429: g ? ratio(g.rateLimited, g.count) : null,
      timeoutRate: g ? ratio(g.timeouts, g.count) : null,
      rate5xx: g ? ratio(g.serverErrors, g.count) : null,
      retryRate: g ? ratio(g.retries, g.count) : null,
      attemptsPerRequest: g && p.count ? g.count / p.count : null,
      fallbackRate: ratio(p.fallbacks, p.count),
    };
  });
  const t = req[0]?.totals;
  const gt = gen[0]?.totals;
  return {
    points,
    totals: {
      requests: t?.count ?? 0,
      errorRate: t ? ratio(t.errors, t.count) : null,
      rate429: gt ? ratio(gt.rateLimited, gt.count) : null,
      timeoutRate: gt ? ratio(gt.timeouts, gt.count) : null,
      rate5xx: gt ? ratio(gt.serverErrors, gt.count) : null,
      retryRate: gt ? ratio(gt.retries, gt.count) : null,
      attemptsPerRequest: t && gt && t.count ? gt.count / t.count : null,
      fallbackRate: t ? ratio(t.fallbacks, t.count) : null,
    },
  };
}

/** Failed requests by error type over the range (raw traces; failures are few). */
export async function errorsByType(db: Database, projectId: string, r: ResolvedRange, filters: MetricFilters = {}) {
  const found = await jsonRows<{ error_type: string; n: number }>(
    db,
    sql`SELECT coalesce(error_type, 'unknown') AS error_type, count(*) AS n FROM traces
      WHERE project_id = ${projectId}::uuid AND status = 'error'
        AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})
        ${filters.environment ? sql`AND environment = ${filters.environment}` : sql``}
        ${filters.model ? sql`AND model = ${filters.model}` : sql``}
        ${filters.taskType ? sql`AND task_type = ${filters.taskType}` : sql``}
        ${filters.feature ? sql`AND feature = ${filters.feature}` : sql``}
      GROUP BY 1 ORDER BY 2 DESC LIMIT 20`,
  );
  return found.map((f) => ({ errorType: f.error_type, count: Number(f.n) }));
}

/** Which model fell back to which, how often, and how those fallbacks ended. */
export async function fallbackPaths(db: Database, projectId: string, r: ResolvedRange) {
  const found = await jsonRows<{ from_model: string; to_model: string; n: number; ok: number }>(
    db,
    sql`SELECT coalesce(fallback_from_model, '?') AS from_model, coalesce(model, '?') AS to_model,
        count(*) AS n, count(*) FILTER (WHERE status = 'ok') AS ok
      FROM spans WHERE project_id = ${projectId}::uuid AND fallback_index > 0
        AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})
      GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20`,
  );
  return found.map((f) => ({ fromModel: f.from_model, toModel: f.to_model, count: Number(f.n), succeeded: Number(f.ok) }));
}

/**
 * Minutes in which a model's circuit breaker was seen open, merged into intervals. A fallback
 * attempt that reports an open breaker reports the breaker of the model it fell back from.
 */
export async function circuitOpenIntervals(db: Database, projectId: string, r: ResolvedRange): Promise<Interval[]> {
  const found = await jsonRows<{ k: string; m: number }>(
    db,
    sql`SELECT coalesce(CASE WHEN fallback_index > 0 THEN fallback_from_model END, model, provider, '(unknown)') AS k,
        (extract(epoch from date_trunc('minute', start_time)) * 1000)::bigint AS m
      FROM spans WHERE project_id = ${projectId}::uuid AND circuit_state = 'open'
        AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})
      GROUP BY 1, 2`,
  );
  return minutesToIntervals(found.map((f) => ({ key: f.k, minuteMs: Number(f.m) })));
}
