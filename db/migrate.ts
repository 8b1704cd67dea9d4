import path from "node:path";
import type { DbHandle } from "./client";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "drizzle");

/** Applies the committed drizzle-kit migrations; safe to call on every start. */
export async function migrateDatabase(handle: DbHandle, migrationsFolder = MIGRATIONS_DIR) {
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder });
  }
}
