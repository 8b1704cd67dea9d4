import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { LatencySketch } from "@/server/rollup/sketch";
import { ROLLUP_COLUMN, rollupFrom, rollupTotalsFrom, rollupWhere } from "./filters-sql";
import type { ResolvedRange } from "./range";
import type { GroupBy, MetricFilters } from "./schema";

export type SketchColumn = "duration_sketch" | "ttft_sketch" | "tpot_sketch";

/**
 * Rollup sketches merged per group (and per minute when `perMinute`): merging is exact, so any
 * percentile of any grouping is within the sketch's 0.54 % of the exact value.
 */
export async function mergedSketches(
  db: Database,
  projectId: string,
  r: ResolvedRange,
  opts: { column: SketchColumn; stage?: string | null; filters?: MetricFilters; groupBy?: GroupBy[]; perMinute?: boolean },
): Promise<Map<string, LatencySketch>> {
  const groups = opts.groupBy ?? [];
  const cols = [...(opts.perMinute ? ["(extract(epoch from minute) * 1000)::bigint"] : []), ...groups.map((g) => ROLLUP_COLUMN[g])];
  const keyExpr = cols.length ? sql.raw(`concat_ws('|', ${cols.join(", ")})`) : sql.raw("''");
  const found = await jsonRows<{ g: string; k: string; c: number }>(
    db,
    sql`SELECT ${keyExpr} AS g, e.key AS k, sum(e.value::bigint) AS c
      FROM ${opts.perMinute ? rollupFrom(r, true) : rollupTotalsFrom(r)}, jsonb_each_text(${sql.raw(opts.column)}) AS e
      WHERE ${rollupWhere(projectId, r, opts.stage === undefined ? "request" : opts.stage, opts.filters ?? {})}
      GROUP BY 1, 2`,
  );
  const stored = new Map<string, Record<string, number>>();
  for (const row of found) {
    const s = stored.get(row.g) ?? {};
    s[row.k] = Number(row.c);
    stored.set(row.g, s);
  }
  return new Map([...stored].map(([g, s]) => [g, LatencySketch.fromStored(s)]));
}
