import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { counterTotals } from "./counters";
import type { ResolvedRange } from "./range";
import type { MetricFilters } from "./schema";
import { mergedSketches, mergeSketchesAndSums } from "./sketches";
import { ROLLUP_COLUMN, rollupTotalsFrom, rollupWhere } from "./filters-sql";

export interface StageShare {
  stage: string;
  spans: number;
  /** share of the time spent in stages for this task type (0–1) */
  share: number;
  totalMs: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface StageBreakdown {
  taskType: string;
  requests: number;
  stages: StageShare[];
  /** end-to-end ≈ TTFT + decode, from generation spans */
  generation: { ttftP50Ms: number | null; ttftP95Ms: number | null; durationP50Ms: number | null; durationP95Ms: number | null; decodeShare: number | null };
}

/** Where the time goes, per task type: each stage's share of time and its p50/p95. */
export async function stageBreakdown(db: Database, projectId: string, r: ResolvedRange, filters: MetricFilters = {}): Promise<StageBreakdown[]> {
  const [perStage, requestTotals, ttfts] = await Promise.all([
    // counters and duration sketches of every stage row, in one pass over the rows
    mergeSketchesAndSums(db, {
      from: rollupTotalsFrom(r),
      where: rollupWhere(projectId, r, null, filters),
      column: "duration_sketch",
      key: sql.raw(`concat_ws('|', ${ROLLUP_COLUMN.taskType}, ${ROLLUP_COLUMN.stage})`),
      sums: ["count", "duration_sum_ms"] as const,
    }),
    counterTotals(db, projectId, r, { filters, groupBy: "taskType" }),
    mergedSketches(db, projectId, r, { column: "ttft_sketch", stage: "generation", filters, groupBy: ["taskType"] }),
  ]);
  const durations = new Map([...perStage].map(([k, v]) => [k, v.sketch]));
  const stageTotals = [...perStage].map(([k, v]) => {
    const cut = k.lastIndexOf("|"); // stage names hold no "|"; a task type might
    return { key: [k.slice(0, cut), k.slice(cut + 1)], count: v.sums.count, durationSumMs: v.sums.duration_sum_ms };
  });
  const out: StageBreakdown[] = [];
  for (const req of requestTotals.sort((a, b) => b.count - a.count)) {
    const taskType = req.key[0]!;
    const rows = stageTotals.filter((s) => s.key[0] === taskType && s.key[1] !== "request");
    const stageTime = rows.reduce((n, s) => n + s.durationSumMs, 0);
    const stages = rows
      .map((s) => {
        const sk = durations.get(`${taskType}|${s.key[1]}`);
        return {
          stage: s.key[1]!,
          spans: s.count,
          share: stageTime ? s.durationSumMs / stageTime : 0,
          totalMs: s.durationSumMs,
          p50Ms: sk?.quantile(0.5) ?? null,
          p95Ms: sk?.quantile(0.95) ?? null,
        };
      })
      .sort((a, b) => b.share - a.share);
    const gen = durations.get(`${taskType}|generation`);
    const ttft = ttfts.get(taskType);
    const ttftMean = ttft?.mean() ?? null;
    const genMean = gen?.mean() ?? null;
    out.push({
      taskType,
      requests: req.count,
      stages,
      generation: {
        ttftP50Ms: ttft?.quantile(0.5) ?? null,
        ttftP95Ms: ttft?.quantile(0.95) ?? null,
        durationP50Ms: gen?.quantile(0.5) ?? null,
        durationP95Ms: gen?.quantile(0.95) ?? null,
        decodeShare: ttftMean != null && genMean ? Math.max(0, 1 - ttftMean / genMean) : null,
      },
    });
  }
  return out;
}
