import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { CountsAccumulator, type LatencySketch } from "@/server/rollup/sketch";
import { ROLLUP_COLUMN, rollupFrom, rollupTotalsFrom, rollupWhere } from "./filters-sql";
import type { ResolvedRange } from "./range";
import type { GroupBy, MetricFilters } from "./schema";

export type SketchColumn = "duration_sketch" | "ttft_sketch" | "tpot_sketch";

/**
 * Reads the stored sketches (text form, see encodeCounts) of the rollup rows `from … where`, one
 * row per key, and merges them per key here by adding bucket counts. Merging in the database
 * (unpacking every bucket of every row into a tuple, then GROUP BY) was 5–10× slower than handing
 * the compact text over once and adding it up in JavaScript; the result is the same, exactly.
 * With `withMax`, each sketch's max is the rows' true duration_max_ms.
 */
export async function mergeStoredSketches(
  db: Database,
  opts: { from: SQL; where: SQL; column: SketchColumn; key: SQL; withMax?: boolean },
): Promise<Map<string, LatencySketch>> {
  if (opts.withMax && opts.column !== "duration_sketch") throw new Error("duration_max_ms is the max of duration_sketch only");
  const found = await jsonRows<{ g: string; s: string; m?: number | null }>(
    db,
    sql`SELECT ${opts.key} AS g, ${sql.raw(opts.column)} AS s${opts.withMax ? sql`, duration_max_ms AS m` : sql``}
      FROM ${opts.from} WHERE ${opts.where} AND ${sql.raw(opts.column)} <> ''`,
  );
  const sums = new Map<string, CountsAccumulator>();
  const maxes = new Map<string, number>();
  for (const row of found) {
    const g = String(row.g);
    let acc = sums.get(g);
    if (!acc) sums.set(g, (acc = new CountsAccumulator()));
    acc.add(row.s);
    if (row.m != null) maxes.set(g, Math.max(maxes.get(g) ?? -Infinity, Number(row.m)));
  }
  return new Map([...sums].map(([g, acc]) => [g, acc.toSketch(maxes.get(g))]));
}

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
  return mergeStoredSketches(db, {
    from: opts.perMinute ? rollupFrom(r, true) : rollupTotalsFrom(r),
    where: rollupWhere(projectId, r, opts.stage === undefined ? "request" : opts.stage, opts.filters ?? {}),
    column: opts.column,
    key: cols.length ? sql.raw(`concat_ws('|', ${cols.join(", ")})`) : sql.raw("''"),
  });
}
