import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

/**
 * One handle over either backend. All SQL in Tailwatch goes through `db` (drizzle) or
 * `rows()` (raw, bound parameters); both work identically on PGlite and node-postgres.
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  kind: "pglite" | "postgres";
  db: Database;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… ; when absent, embedded PGlite on `dataDir`. */
  databaseUrl?: string;
  /** PGlite data directory; "memory://" for an in-memory database (tests). */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // every session in UTC: time buckets (date_trunc, extract) never depend on a server setting
      options: "-c timezone=UTC",
    });
    // A dropped connection must not crash the process; the next query reconnects.
    pool.on("error", (err) => console.error("[db] idle client error:", err.message));
    const db = drizzle(pool, { schema }) as unknown as Database;
    return { kind: "postgres", db, close: () => pool.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dataDir = opts.dataDir ?? "./.tailwatch/db";
  if (!dataDir.startsWith("memory://")) {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir);
  await client.exec("SET TIME ZONE 'UTC'");
  const db = drizzle(client, { schema }) as unknown as Database;
  return { kind: "pglite", db, close: () => client.close() };
}

/** Runs a raw statement and returns its rows, typed by the caller. */
export async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export { sql };

/**
 * Like `rows()`, but the database packs the result into one JSON value: much cheaper than
 * thousands of rows when the embedded database has to hand them over one by one.
 */
export async function jsonRows<T>(db: Database, query: SQL): Promise<T[]> {
  const [packed] = await rows<{ j: string }>(db, sql`SELECT coalesce(json_agg(q), '[]')::text AS j FROM (${query}) q`);
  return JSON.parse(packed?.j ?? "[]") as T[];
}
