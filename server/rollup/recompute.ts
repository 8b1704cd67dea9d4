import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";

export const MINUTE_MS = 60_000;
const DIMS = "minute, stage, environment, model, provider, task_type, feature, status";

/** Marks minutes (epoch ms, any instant inside them) for recomputation; call inside the writing transaction. */
export async function markDirty(tx: Database, projectId: string, instantsMs: Iterable<number>) {
  const minutes = new Set<number>();
  for (const ms of instantsMs) if (Number.isFinite(ms)) minutes.add(Math.floor(ms / MINUTE_MS) * MINUTE_MS);
  if (!minutes.size) return;
  await tx.execute(sql`
    INSERT INTO rollup_dirty (project_id, minute)
    SELECT ${projectId}::uuid, to_timestamp(v::float8 / 1000) FROM json_array_elements_text(${JSON.stringify([...minutes].sort())}::json) AS v
    ON CONFLICT DO NOTHING`);
}

const sketchOf = (column: string) =>
  sql.raw(`(SELECT ${DIMS}, jsonb_object_agg(b, c) AS sk FROM (
      SELECT ${DIMS}, tw_bucket(${column}) AS b, count(*) AS c FROM f WHERE ${column} IS NOT NULL GROUP BY ${DIMS}, b
    ) x GROUP BY ${DIMS})`);

/**
 * Rebuilds the rollup rows of the given minutes from raw traces and spans. Idempotent: running it
 * any number of times, in any order relative to late or repeated data, gives the same rows.
 */
export async function recomputeMinutes(tx: Database, projectId: string, minutesMs: number[]) {
  if (!minutesMs.length) return;
  const minutes = JSON.stringify(minutesMs);
  await tx.execute(sql`
    DELETE FROM rollup_minute WHERE project_id = ${projectId}::uuid
      AND minute IN (SELECT to_timestamp(v::float8 / 1000) FROM json_array_elements_text(${minutes}::json) AS v)`);
  await tx.execute(sql`
    INSERT INTO rollup_minute (project_id, minute, stage, environment, model, provider, task_type, feature, status,
      count, rate_limited, timeouts, server_errors, retries, attempts, fallbacks, circuit_open, cache_exact,
      cache_semantic, cache_lookups, input_tokens, output_tokens, cached_tokens, cost_usd, duration_sum_ms,
      duration_max_ms, duration_sketch, ttft_sketch, tpot_sketch)
    WITH m AS (
      SELECT DISTINCT to_timestamp(v::float8 / 1000) AS minute FROM json_array_elements_text(${minutes}::json) AS v
    ),
    req AS (
      SELECT m.minute, 'request'::text AS stage, t.environment, coalesce(t.model, '') AS model,
        coalesce(t.provider, '') AS provider, coalesce(t.task_type, '') AS task_type, coalesce(t.feature, '') AS feature,
        t.status, t.duration_ms AS dur, t.ttft_ms AS ttft,
        CASE WHEN t.output_tokens > 1 AND t.ttft_ms IS NOT NULL
          THEN greatest(0, t.duration_ms - t.ttft_ms) / (t.output_tokens - 1) END AS tpot,
        coalesce(t.error_type = 'rate_limited', false) AS is_rl,
        coalesce(t.error_type = 'timeout', false) AS is_tmo,
        false AS is_5xx,
        greatest(t.attempt_count - 1, 0) AS retries, t.attempt_count::int AS attempts,
        t.fallback_used AS is_fb, false AS is_open, t.cache_outcome AS cache,
        t.input_tokens AS itok, t.output_tokens AS otok, t.cached_tokens AS ctok, t.cost_usd AS cost
      FROM m JOIN traces t ON t.project_id = ${projectId}::uuid
        AND t.start_time >= m.minute AND t.start_time < m.minute + interval '1 minute'
    ),
    spn AS (
      SELECT m.minute, s.stage, coalesce(t.environment, 'production'), coalesce(s.model, ''), coalesce(s.provider, ''),
        coalesce(t.task_type, ''), coalesce(t.feature, ''), s.status, s.duration_ms, s.ttft_ms,
        CASE WHEN s.output_tokens > 1 AND s.ttft_ms IS NOT NULL
          THEN greatest(0, s.duration_ms - s.ttft_ms) / (s.output_tokens - 1) END,
        coalesce(s.http_status = 429 OR s.error_type = 'rate_limited', false),
        coalesce(s.error_type = 'timeout' OR s.http_status IN (408, 504), false),
        coalesce(s.http_status >= 500, false),
        CASE WHEN s.attempt > 1 THEN 1 ELSE 0 END, 1,
        s.fallback_index > 0, coalesce(s.circuit_state = 'open', false), s.cache_outcome,
        coalesce(s.input_tokens, 0)::bigint, coalesce(s.output_tokens, 0)::bigint, coalesce(s.cached_tokens, 0)::bigint,
        coalesce(s.cost_usd, 0)
      FROM m JOIN spans s ON s.project_id = ${projectId}::uuid
        AND s.start_time >= m.minute AND s.start_time < m.minute + interval '1 minute'
      LEFT JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id
    ),
    f AS (SELECT * FROM req UNION ALL SELECT * FROM spn),
    agg AS (
      SELECT ${sql.raw(DIMS)}, count(*) AS n,
        count(*) FILTER (WHERE is_rl) AS rl, count(*) FILTER (WHERE is_tmo) AS tmo, count(*) FILTER (WHERE is_5xx) AS s5,
        sum(retries) AS retries, sum(attempts) AS attempts, count(*) FILTER (WHERE is_fb) AS fb,
        count(*) FILTER (WHERE is_open) AS copen,
        count(*) FILTER (WHERE cache = 'exact_hit') AS ce, count(*) FILTER (WHERE cache = 'semantic_hit') AS cs,
        count(*) FILTER (WHERE cache IN ('exact_hit', 'semantic_hit', 'miss')) AS cl,
        sum(itok) AS itok, sum(otok) AS otok, sum(ctok) AS ctok, sum(cost) AS cost,
        coalesce(sum(dur), 0) AS dur_sum, max(dur) AS dur_max
      FROM f GROUP BY ${sql.raw(DIMS)}
    )
    SELECT ${projectId}::uuid, ${sql.raw(DIMS)}, n, rl, tmo, s5, retries, attempts, fb, copen, ce, cs, cl,
      itok, otok, ctok, cost, dur_sum, dur_max,
      coalesce(d.sk, '{}'::jsonb), coalesce(tt.sk, '{}'::jsonb), coalesce(tp.sk, '{}'::jsonb)
    FROM agg
      LEFT JOIN ${sketchOf("dur")} d USING (${sql.raw(DIMS)})
      LEFT JOIN ${sketchOf("ttft")} tt USING (${sql.raw(DIMS)})
      LEFT JOIN ${sketchOf("tpot")} tp USING (${sql.raw(DIMS)})`);
}

/** Dirty minutes processed per transaction: bounds the work (and lock time) of one tick. */
const TICK_MINUTES = 240;

/**
 * One pass of the rollup job: claims dirty minutes and rebuilds them. Runs on one instance at a
 * time (transaction-scoped advisory lock); returns the number of minutes rebuilt.
 */
export async function runRollupTick(db: Database, maxMinutes = TICK_MINUTES): Promise<number> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const [lock] = await rows<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(hashtext('tailwatch.rollup')) AS ok`);
    if (!lock?.ok) return 0;
    const claimed = await rows<{ project_id: string; minute_ms: number }>(
      tx,
      sql`
      DELETE FROM rollup_dirty d USING (
        SELECT project_id, minute FROM rollup_dirty ORDER BY marked_at, minute LIMIT ${maxMinutes} FOR UPDATE SKIP LOCKED
      ) c
      WHERE d.project_id = c.project_id AND d.minute = c.minute
      RETURNING d.project_id, extract(epoch from d.minute) * 1000 AS minute_ms`,
    );
    const byProject = new Map<string, number[]>();
    for (const c of claimed) {
      const list = byProject.get(c.project_id) ?? [];
      list.push(Number(c.minute_ms));
      byProject.set(c.project_id, list);
    }
    for (const [projectId, minutes] of byProject) await recomputeMinutes(tx, projectId, minutes);
    return claimed.length;
  });
}

/** Rebuilds until no dirty minute is left (tests, benchmarks, catch-up after a backlog). */
export async function drainRollups(db: Database): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await runRollupTick(db);
    total += n;
    if (n === 0) return total;
  }
}
