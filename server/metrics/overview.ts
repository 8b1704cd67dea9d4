import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import type { ResolvedRange } from "./range";

export interface OverviewTotals {
  requests: number;
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  ttftP95Ms: number | null;
  outputTokens: number;
  costUsd: number;
  cacheHitRate: number | null;
}

export interface OverviewPoint {
  t: number;
  requests: number;
  errors: number;
  /** null where the bucket had no requests: a gap on the chart, not a zero. */
  p95Ms: number | null;
}

const num = (v: unknown) => (v == null ? null : Number(v));

/** Request-level (trace) totals for the range. Exact percentiles over raw rows. */
export async function overviewTotals(db: Database, projectId: string, r: ResolvedRange): Promise<OverviewTotals> {
  const [row] = await rows<Record<string, unknown>>(
    db,
    sql`
    SELECT count(*) AS requests,
      count(*) FILTER (WHERE status = 'error') AS errors,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p95,
      coalesce(sum(output_tokens), 0) AS output_tokens,
      coalesce(sum(cost_usd), 0) AS cost_usd,
      count(*) FILTER (WHERE cache_outcome IN ('exact_hit', 'semantic_hit')) AS cache_hits,
      count(*) FILTER (WHERE cache_outcome IS NOT NULL AND cache_outcome <> 'bypass') AS cache_lookups
    FROM traces
    WHERE project_id = ${projectId}::uuid
      AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})`,
  );
  const requests = Number(row?.requests ?? 0);
  const errors = Number(row?.errors ?? 0);
  const lookups = Number(row?.cache_lookups ?? 0);
  return {
    requests,
    errors,
    errorRate: requests ? errors / requests : null,
    p50Ms: num(row?.p50),
    p95Ms: num(row?.p95),
    p99Ms: num(row?.p99),
    ttftP95Ms: num(row?.ttft_p95),
    outputTokens: Number(row?.output_tokens ?? 0),
    costUsd: Number(row?.cost_usd ?? 0),
    cacheHitRate: lookups ? Number(row?.cache_hits ?? 0) / lookups : null,
  };
}

/** Requests, errors and p95 per bucket; every bucket of the range is present. */
export async function overviewSeries(db: Database, projectId: string, r: ResolvedRange): Promise<OverviewPoint[]> {
  const found = await rows<{ b: string; requests: string; errors: string; p95: number | null }>(
    db,
    sql`
    SELECT floor(extract(epoch from start_time) / ${r.bucketS})::bigint AS b,
      count(*) AS requests,
      count(*) FILTER (WHERE status = 'error') AS errors,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
    FROM traces
    WHERE project_id = ${projectId}::uuid
      AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})
    GROUP BY 1`,
  );
  const byBucket = new Map(found.map((f) => [Number(f.b), f]));
  const first = Math.floor(r.fromMs / 1000 / r.bucketS);
  const last = Math.floor((r.toMs - 1) / 1000 / r.bucketS);
  const out: OverviewPoint[] = [];
  for (let b = first; b <= last; b++) {
    const f = byBucket.get(b);
    out.push({
      t: b * r.bucketS * 1000,
      requests: f ? Number(f.requests) : 0,
      errors: f ? Number(f.errors) : 0,
      p95Ms: f ? num(f.p95) : null,
    });
  }
  return out;
}
