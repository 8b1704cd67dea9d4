import "server-only";
import type { Pool, PoolClient } from "pg";
import type { DbHandle } from "@/db/client";
import { startLoopOnce, type LoopHandle } from "@/server/jobs/loop";
import type { Runtime } from "@/server/runtime";
import { runRetentionPass } from "./retention";

/**
 * Arbitrary constant: the advisory lock that makes one instance run retention (its own: it was
 * once the alert evaluator's key, so the two jobs skipped each other's turns on PostgreSQL).
 */
export const RETENTION_LOCK_KEY = 7_305_221_848;
/** Expired data is looked for this often; a pass that found some comes back after BACKLOG_MS. */
const IDLE_MS = 10 * 60_000;
/** Pause between passes while deleting a backlog, so ingest and dashboards keep the database. */
const BACKLOG_MS = 250;

/**
 * Runs `fn` only if this instance holds the retention advisory lock; null when another one does.
 * Same pattern as withScrapeLock: a session lock on one checked-out pg connection; PGlite is one
 * process, nothing to coordinate.
 */
export async function withRetentionLock<T>(handle: DbHandle, fn: () => Promise<T>): Promise<T | null> {
  if (handle.kind !== "postgres") return fn();
  const pool = (handle.db as unknown as { $client: Pool }).$client;
  const client: PoolClient = await pool.connect();
  let broken: Error | undefined;
  try {
    const res = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS ok", [RETENTION_LOCK_KEY]);
    if (!res.rows[0]?.ok) return null;
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [RETENTION_LOCK_KEY]).catch((err: Error) => {
        broken = err; // destroying the connection ends the session, which frees the lock
      });
    }
  } finally {
    client.release(broken);
  }
}

/** One tick: under the lock, one bounded retention pass; returns the rows deleted. */
export async function runRetentionTick(handle: DbHandle, nowMs = Date.now()): Promise<number> {
  const pass = await withRetentionLock(handle, () => runRetentionPass(handle.db, nowMs));
  if (pass?.droppedPartitions.length) console.log(`[retention] dropped ${pass.droppedPartitions.join(", ")}`);
  if (pass && Object.keys(pass.deleted).length) console.log(`[retention] deleted ${JSON.stringify(pass.deleted)}`);
  return pass?.total ?? 0;
}

/** Starts the retention loop once per process (Next.js may load this module from several bundles). */
export function startRetentionLoop(runtime: Runtime): LoopHandle {
  return startLoopOnce("retention", () => runRetentionTick(runtime.handle), IDLE_MS, BACKLOG_MS);
}
