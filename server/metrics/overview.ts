import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { LatencySketch } from "@/server/rollup/sketch";
import { rollupTotalsFrom } from "./filters-sql";
import type { ResolvedRange } from "./range";
import { mergeStoredSketches } from "./sketches";

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

/** The same totals from the per-minute rollups (percentiles within the sketch's 0.54 %). */
export async function overviewTotalsFromRollups(db: Database, projectId: string, r: ResolvedRange): Promise<OverviewTotals> {
  const where = sql`project_id = ${projectId}::uuid AND stage = 'request'
    AND minute >= to_timestamp(${Math.floor(r.fromMs / 60_000) * 60}) AND minute < to_timestamp(${r.toMs / 1000})`;
  const [row] = await rows<Record<string, unknown>>(
    db,
    sql`SELECT coalesce(sum(count), 0) AS requests, coalesce(sum(count) FILTER (WHERE status = 'error'), 0) AS errors,
      coalesce(sum(output_tokens), 0) AS output_tokens, coalesce(sum(cost_usd), 0) AS cost_usd,
      coalesce(sum(cache_exact + cache_semantic), 0) AS cache_hits, coalesce(sum(cache_lookups), 0) AS cache_lookups,
      max(duration_max_ms) AS max_ms
    FROM ${rollupTotalsFrom(r)} WHERE ${where}`,
  );
  const merged = async (column: "duration_sketch" | "ttft_sketch") =>
    (await mergeStoredSketches(db, { from: rollupTotalsFrom(r), where, column, key: sql`''` })).get("") ?? new LatencySketch();
  const [duration, ttft] = await Promise.all([merged("duration_sketch"), merged("ttft_sketch")]);
  if (row?.max_ms != null) duration.max = Number(row.max_ms);
  const requests = Number(row?.requests ?? 0);
  const errors = Number(row?.errors ?? 0);
  const lookups = Number(row?.cache_lookups ?? 0);
  return {
    requests,
    errors,
    errorRate: requests ? errors / requests : null,
    p50Ms: duration.quantile(0.5),
    p95Ms: duration.quantile(0.95),
    p99Ms: duration.quantile(0.99),
    ttftP95Ms: ttft.quantile(0.95),
    outputTokens: Number(row?.output_tokens ?? 0),
    costUsd: Number(row?.cost_usd ?? 0),
    cacheHitRate: lookups ? Number(row?.cache_hits ?? 0) / lookups : null,
  };
}
