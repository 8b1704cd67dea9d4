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
  const merged = await mergeSketchesAndSums(db, opts);
  return new Map([...merged].map(([g, m]) => [g, m.sketch]));
}

/**
 * mergeStoredSketches that also sums additive rollup columns per key in the same pass over the
 * rows (a panel that needs both counters and percentiles reads its rows once). With `sums`, keys
 * whose rows hold no sketch values are kept (their sketch is empty), as their counters count.
 */
export async function mergeSketchesAndSums<S extends string = never>(
  db: Database,
  opts: { from: SQL; where: SQL; column: SketchColumn; key: SQL; withMax?: boolean; sums?: readonly S[] },
): Promise<Map<string, { sketch: LatencySketch; sums: Record<S, number> }>> {
  if (opts.withMax && opts.column !== "duration_sketch") throw new Error("duration_max_ms is the max of duration_sketch only");
  const sums = opts.sums ?? [];
  for (const c of sums) if (!/^[a-z_]+$/.test(c)) throw new Error(`not a rollup column: ${c}`);
  const found = await jsonRows<{ g: string; s: string; m?: number | null } & Record<string, unknown>>(
    db,
    sql`SELECT ${opts.key} AS g, ${sql.raw(opts.column)} AS s${opts.withMax ? sql`, duration_max_ms AS m` : sql``}${sql.raw(sums.map((c) => `, ${c}`).join(""))}
      FROM ${opts.from} WHERE ${opts.where}${sums.length ? sql`` : sql` AND ${sql.raw(opts.column)} <> ''`}`,
  );
  const acc = new Map<string, { counts: CountsAccumulator; max: number | null; sums: Record<string, number> }>();
  for (const row of found) {
    const g = String(row.g);
    let a = acc.get(g);
    if (!a) acc.set(g, (a = { counts: new CountsAccumulator(), max: null, sums: Object.fromEntries(sums.map((c) => [c, 0])) }));
    if (row.s) a.counts.add(row.s);
    if (row.m != null) a.max = Math.max(a.max ?? -Infinity, Number(row.m));
    for (const c of sums) a.sums[c]! += Number(row[c] ?? 0);
  }
  return new Map([...acc].map(([g, a]) => [g, { sketch: a.counts.toSketch(a.max), sums: a.sums as Record<S, number> }]));
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
