import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { bucketStarts, ROLLUP_COLUMN, rollupFrom, rollupTotalsFrom, rollupWhere } from "./filters-sql";
import type { ResolvedRange } from "./range";
import type { GroupBy, MetricFilters } from "./schema";

/** Additive counters of rollup rows; every family that needs rates or sums reads these. */
export interface Counters {
  count: number;
  errors: number;
  rateLimited: number;
  timeouts: number;
  serverErrors: number;
  retries: number;
  attempts: number;
  fallbacks: number;
  circuitOpen: number;
  cacheExact: number;
  cacheSemantic: number;
  cacheLookups: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  durationSumMs: number;
}

export const ZERO: Counters = {
  count: 0, errors: 0, rateLimited: 0, timeouts: 0, serverErrors: 0, retries: 0, attempts: 0, fallbacks: 0,
  circuitOpen: 0, cacheExact: 0, cacheSemantic: 0, cacheLookups: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0,
  costUsd: 0, durationSumMs: 0,
};

const SUMS = sql.raw(`sum(count) AS count, sum(count) FILTER (WHERE status = 'error') AS errors,
  sum(rate_limited) AS "rateLimited", sum(timeouts) AS timeouts, sum(server_errors) AS "serverErrors",
  sum(retries) AS retries, sum(attempts) AS attempts, sum(fallbacks) AS fallbacks, sum(circuit_open) AS "circuitOpen",
  sum(cache_exact) AS "cacheExact", sum(cache_semantic) AS "cacheSemantic", sum(cache_lookups) AS "cacheLookups",
  sum(input_tokens) AS "inputTokens", sum(output_tokens) AS "outputTokens", sum(cached_tokens) AS "cachedTokens",
  sum(cost_usd) AS "costUsd", sum(duration_sum_ms) AS "durationSumMs"`);

function toCounters(row: Record<string, unknown>): Counters {
  const out = { ...ZERO };
  for (const k of Object.keys(ZERO) as (keyof Counters)[]) out[k] = Number(row[k] ?? 0);
  return out;
}

export interface CounterSeries {
  key: string;
  totals: Counters;
  /** every bucket of the range; an empty bucket holds zeros */
  points: Array<{ t: number } & Counters>;
}

/**
 * Counters per time bucket (and per group), from the per-minute rollups.
 * `stage` "request" reads end-to-end rows; a pipeline stage reads that stage's spans.
 */
export async function counterSeries(
  db: Database,
  projectId: string,
  r: ResolvedRange,
  opts: { stage?: string; filters?: MetricFilters; groupBy?: GroupBy; maxGroups?: number } = {},
): Promise<CounterSeries[]> {
  const group = sql.raw(opts.groupBy ? ROLLUP_COLUMN[opts.groupBy] : "''");
  const found = await jsonRows<Record<string, unknown> & { b: number; g: string }>(
    db,
    sql`SELECT floor(extract(epoch from minute) / ${r.bucketS})::bigint AS b, ${group} AS g, ${SUMS}
      FROM ${rollupFrom(r)} WHERE ${rollupWhere(projectId, r, opts.stage ?? "request", opts.filters ?? {})}
      GROUP BY 1, 2`,
  );
  const starts = bucketStarts(r);
  const byKey = new Map<string, Map<number, Counters>>();
  for (const row of found) {
    const pts = byKey.get(row.g) ?? new Map<number, Counters>();
    pts.set(Number(row.b) * r.bucketS * 1000, toCounters(row));
    byKey.set(row.g, pts);
  }
  const series = [...byKey.entries()].map(([key, pts]) => {
    const totals = { ...ZERO };
    for (const c of pts.values()) for (const k of Object.keys(ZERO) as (keyof Counters)[]) totals[k] += c[k];
    return { key: key || "(none)", totals, points: starts.map((t) => ({ t, ...(pts.get(t) ?? ZERO) })) };
  });
  series.sort((a, b) => b.totals.count - a.totals.count);
  return series.slice(0, opts.maxGroups ?? 10);
}

/** Totals over the whole range by group (no time buckets): per model, per feature, per stage… */
export async function counterTotals(
  db: Database,
  projectId: string,
  r: ResolvedRange,
  opts: { stage?: string | null; filters?: MetricFilters; groupBy: GroupBy | Array<GroupBy> },
): Promise<Array<{ key: string[] } & Counters>> {
  const groups = Array.isArray(opts.groupBy) ? opts.groupBy : [opts.groupBy];
  const cols = sql.raw(groups.map((g) => ROLLUP_COLUMN[g]).join(", "));
  const found = await jsonRows<Record<string, unknown>>(
    db,
    sql`SELECT ${cols}, ${SUMS} FROM ${rollupTotalsFrom(r)}
      WHERE ${rollupWhere(projectId, r, opts.stage === undefined ? "request" : opts.stage, opts.filters ?? {})}
      GROUP BY ${cols}`,
  );
  return found.map((row) => ({ key: groups.map((g) => String(row[ROLLUP_COLUMN[g]] ?? "")), ...toCounters(row) }));
}
