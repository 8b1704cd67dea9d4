// Dashboard queries over rollups against the same answers from raw rows (percentile_cont /
// GROUP BY), on the same database in the same run: speed-up and the largest relative error.
import { sql } from "drizzle-orm";
import { openDatabase, rows } from "@/db/client";
import { costPerUser } from "@/server/metrics/cost";
import { mergedSketches } from "@/server/metrics/sketches";
import { stageBreakdown } from "@/server/metrics/stages";
import { relativeAccuracy } from "@/server/rollup/sketch";

async function timed<T>(fn: () => Promise<T>, runs = 5): Promise<{ ms: number; result: T }> {
  let result = await fn(); // cold run, not counted
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, result };
}

const Q = [0.5, 0.95, 0.99] as const;

export async function benchQueries(dbUrl: string, projectId: string, fromMs: number, toMs: number) {
  const handle = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 });
  const db = handle.db;
  const r = { fromMs, toMs, bucketS: 3600 };
  const rangeSql = sql`start_time >= to_timestamp(${fromMs / 1000}) AND start_time < to_timestamp(${toMs / 1000})`;
  try {
    // 1. p50/p95/p99 by model × stage over the range
    const fast = await timed(() => mergedSketches(db, projectId, r, { column: "duration_sketch", stage: null, groupBy: ["model", "stage"] }));
    const exact = await timed(
      () =>
        rows<{ model: string; stage: string; p50: number; p95: number; p99: number }>(
          db,
          sql`SELECT coalesce(model, '') AS model, stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95, percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
            FROM spans WHERE project_id = ${projectId}::uuid AND ${rangeSql} AND NOT (parent_span_id IS NULL AND stage = 'other')
            GROUP BY 1, 2`,
        ),
      2,
    );
    let maxErr = 0;
    for (const e of exact.result) {
      const sk = fast.result.get(`${e.model}|${e.stage}`);
      if (!sk) throw new Error(`no rollup for ${e.model}|${e.stage}`);
      Q.forEach((q, i) => {
        const want = Number([e.p50, e.p95, e.p99][i]);
        maxErr = Math.max(maxErr, Math.abs(sk.quantile(q)! - want) / want);
      });
    }
    // 2. cost per user, top 50 (raw rows through the user index, by design: users are not a rollup key)
    const users = await timed(() => costPerUser(db, projectId, r, { limit: 50 }));
    const usersRaw = await timed(
      () => rows(db, sql`SELECT user_id, sum(cost_usd) AS usd FROM traces
        WHERE project_id = ${projectId}::uuid AND user_id IS NOT NULL AND start_time >= to_timestamp(${fromMs / 1000}) AND start_time < to_timestamp(${toMs / 1000})
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`),
      2,
    );
    // 3. stage breakdown per task type
    const stages = await timed(() => stageBreakdown(db, projectId, r));
    const stagesRaw = await timed(
      () =>
        rows<{ task_type: string; stage: string; total: number; p50: number; p95: number }>(
          db,
          sql`SELECT coalesce(t.task_type, '') AS task_type, s.stage, sum(s.duration_ms) AS total,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY s.duration_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY s.duration_ms) AS p95
          FROM spans s JOIN traces t USING (project_id, trace_id)
          WHERE s.project_id = ${projectId}::uuid AND s.start_time >= to_timestamp(${fromMs / 1000}) AND s.start_time < to_timestamp(${toMs / 1000})
            AND NOT (s.parent_span_id IS NULL AND s.stage = 'other')
          GROUP BY 1, 2`,
        ),
      2,
    );
    let stageErr = 0;
    for (const e of stagesRaw.result) {
      const got = stages.result.find((b) => b.taskType === e.task_type)?.stages.find((x) => x.stage === e.stage);
      if (!got) throw new Error(`no rollup stage ${e.task_type}|${e.stage}`);
      stageErr = Math.max(stageErr, Math.abs(got.p50Ms! - Number(e.p50)) / Number(e.p50), Math.abs(got.p95Ms! - Number(e.p95)) / Number(e.p95));
    }
    // cost per user must be the same users and sums as the raw GROUP BY
    const rawTop = usersRaw.result as Array<{ user_id: string; usd: number }>;
    let userErr = 0;
    users.result.forEach((u, i) => {
      const want = Number(rawTop[i]?.usd);
      userErr = Math.max(userErr, want ? Math.abs(u.costUsd - want) / want : u.costUsd ? 1 : 0);
    });
    const row = (name: string, a: { ms: number }, b: { ms: number }, err: number | null) => ({
      query: name,
      rollupMs: Number(a.ms.toFixed(1)),
      rawMs: Number(b.ms.toFixed(1)),
      speedup: Number((b.ms / a.ms).toFixed(1)),
      maxRelError: err,
    });
    return {
      alpha: relativeAccuracy(),
      groups: exact.result.length,
      results: [
        row("p50/p95/p99 by model × stage", fast, exact, Number(maxErr.toFixed(5))),
        row("cost per user, top 50", users, usersRaw, Number(userErr.toFixed(9))),
        row("stage breakdown per task type (p50/p95)", stages, stagesRaw, Number(stageErr.toFixed(5))),
      ],
    };
  } finally {
    await handle.close();
  }
}
