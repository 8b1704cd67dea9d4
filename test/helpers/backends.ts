import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, rows, type DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { organizations, projects } from "@/db/schema";
import { createApiKey } from "@/server/auth/api-keys";
import { readEnv } from "@/server/env";
import { syncBuiltinPrices } from "@/server/ingest/price-book";
import { useRuntime } from "@/server/runtime";

export const BACKENDS = ["pglite", "postgres"] as const;
export type Backend = (typeof BACKENDS)[number];

/** A new, migrated, empty database on the given backend; `close()` drops it. `migrationsFolder`: migrate from another folder (upgrade tests). */
export async function freshDatabase(kind: Backend, opts: { migrationsFolder?: string } = {}): Promise<DbHandle> {
  let handle: DbHandle;
  let drop: (() => Promise<void>) | null = null;
  if (kind === "pglite") {
    handle = await openDatabase({ dataDir: "memory://" });
  } else {
    const adminUrl = inject("pgUrl");
    const name = `tw_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 8 });
    drop = async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  }
  await migrateDatabase(handle, opts.migrationsFolder);
  if (!opts.migrationsFolder) await syncBuiltinPrices(handle.db);
  const close = handle.close;
  return {
    ...handle,
    async close() {
      await close();
      await drop?.();
    },
  };
}

/** Each test makes its own project and key, so tests never share rows. */
export async function createTestProject(handle: DbHandle, name = "test") {
  const slug = `${name}-${randomBytes(4).toString("hex")}`;
  const [org] = await handle.db.insert(organizations).values({ slug: `org-${slug}`, name: `${name} org` }).returning({ id: organizations.id });
  const [project] = await handle.db.insert(projects).values({ slug, name, organizationId: org!.id }).returning({ id: projects.id });
  const key = await createApiKey(handle.db, { projectId: project!.id, name: "test key" });
  return { projectId: project!.id, slug, organizationId: org!.id, key: key.secret, keyId: key.id };
}

/** Points the app's route handlers at this database; the dashboard's default project is `projectId`. */
export function serveFrom(handle: DbHandle, defaultProjectId: string) {
  useRuntime({ env: readEnv({}), handle, defaultProjectId });
}

/** The connection URL of a handle on the throwaway PostgreSQL server (a second "instance" connects with it). */
export async function databaseUrlOf(handle: DbHandle): Promise<string> {
  const [r] = await rows<{ db: string }>(handle.db, sql`SELECT current_database() AS db`);
  const url = new URL(inject("pgUrl"));
  url.pathname = `/${r!.db}`;
  return url.toString();
}
