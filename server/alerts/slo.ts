import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { rollupTotalsFrom, rollupWhere } from "@/server/metrics/filters-sql";
import { mergedSketches } from "@/server/metrics/sketches";
import { BURN_WINDOWS, SLO_PERIOD_S, type SloSpec } from "./schema";
import { burnRate, sloVerdict, type SloWindowCounts } from "./slo-math";

/** Good and total requests of an objective over [fromMs, toMs), from the coarsest rollup tiers that fit. */
export async function sloCounts(db: Database, projectId: string, spec: SloSpec, fromMs: number, toMs: number): Promise<SloWindowCounts> {
  const r = { fromMs, toMs, bucketS: 60 };
  if (spec.objective.type === "success") {
    const [row] = await rows<{ total: string | null; bad: string | null }>(
      db,
      sql`SELECT sum(count) AS total, sum(count) FILTER (WHERE status = 'error') AS bad
        FROM ${rollupTotalsFrom(r)} WHERE ${rollupWhere(projectId, r, "request", spec.filters)}`,
    );
    const total = Number(row?.total ?? 0);
    return { total, bad: Number(row?.bad ?? 0) };
  }
  const column = spec.objective.metric === "ttft" ? "ttft_sketch" : "duration_sketch";
  const merged = await mergedSketches(db, projectId, r, { column, filters: spec.filters });
  const sketch = merged.get("");
  if (!sketch) return { total: 0, bad: 0 };
  return { total: sketch.count, bad: sketch.count - sketch.countAtMost(spec.objective.thresholdMs) };
}

/** Counts for every window the burn-rate alerts read, plus the 30-day budget period. */
export async function sloWindows(db: Database, projectId: string, spec: SloSpec, endMs: number) {
  const lengths = [...new Set([...BURN_WINDOWS.flatMap((w) => [w.longS, w.shortS]), SLO_PERIOD_S])];
  const counts = new Map<number, SloWindowCounts>();
  for (const s of lengths) counts.set(s, await sloCounts(db, projectId, spec, endMs - s * 1000, endMs));
  return counts;
}

export async function evaluateSlo(db: Database, projectId: string, spec: SloSpec, endMs: number) {
  const counts = await sloWindows(db, projectId, spec, endMs);
  return sloVerdict(spec, counts);
}

export { burnRate };
