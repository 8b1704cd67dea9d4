import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, rows, type Database } from "@/db/client";
import { decodeCountsRecord, encodeCounts, LatencySketch } from "./sketch";

export const MINUTE_MS = 60_000;

/** Marks minutes (epoch ms, any instant inside them) for recomputation; call inside the writing transaction. */
export async function markDirty(tx: Database, projectId: string, instantsMs: Iterable<number>) {
  const minutes = new Set<number>();
  for (const ms of instantsMs) if (Number.isFinite(ms)) minutes.add(Math.floor(ms / MINUTE_MS) * MINUTE_MS);
  if (!minutes.size) return;
  await tx.execute(sql`
    INSERT INTO rollup_dirty (project_id, minute)
    SELECT ${projectId}::uuid, to_timestamp(v::float8 / 1000)
    FROM json_array_elements_text(${JSON.stringify([...minutes].sort((a, b) => a - b))}::json) AS v
    -- DO UPDATE (not NOTHING) takes a row lock held to our commit: the rollup job's
    -- FOR UPDATE SKIP LOCKED then cannot claim this minute before our rows are visible
    ON CONFLICT (project_id, minute) DO UPDATE SET marked_at = excluded.marked_at`);
}

interface Fact {
  minute_ms: number;
  stage: string;
  environment: string;
  model: string;
  provider: string;
  task_type: string;
  feature: string;
  status: string;
  dur: number | null;
  ttft: number | null;
  tpot: number | null;
  is_rl: boolean;
  is_tmo: boolean;
  is_5xx: boolean;
  retries: number;
  attempts: number;
  is_fb: boolean;
  is_open: boolean;
  cache: string | null;
  itok: number;
  otok: number;
  ctok: number;
  cost: number;
}

interface RollupRow {
  minute_ms: number;
  stage: string;
  environment: string;
  model: string;
  provider: string;
  task_type: string;
  feature: string;
  status: string;
  count: number;
  rate_limited: number;
  timeouts: number;
  server_errors: number;
  retries: number;
  attempts: number;
  fallbacks: number;
  circuit_open: number;
  cache_exact: number;
  cache_semantic: number;
  cache_lookups: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  duration_sum_ms: number;
  duration_max_ms: number | null;
  duration: LatencySketch;
  ttft: LatencySketch;
  tpot: LatencySketch;
}

/** Folds raw facts into rollup rows; sketches are built here, with the one bucketIndex() of sketch.ts. */
export function foldFacts(facts: Fact[]): RollupRow[] {
  const byKey = new Map<string, RollupRow>();
  for (const f of facts) {
    const minute = Number(f.minute_ms);
    const key = [minute, f.stage, f.environment, f.model, f.provider, f.task_type, f.feature, f.status].join("\u0000");
    let r = byKey.get(key);
    if (!r) {
      r = {
        minute_ms: minute, stage: f.stage, environment: f.environment, model: f.model, provider: f.provider,
        task_type: f.task_type, feature: f.feature, status: f.status, count: 0, rate_limited: 0, timeouts: 0,
        server_errors: 0, retries: 0, attempts: 0, fallbacks: 0, circuit_open: 0, cache_exact: 0, cache_semantic: 0,
        cache_lookups: 0, input_tokens: 0, output_tokens: 0, cached_tokens: 0, cost_usd: 0, duration_sum_ms: 0,
        duration_max_ms: null, duration: new LatencySketch(), ttft: new LatencySketch(), tpot: new LatencySketch(),
      };
      byKey.set(key, r);
    }
    r.count++;
    if (f.is_rl) r.rate_limited++;
    if (f.is_tmo) r.timeouts++;
    if (f.is_5xx) r.server_errors++;
    r.retries += Number(f.retries);
    r.attempts += Number(f.attempts);
    if (f.is_fb) r.fallbacks++;
    if (f.is_open) r.circuit_open++;
    if (f.cache === "exact_hit") r.cache_exact++;
    if (f.cache === "semantic_hit") r.cache_semantic++;
    if (f.cache === "exact_hit" || f.cache === "semantic_hit" || f.cache === "miss") r.cache_lookups++;
    r.input_tokens += Number(f.itok);
    r.output_tokens += Number(f.otok);
    r.cached_tokens += Number(f.ctok);
    r.cost_usd += Number(f.cost);
    if (f.dur != null) {
      const d = Number(f.dur);
      r.duration_sum_ms += d;
      r.duration_max_ms = r.duration_max_ms == null ? d : Math.max(r.duration_max_ms, d);
      r.duration.add(d);
    }
    if (f.ttft != null) r.ttft.add(Number(f.ttft));
    if (f.tpot != null) r.tpot.add(Number(f.tpot));
  }
  return [...byKey.values()];
}

/**
 * Rebuilds the rollup rows of the given minutes from raw traces and spans. Idempotent: running it
 * any number of times, in any order relative to late or repeated data, gives the same rows.
 */
export async function recomputeMinutes(tx: Database, projectId: string, minutesMs: number[]) {
  // contiguous runs are read with one index range scan each; scattered late minutes stay cheap
  for (const run of contiguousRuns(minutesMs)) await recomputeRun(tx, projectId, run);
}

/** Splits minutes into runs whose neighbours are at most `maxGap` minutes apart. */
export function contiguousRuns(minutesMs: number[], maxGap = 5): number[][] {
  const sorted = [...new Set(minutesMs)].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const m of sorted) {
    const run = runs.at(-1);
    if (run && m - run.at(-1)! <= maxGap * MINUTE_MS) run.push(m);
    else runs.push([m]);
  }
  return runs;
}

/** Rebuilds every minute from the run's first to its last (a gap minute rebuilt is still right). */
async function recomputeRun(tx: Database, projectId: string, minutesMs: number[]) {
  if (!minutesMs.length) return;
  const lo = sql`to_timestamp(${minutesMs[0]! / 1000})`;
  const hi = sql`to_timestamp(${(minutesMs.at(-1)! + MINUTE_MS) / 1000})`;
  const facts = await jsonRows<Fact>(
    tx,
    sql`
    SELECT extract(epoch from date_trunc('minute', t.start_time)) * 1000 AS minute_ms, 'request'::text AS stage, t.environment,
      coalesce(t.model, '') AS model, coalesce(t.provider, '') AS provider, coalesce(t.task_type, '') AS task_type,
      coalesce(t.feature, '') AS feature, t.status, t.duration_ms AS dur, t.ttft_ms AS ttft,
      CASE WHEN t.output_tokens > 1 AND t.ttft_ms IS NOT NULL
        THEN greatest(0, t.duration_ms - t.ttft_ms) / (t.output_tokens - 1) END AS tpot,
      coalesce(t.error_type = 'rate_limited', false) AS is_rl, coalesce(t.error_type = 'timeout', false) AS is_tmo,
      false AS is_5xx, greatest(t.attempt_count - 1, 0) AS retries, t.attempt_count::int AS attempts,
      t.fallback_used AS is_fb, false AS is_open, t.cache_outcome AS cache,
      t.input_tokens AS itok, t.output_tokens AS otok, t.cached_tokens AS ctok, t.cost_usd AS cost
    FROM traces t
    WHERE t.project_id = ${projectId}::uuid AND t.start_time >= ${lo} AND t.start_time < ${hi}
    UNION ALL
    SELECT extract(epoch from date_trunc('minute', s.start_time)) * 1000, s.stage, coalesce(t.environment, 'production'), coalesce(s.model, ''),
      coalesce(s.provider, ''), coalesce(t.task_type, ''), coalesce(t.feature, ''), s.status, s.duration_ms, s.ttft_ms,
      CASE WHEN s.output_tokens > 1 AND s.ttft_ms IS NOT NULL
        THEN greatest(0, s.duration_ms - s.ttft_ms) / (s.output_tokens - 1) END,
      coalesce(s.http_status = 429 OR s.error_type = 'rate_limited', false),
      coalesce(s.error_type = 'timeout' OR s.http_status IN (408, 504), false), coalesce(s.http_status >= 500, false),
      CASE WHEN s.attempt > 1 THEN 1 ELSE 0 END, 1, s.fallback_index > 0, coalesce(s.circuit_state = 'open', false),
      s.cache_outcome, coalesce(s.input_tokens, 0)::bigint, coalesce(s.output_tokens, 0)::bigint,
      coalesce(s.cached_tokens, 0)::bigint, coalesce(s.cost_usd, 0)
    FROM spans s
    LEFT JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id
    WHERE s.project_id = ${projectId}::uuid AND s.start_time >= ${lo} AND s.start_time < ${hi}
      -- a root wrapper span ("other", no parent) is the request itself, already the "request" row
      AND NOT (s.parent_span_id IS NULL AND s.stage = 'other')`,
  );
  await tx.execute(sql`DELETE FROM rollup_minute WHERE project_id = ${projectId}::uuid AND minute >= ${lo} AND minute < ${hi}`);
  const folded = foldFacts(facts).map(({ duration, ttft, tpot, ...r }) => ({
    ...r,
    duration_sketch: duration.toStored(),
    ttft_sketch: ttft.toStored(),
    tpot_sketch: tpot.toStored(),
  }));
  await markCoarser(tx, "rollup_dirty_hour", "hour", projectId, minutesMs[0]!, minutesMs.at(-1)! + MINUTE_MS, HOUR_MS);
  await insertRollupRows(tx, "rollup_minute", projectId, folded);
}

const ROLLUP_RECORD = sql.raw(`x(minute_ms double precision,
        stage text, environment text, model text, provider text, task_type text, feature text, status text,
        count bigint, rate_limited bigint, timeouts bigint, server_errors bigint, retries bigint, attempts bigint,
        fallbacks bigint, circuit_open bigint, cache_exact bigint, cache_semantic bigint, cache_lookups bigint,
        input_tokens bigint, output_tokens bigint, cached_tokens bigint, cost_usd double precision,
        duration_sum_ms double precision, duration_max_ms double precision, duration_sketch text, ttft_sketch text,
        tpot_sketch text)`);

type StoredRollupRow = Omit<RollupRow, "duration" | "ttft" | "tpot"> & {
  duration_sketch: Record<string, number>;
  ttft_sketch: Record<string, number>;
  tpot_sketch: Record<string, number>;
};

async function insertRollupRows(tx: Database, table: "rollup_minute" | "rollup_hour" | "rollup_day", projectId: string, folded: StoredRollupRow[]) {
  for (let i = 0; i < folded.length; i += 2_000) {
    await tx.execute(sql`
      INSERT INTO ${sql.raw(table)} (project_id, minute, stage, environment, model, provider, task_type, feature, status,
        count, rate_limited, timeouts, server_errors, retries, attempts, fallbacks, circuit_open, cache_exact,
        cache_semantic, cache_lookups, input_tokens, output_tokens, cached_tokens, cost_usd, duration_sum_ms,
        duration_max_ms, duration_sketch, ttft_sketch, tpot_sketch)
      SELECT ${projectId}::uuid, to_timestamp(minute_ms / 1000), stage, environment, model, provider, task_type, feature,
        status, count, rate_limited, timeouts, server_errors, retries, attempts, fallbacks, circuit_open, cache_exact,
        cache_semantic, cache_lookups, input_tokens, output_tokens, cached_tokens, cost_usd, duration_sum_ms,
        duration_max_ms, duration_sketch, ttft_sketch, tpot_sketch
      FROM json_to_recordset(${JSON.stringify(folded.slice(i, i + 2_000).map(encodeSketches))}::json) AS ${ROLLUP_RECORD}`);
  }
}

/** Sketches go into the tables in their compact text form (see encodeCounts in sketch.ts). */
function encodeSketches(r: StoredRollupRow) {
  return {
    ...r,
    duration_sketch: encodeCounts(r.duration_sketch),
    ttft_sketch: encodeCounts(r.ttft_sketch),
    tpot_sketch: encodeCounts(r.tpot_sketch),
  };
}

const COUNTER_FIELDS = [
  "count", "rate_limited", "timeouts", "server_errors", "retries", "attempts", "fallbacks", "circuit_open",
  "cache_exact", "cache_semantic", "cache_lookups", "input_tokens", "output_tokens", "cached_tokens", "cost_usd",
  "duration_sum_ms",
] as const;
const SKETCH_FIELDS = ["duration_sketch", "ttft_sketch", "tpot_sketch"] as const;
type SketchField = (typeof SKETCH_FIELDS)[number];

/** Merges rollup rows of the same dimensions: counters add, maxima take the max, sketches merge exactly. */
export function mergeRollupRows(list: StoredRollupRow[], bucketMs: number): StoredRollupRow[] {
  const byKey = new Map<string, StoredRollupRow>();
  for (const r of list) {
    const start = Math.floor(Number(r.minute_ms) / bucketMs) * bucketMs;
    const key = [start, r.stage, r.environment, r.model, r.provider, r.task_type, r.feature, r.status].join("\u0000");
    const acc = byKey.get(key);
    if (!acc) {
      byKey.set(key, {
        ...r,
        minute_ms: start,
        duration_sketch: { ...r.duration_sketch },
        ttft_sketch: { ...r.ttft_sketch },
        tpot_sketch: { ...r.tpot_sketch },
      });
      continue;
    }
    for (const f of COUNTER_FIELDS) acc[f] = Number(acc[f]) + Number(r[f]);
    if (r.duration_max_ms != null) acc.duration_max_ms = acc.duration_max_ms == null ? Number(r.duration_max_ms) : Math.max(acc.duration_max_ms, Number(r.duration_max_ms));
    for (const f of SKETCH_FIELDS) for (const [b, c] of Object.entries(r[f])) acc[f][b] = (acc[f][b] ?? 0) + Number(c);
  }
  return [...byKey.values()];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Marks the UTC hours or days overlapping [fromMs, toMs) for re-merging (computed here, not by the session time zone). */
async function markCoarser(
  tx: Database,
  table: "rollup_dirty_hour" | "rollup_dirty_day",
  column: "hour" | "day",
  projectId: string,
  fromMs: number,
  toMs: number,
  sizeMs: number,
) {
  const starts: number[] = [];
  for (let t = Math.floor(fromMs / sizeMs) * sizeMs; t < toMs; t += sizeMs) starts.push(t);
  await tx.execute(sql`
    INSERT INTO ${sql.raw(table)} (project_id, ${sql.raw(column)})
    SELECT ${projectId}::uuid, to_timestamp(v::float8 / 1000) FROM json_array_elements_text(${JSON.stringify(starts)}::json) AS v
    ON CONFLICT DO NOTHING`);
}

/**
 * Re-merges the rows of one coarser bucket (an hour from minutes, a day from hours); merging is
 * exact, so the result equals aggregating the raw rows over that bucket.
 */
async function remerge(
  tx: Database,
  projectId: string,
  from: "rollup_minute" | "rollup_hour",
  to: "rollup_hour" | "rollup_day",
  startMs: number,
  sizeMs: number,
) {
  {
    const lo = sql`to_timestamp(${startMs / 1000})`;
    const hi = sql`to_timestamp(${(startMs + sizeMs) / 1000})`;
    const stored = await jsonRows<Omit<StoredRollupRow, SketchField> & Record<SketchField, string>>(
      tx,
      sql`SELECT extract(epoch from minute) * 1000 AS minute_ms, stage, environment, model, provider, task_type, feature, status,
          count, rate_limited, timeouts, server_errors, retries, attempts, fallbacks, circuit_open, cache_exact, cache_semantic,
          cache_lookups, input_tokens, output_tokens, cached_tokens, cost_usd, duration_sum_ms, duration_max_ms,
          duration_sketch, ttft_sketch, tpot_sketch
        FROM ${sql.raw(from)} WHERE project_id = ${projectId}::uuid AND minute >= ${lo} AND minute < ${hi}`,
    );
    const sourceRows: StoredRollupRow[] = stored.map((r) => ({
      ...r,
      duration_sketch: decodeCountsRecord(r.duration_sketch),
      ttft_sketch: decodeCountsRecord(r.ttft_sketch),
      tpot_sketch: decodeCountsRecord(r.tpot_sketch),
    }));
    await tx.execute(sql`DELETE FROM ${sql.raw(to)} WHERE project_id = ${projectId}::uuid AND minute = ${lo}`);
    await insertRollupRows(tx, to, projectId, mergeRollupRows(sourceRows, sizeMs));
  }
  if (to === "rollup_hour") await markCoarser(tx, "rollup_dirty_day", "day", projectId, startMs, startMs + sizeMs, DAY_MS);
}

/**
 * Rebuilds one UTC hour of rollup_user_hour (cost and volume per user) from raw traces. It runs
 * with the hour's re-merge, which follows any rebuilt minute of the hour (new, late, re-sent or
 * deleted data), so the hour ends up exactly as if every trace had arrived once, on time. The
 * hour's re-merge marks its day, so rollup_user_day follows (rebuildUserDay).
 */
export async function rebuildUserHour(tx: Database, projectId: string, hourMs: number) {
  const lo = sql`to_timestamp(${hourMs / 1000})`;
  const hi = sql`to_timestamp(${(hourMs + HOUR_MS) / 1000})`;
  await tx.execute(sql`DELETE FROM rollup_user_hour WHERE project_id = ${projectId}::uuid AND hour = ${lo}`);
  await tx.execute(sql`
    INSERT INTO rollup_user_hour (project_id, hour, user_id, environment, model, feature, task_type,
      requests, errors, input_tokens, output_tokens, cost_usd)
    SELECT ${projectId}::uuid, ${lo}, user_id, environment, coalesce(model, ''), coalesce(feature, ''), coalesce(task_type, ''),
      count(*), count(*) FILTER (WHERE status = 'error'), sum(input_tokens), sum(output_tokens), sum(cost_usd)
    FROM traces
    WHERE project_id = ${projectId}::uuid AND user_id IS NOT NULL AND start_time >= ${lo} AND start_time < ${hi}
    GROUP BY user_id, environment, coalesce(model, ''), coalesce(feature, ''), coalesce(task_type, '')`);
}

/**
 * Rebuilds one UTC day of rollup_user_day from that day's rows of rollup_user_hour. It runs with
 * the day's re-merge: every rebuilt user hour is rebuilt with its hour's re-merge, which marks the
 * day for re-merging in the same transaction, and days are re-merged after hours (in the same tick
 * or a later one), so the day ends up as the sum of its current hours.
 */
export async function rebuildUserDay(tx: Database, projectId: string, dayMs: number) {
  const lo = sql`to_timestamp(${dayMs / 1000})`;
  const hi = sql`to_timestamp(${(dayMs + DAY_MS) / 1000})`;
  await tx.execute(sql`DELETE FROM rollup_user_day WHERE project_id = ${projectId}::uuid AND day = ${lo}`);
  await tx.execute(sql`
    INSERT INTO rollup_user_day (project_id, day, user_id, environment, model, feature, task_type,
      requests, errors, input_tokens, output_tokens, cost_usd)
    SELECT ${projectId}::uuid, ${lo}, user_id, environment, model, feature, task_type,
      sum(requests), sum(errors), sum(input_tokens), sum(output_tokens), sum(cost_usd)
    FROM rollup_user_hour
    WHERE project_id = ${projectId}::uuid AND hour >= ${lo} AND hour < ${hi}
    GROUP BY user_id, environment, model, feature, task_type`);
}

/** The transaction-scoped advisory lock a rollup tick holds (delete-by-user waits on it too). */
export const ROLLUP_LOCK_KEY = sql`hashtext('tailwatch.rollup')`;

/** Dirty minutes processed per transaction: bounds the work (and lock time) of one tick. */
const TICK_MINUTES = 120;
const HOURS_PER_TICK = 24;
const DAYS_PER_TICK = 4;

/**
 * One pass of the rollup job: claims dirty minutes and rebuilds them. Runs on one instance at a
 * time (transaction-scoped advisory lock); returns the number of minutes rebuilt.
 */
export async function runRollupTick(db: Database, maxMinutes = TICK_MINUTES): Promise<number> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const [lock] = await rows<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK_KEY}) AS ok`);
    if (!lock?.ok) return 0;
    const claimed = await claimDirty(tx, "rollup_dirty", "minute", maxMinutes, "marked_at, minute");
    const byProject = new Map<string, number[]>();
    for (const c of claimed) {
      const list = byProject.get(c.projectId) ?? [];
      list.push(c.startMs);
      byProject.set(c.projectId, list);
    }
    for (const [projectId, minutes] of byProject) await recomputeMinutes(tx, projectId, minutes);
    // hours are merged once their minutes are current; a minute rebuilt later marks its hour again
    const hours = await claimDirty(tx, "rollup_dirty_hour", "hour", HOURS_PER_TICK);
    for (const h of hours) {
      await remerge(tx, h.projectId, "rollup_minute", "rollup_hour", h.startMs, HOUR_MS);
      await rebuildUserHour(tx, h.projectId, h.startMs);
    }
    // days likewise, once their hours are current
    const days = await claimDirty(tx, "rollup_dirty_day", "day", DAYS_PER_TICK);
    for (const d of days) {
      await remerge(tx, d.projectId, "rollup_hour", "rollup_day", d.startMs, DAY_MS);
      await rebuildUserDay(tx, d.projectId, d.startMs);
    }
    return claimed.length + hours.length + days.length;
  });
}

/**
 * Claims (deletes and returns) up to `limit` dirty marks. Marks held by an uncommitted ingest
 * transaction are skipped, so their data is never rebuilt before it is visible.
 */
async function claimDirty(
  tx: Database,
  table: "rollup_dirty" | "rollup_dirty_hour" | "rollup_dirty_day",
  column: "minute" | "hour" | "day",
  limit: number,
  order: string = column,
): Promise<Array<{ projectId: string; startMs: number }>> {
  const t = sql.raw(table);
  const c = sql.raw(column);
  // An hour (day) is merged once it is over: the hour under way is re-marked by every tick while
  // traffic flows, and no query reads it from rollup_hour (rollupFrom stops whole hours before
  // now), so merging it every 2 s was work thrown away. Late data re-marks a past hour as before.
  const complete =
    column === "hour" ? sql`WHERE hour + interval '1 hour' <= now()` : column === "day" ? sql`WHERE day + interval '1 day' <= now()` : sql``;
  const found = await rows<{ project_id: string; start_ms: number }>(
    tx,
    sql`
    DELETE FROM ${t} d USING (
      SELECT project_id, ${c} FROM ${t} ${complete} ORDER BY ${sql.raw(order)} LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ) x
    WHERE d.project_id = x.project_id AND d.${c} = x.${c}
    RETURNING d.project_id, extract(epoch from d.${c}) * 1000 AS start_ms`,
  );
  return found.map((f) => ({ projectId: f.project_id, startMs: Number(f.start_ms) }));
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
