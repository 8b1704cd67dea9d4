import "server-only";
import type { Pool, PoolClient } from "pg";
import type { DbHandle } from "@/db/client";

/** Arbitrary constant (next to the scrape job's): the lock that makes one instance evaluate alerts. */
export const ALERTS_LOCK_KEY = 7_305_221_847;

/**
 * Runs `fn` only if this instance holds the advisory lock `key`; null when another instance does.
 * With a pg Pool the lock is session-scoped, so it is taken and released on one checked-out
 * connection. PGlite is one embedded connection in one process: nothing to coordinate.
 */
export async function withAdvisoryLock<T>(handle: DbHandle, key: number, fn: () => Promise<T>): Promise<T | null> {
  if (handle.kind !== "postgres") return fn();
  const pool = (handle.db as unknown as { $client: Pool }).$client;
  const client: PoolClient = await pool.connect();
  let broken: Error | undefined;
  try {
    const res = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS ok", [key]);
    if (!res.rows[0]?.ok) return null;
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch((err: Error) => {
        broken = err; // destroying the connection below ends the session, which frees the lock
      });
    }
  } finally {
    client.release(broken);
  }
}
