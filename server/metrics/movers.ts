import "server-only";
import type { Database } from "@/db/client";
import { counterTotals } from "./counters";
import type { ResolvedRange } from "./range";
import type { GroupBy } from "./schema";
import { mergedSketches } from "./sketches";
import { rankMovers, type MoverCandidate } from "./movers-rank";

const DIMENSIONS: GroupBy[] = ["model", "provider", "taskType", "feature"];

/**
 * The series that moved most against the period just before (same length): p95 latency and error
 * rate per model, provider, task type and feature, from the rollups.
 */
export async function worstMovers(db: Database, projectId: string, r: ResolvedRange, limit = 5) {
  const span = r.toMs - r.fromMs;
  const before: ResolvedRange = { fromMs: r.fromMs - span, toMs: r.fromMs, bucketS: r.bucketS };
  const candidates: MoverCandidate[] = [];
  for (const dim of DIMENSIONS) {
    const [nowSketch, prevSketch, nowCounts, prevCounts] = await Promise.all([
      mergedSketches(db, projectId, r, { column: "duration_sketch", groupBy: [dim] }),
      mergedSketches(db, projectId, before, { column: "duration_sketch", groupBy: [dim] }),
      counterTotals(db, projectId, r, { groupBy: dim }),
      counterTotals(db, projectId, before, { groupBy: dim }),
    ]);
    const prevErr = new Map(prevCounts.map((c) => [c.key[0]!, c]));
    for (const [key, sketch] of nowSketch) {
      const prev = prevSketch.get(key);
      if (!key || !prev) continue;
      candidates.push({ dimension: dim, key, metric: "p95", now: sketch.quantile(0.95), before: prev.quantile(0.95), countNow: sketch.count, countBefore: prev.count });
    }
    for (const c of nowCounts) {
      const p = prevErr.get(c.key[0]!);
      if (!c.key[0] || !p) continue;
      candidates.push({
        dimension: dim, key: c.key[0], metric: "errorRate",
        now: c.count ? c.errors / c.count : null, before: p.count ? p.errors / p.count : null, countNow: c.count, countBefore: p.count,
      });
    }
  }
  return { range: r, before, movers: rankMovers(candidates, limit) };
}
