import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { counterSeries } from "./counters";
import { diagnose, type Signal } from "./diagnosis-rules";
import { loadCurves } from "./load";
import type { ResolvedRange } from "./range";
import type { MetricFilters } from "./schema";
import { mergedSketches } from "./sketches";

async function versions(db: Database, projectId: string, r: ResolvedRange): Promise<string[]> {
  const found = await jsonRows<{ v: string }>(
    db,
    sql`SELECT DISTINCT v FROM (
        SELECT model AS v FROM rollup_minute WHERE project_id = ${projectId}::uuid AND stage = 'request' AND model <> ''
          AND minute >= to_timestamp(${r.fromMs / 1000}) AND minute < to_timestamp(${r.toMs / 1000})
        UNION ALL
        SELECT 'release ' || release FROM traces WHERE project_id = ${projectId}::uuid AND release IS NOT NULL
          AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})
      ) x`,
  );
  return found.map((f) => f.v).sort();
}

const PER_MINUTE_MAX_MS = 24 * 3_600_000;

/** The model-vs-serving-stack signals for a range, compared with the period just before it. */
export async function diagnosis(
  db: Database,
  projectId: string,
  r: ResolvedRange,
  filters: MetricFilters = {},
  budgetMs = 2000,
): Promise<{ signals: Signal[]; baseline: { fromMs: number; toMs: number } }> {
  const before = { ...r, fromMs: r.fromMs - (r.toMs - r.fromMs), toMs: r.fromMs };
  // the per-minute signals (latency vs concurrency, retries vs latency) read at most the last day of
  // the range: a day of minutes is plenty of evidence, and 7 days of minute sketches cost seconds
  const perMinute = { fromMs: Math.max(r.fromMs, r.toMs - PER_MINUTE_MAX_MS), toMs: r.toMs, bucketS: 60 };
  const [now, prev, minuteSketches, reqCounts, genCounts, curves, vNow, vPrev] = await Promise.all([
    mergedSketches(db, projectId, r, { column: "duration_sketch", filters }),
    mergedSketches(db, projectId, before, { column: "duration_sketch", filters }),
    mergedSketches(db, projectId, perMinute, { column: "duration_sketch", filters, perMinute: true }),
    counterSeries(db, projectId, perMinute, { filters }),
    counterSeries(db, projectId, perMinute, { filters, stage: "generation" }),
    loadCurves(db, projectId, r, filters),
    versions(db, projectId, r),
    versions(db, projectId, before),
  ]);
  const gen = new Map((genCounts[0]?.points ?? []).map((p) => [p.t, p]));
  const minutes = (reqCounts[0]?.points ?? [])
    .filter((p) => p.count > 0 && minuteSketches.has(String(p.t)))
    .map((p) => {
      const g = gen.get(p.t);
      return {
        concurrency: p.durationSumMs / 60_000,
        p95Ms: minuteSketches.get(String(p.t))!.quantile(0.95)!,
        retryRate: g && g.count ? g.retries / g.count : null,
      };
    });
  const q = (m: Map<string, import("@/server/rollup/sketch").LatencySketch>, p: number) => m.get("")?.quantile(p) ?? null;
  const signals = diagnose({
    minutes,
    current: { p50Ms: q(now, 0.5), p95Ms: q(now, 0.95), p99Ms: q(now, 0.99) },
    baseline: { p50Ms: q(prev, 0.5), p95Ms: q(prev, 0.95), p99Ms: q(prev, 0.99) },
    currentVersions: vNow,
    baselineVersions: vPrev,
    zeroContentionP95Ms: curves.byConcurrency.points[0]?.p95Ms ?? null,
    budgetMs,
  });
  return { signals, baseline: { fromMs: before.fromMs, toMs: before.toMs } };
}
