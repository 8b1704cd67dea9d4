import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { dropExpiredSpanPartitions } from "@/server/partitions/spans-partitions";
import { DATA_LIMITS } from "@/server/settings/schema";

/** Rows per DELETE: small enough that no statement holds locks or the embedded database for long. */
export const RETENTION_BATCH = 2_000;
/** DELETE statements per tick; the job comes back at once while there is more to delete. */
const BATCHES_PER_TICK = 10;

const DAY_MS = 86_400_000;

/** Expiring tables, their time column, and how long one row's bucket lasts (a row goes once all of it is past). */
const TABLES = [
  { table: "spans", column: "start_time", bucketMs: 0 },
  { table: "traces", column: "start_time", bucketMs: 0 },
  { table: "engine_samples", column: "time", bucketMs: 0 },
  { table: "metric_points", column: "time", bucketMs: 0 },
  { table: "rollup_minute", column: "minute", bucketMs: 60_000 },
  { table: "rollup_hour", column: "minute", bucketMs: 3_600_000 },
  { table: "rollup_day", column: "minute", bucketMs: DAY_MS },
  { table: "rollup_user_hour", column: "hour", bucketMs: 3_600_000 },
  { table: "rollup_user_day", column: "day", bucketMs: DAY_MS },
  { table: "rollup_dirty", column: "minute", bucketMs: 60_000 },
] as const;

export type RetentionTable = (typeof TABLES)[number]["table"];

interface ProjectRetention {
  project_id: string;
  retention_days: number;
}

/** Every project with its retention (the default where it has no settings row). */
async function projectRetentions(db: Database): Promise<ProjectRetention[]> {
  const found = await rows<ProjectRetention>(
    db,
    sql`SELECT p.id AS project_id, coalesce(s.retention_days, ${DATA_LIMITS.defaultRetentionDays}) AS retention_days
      FROM projects p LEFT JOIN project_settings s ON s.project_id = p.id`,
  );
  return found.map((p) => ({ project_id: p.project_id, retention_days: Number(p.retention_days) }));
}

/** Deletes up to `limit` rows of one project's table older than `beforeMs`; returns how many went. */
export async function deleteBatch(db: Database, projectId: string, table: RetentionTable, beforeMs: number, limit = RETENTION_BATCH): Promise<number> {
  const spec = TABLES.find((t) => t.table === table)!;
  const t = sql.raw(spec.table);
  const c = sql.raw(spec.column);
  const cutoff = new Date(beforeMs - spec.bucketMs).toISOString();
  const expired = sql`project_id = ${projectId}::uuid AND ${c} ${spec.bucketMs ? sql.raw("<=") : sql.raw("<")} ${cutoff}::timestamptz`;
  // ctid keeps the batch to the rows the bounded SELECT found (no unbounded DELETE on a big table).
  // A ctid is unique only within one partition (spans is partitioned), so the DELETE repeats the
  // condition: a row of another partition with the same ctid goes only if it is expired too.
  const [r] = await rows<{ n: string | number }>(
    db,
    sql`WITH gone AS (
        DELETE FROM ${t} WHERE ${expired} AND ctid = ANY(ARRAY(SELECT ctid FROM ${t} WHERE ${expired} LIMIT ${limit}))
        RETURNING 1)
      SELECT count(*) AS n FROM gone`,
  );
  return Number(r?.n ?? 0);
}

export interface RetentionTickResult {
  deleted: Partial<Record<RetentionTable, number>>;
  /** Day partitions of spans dropped whole (past every project's retention). */
  droppedPartitions: string[];
  total: number;
}

/**
 * One pass of retention. First, a day partition of spans whose whole day is past the retention
 * of every project is dropped (instant, whatever its size). Then, for each project, rows older
 * than its retention are deleted, table by table, in bounded batches: the other tables, and spans
 * of projects with a shorter retention than the longest (or in the default partition). Each table
 * gets one batch per pass; further full batches draw on `maxBatches`. `total` > 0 means there may
 * be more (the job then comes back at once).
 */
export async function runRetentionPass(
  db: Database,
  nowMs = Date.now(),
  { maxBatches = BATCHES_PER_TICK, batchSize = RETENTION_BATCH }: { maxBatches?: number; batchSize?: number } = {},
): Promise<RetentionTickResult> {
  const result: RetentionTickResult = { deleted: {}, droppedPartitions: [], total: 0 };
  let budget = maxBatches;
  const projects = await projectRetentions(db);
  const keepDays = projects.length ? Math.max(...projects.map((p) => p.retention_days)) : DATA_LIMITS.defaultRetentionDays;
  result.droppedPartitions = await dropExpiredSpanPartitions(db, nowMs, keepDays);
  result.total += result.droppedPartitions.length;
  for (const p of projects) {
    const beforeMs = nowMs - p.retention_days * DAY_MS;
    for (const { table } of TABLES) {
      for (;;) {
        const n = await deleteBatch(db, p.project_id, table, beforeMs, batchSize);
        if (n) result.deleted[table] = (result.deleted[table] ?? 0) + n;
        result.total += n;
        if (n < batchSize) break;
        if (--budget <= 0) return result;
      }
    }
  }
  return result;
}
