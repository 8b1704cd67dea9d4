import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { DATA_LIMITS } from "@/server/settings/schema";

/**
 * `spans` is partitioned by range of start_time, one partition per UTC day (spans_pYYYYMMDD),
 * with spans_default catching anything outside them, so nothing ingest accepts is ever refused.
 * This module keeps the day partitions: created ahead of time by the partition job, and for late
 * data (rows that landed in the default) created on demand with those rows moved in. Retention
 * drops a day partition once all of it is past every project's retention (a DROP, not a DELETE).
 */

export const DAY_MS = 86_400_000;
/** Partitions exist this many days ahead of today (UTC); ingest accepts at most a day ahead. */
export const DAYS_AHEAD = 2;
/** …and this many days back, so a backfilled week (the demo, the benchmark) needs no move. */
export const DAYS_BEHIND = 7;
/** A partition job or retention waits at most this long for a table lock, then tries next time. */
const LOCK_TIMEOUT = "3s";
const PREFIX = "spans_p";
const NAME = /^spans_p(\d{4})(\d{2})(\d{2})$/;

export const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** spans_pYYYYMMDD for the UTC day that contains `dayMs`. */
export function partitionName(dayMs: number): string {
  return PREFIX + new Date(floorDay(dayMs)).toISOString().slice(0, 10).replaceAll("-", "");
}

/** The UTC day (epoch ms) a day partition's name stands for; null for any other table. */
export function partitionDay(name: string): number | null {
  const m = NAME.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

export interface DayPartition {
  name: string;
  dayMs: number;
}

/** The day partitions of spans, oldest first (the default partition is not listed). */
export async function listSpanPartitions(db: Database): Promise<DayPartition[]> {
  const found = await rows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'spans'::regclass`,
  );
  const out: DayPartition[] = [];
  for (const { name } of found) {
    const dayMs = partitionDay(name);
    if (dayMs !== null) out.push({ name, dayMs });
  }
  return out.sort((a, b) => a.dayMs - b.dayMs);
}

/** The longest retention of any project (the default for projects without settings). */
export async function longestRetentionDays(db: Database): Promise<number> {
  const [r] = await rows<{ days: number | string | null }>(
    db,
    sql`SELECT max(coalesce(s.retention_days, ${DATA_LIMITS.defaultRetentionDays})) AS days
      FROM projects p LEFT JOIN project_settings s ON s.project_id = p.id`,
  );
  return r?.days == null ? DATA_LIMITS.defaultRetentionDays : Number(r.days);
}

/**
 * Whether a day's rows are all past every project's retention (`keepDays`, the longest): such a
 * partition is dropped by retention and never (re)created here.
 */
export const dayExpired = (dayMs: number, nowMs: number, keepDays: number) => dayMs + DAY_MS <= nowMs - keepDays * DAY_MS;

const iso = (ms: number) => new Date(ms).toISOString();

/** A statement gave up waiting for a lock (lock_timeout): the table is busy, try again next tick. */
export function isLockTimeout(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return (e.code ?? e.cause?.code) === "55P03";
}

/**
 * Creates the partition for one UTC day. Rows the default partition holds for that day (late
 * data) are moved into it in the same transaction: PostgreSQL refuses to create a partition
 * while the default holds rows of its range. `spans` is locked for the move (lock_timeout keeps
 * a busy table from stalling behind the lock queue; the caller tries again next tick).
 * Returns null when the partition already exists, else the rows moved.
 */
export async function createSpanPartition(db: Database, dayMs: number): Promise<number | null> {
  const day = floorDay(dayMs);
  const name = partitionName(day);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`));
    await tx.execute(sql`LOCK TABLE spans IN ACCESS EXCLUSIVE MODE`);
    const [exists] = await rows<{ oid: string | null }>(tx, sql`SELECT to_regclass(${name})::text AS oid`);
    if (exists?.oid) return null;
    const from = iso(day);
    const to = iso(day + DAY_MS);
    await tx.execute(sql`CREATE TEMP TABLE tw_moving_spans ON COMMIT DROP AS
      SELECT * FROM spans_default WHERE start_time >= ${from}::timestamptz AND start_time < ${to}::timestamptz`);
    const [moved] = await rows<{ n: number | string }>(tx, sql`SELECT count(*) AS n FROM tw_moving_spans`);
    const n = Number(moved?.n ?? 0);
    if (n) await tx.execute(sql`DELETE FROM spans_default WHERE start_time >= ${from}::timestamptz AND start_time < ${to}::timestamptz`);
    await tx.execute(sql.raw(`CREATE TABLE "${name}" PARTITION OF spans FOR VALUES FROM ('${from}') TO ('${to}')`));
    if (n) await tx.execute(sql`INSERT INTO spans SELECT * FROM tw_moving_spans`);
    await tx.execute(sql`DROP TABLE tw_moving_spans`);
    return n;
  });
}

export interface EnsureResult {
  created: string[];
  moved: number;
}

/**
 * Creates the missing day partitions from DAYS_BEHIND days back to DAYS_AHEAD days ahead, and
 * one for every other day the default partition holds rows of (late data), as long as the day is
 * not already past every project's retention (those rows just wait in the default partition for
 * retention's DELETE). At most `maxPartitions` per call; the job comes back for the rest.
 */
export async function ensureSpanPartitions(db: Database, nowMs = Date.now(), { maxPartitions = 10 } = {}): Promise<EnsureResult> {
  const keepDays = await longestRetentionDays(db);
  const today = floorDay(nowMs);
  const wanted = new Set<number>();
  for (let d = today - DAYS_BEHIND * DAY_MS; d <= today + DAYS_AHEAD * DAY_MS; d += DAY_MS) {
    if (!dayExpired(d, nowMs, keepDays)) wanted.add(d);
  }
  const firstKept = floorDay(nowMs - keepDays * DAY_MS);
  const late = await rows<{ day: number | string }>(
    db,
    sql`SELECT DISTINCT floor(extract(epoch from start_time) / 86400) * 86400000 AS day
      FROM spans_default WHERE start_time >= ${iso(firstKept)}::timestamptz`,
  );
  for (const { day } of late) if (!dayExpired(Number(day), nowMs, keepDays)) wanted.add(Number(day));
  const existing = new Set((await listSpanPartitions(db)).map((p) => p.dayMs));
  const result: EnsureResult = { created: [], moved: 0 };
  for (const day of [...wanted].sort((a, b) => a - b)) {
    if (existing.has(day)) continue;
    if (result.created.length >= maxPartitions) break;
    let moved: number | null;
    try {
      moved = await createSpanPartition(db, day);
    } catch (err) {
      if (isLockTimeout(err)) break; // spans is busy: the next tick tries again
      throw err;
    }
    if (moved === null) continue;
    result.created.push(partitionName(day));
    result.moved += moved;
  }
  return result;
}

/**
 * Drops the day partitions whose whole day is past the retention of every project (`keepDays`,
 * the longest); returns their names. Shorter per-project retentions are left to retention's
 * batched DELETE.
 */
export async function dropExpiredSpanPartitions(db: Database, nowMs: number, keepDays: number): Promise<string[]> {
  const dropped: string[] = [];
  for (const p of await listSpanPartitions(db)) {
    if (!dayExpired(p.dayMs, nowMs, keepDays)) break; // oldest first
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`));
        await tx.execute(sql.raw(`DROP TABLE IF EXISTS "${p.name}"`));
      });
    } catch (err) {
      if (isLockTimeout(err)) break; // spans is busy: the next pass tries again
      throw err;
    }
    dropped.push(p.name);
  }
  return dropped;
}

/** Whether the timescaledb extension could be installed on this server (hypertables are not used yet). */
export async function timescaleAvailable(db: Database): Promise<boolean> {
  const found = await rows<{ ok: number }>(db, sql`SELECT 1 AS ok FROM pg_available_extensions WHERE name = 'timescaledb'`);
  return found.length > 0;
}
