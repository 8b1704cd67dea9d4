import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { migrateDatabase, MIGRATIONS_DIR } from "@/db/migrate";
import { POST as setup } from "@/app/api/setup/route";
import { createCaller } from "@/server/api/root";
import { ensureDefaultProject } from "@/server/bootstrap";
import { readEnv } from "@/server/env";
import { useRuntime, type Runtime } from "@/server/runtime";
import { BACKENDS, freshDatabase } from "@/test/helpers/backends";
import { DEMO_ADMIN_EMAIL, ensureDemoAdmin, ensureEnvAdmin } from "./first-users";
import { ensureDefaultOrganization } from "./organizations";
import { findUserByEmail, userCount } from "./users";

const setupRequest = (body: unknown, headers: Record<string, string> = {}) =>
  setup(new Request("http://tw.local/api/setup", { method: "POST", headers: { "content-type": "application/json", host: "tw.local", ...headers }, body: JSON.stringify(body) }));

describe.each(BACKENDS)("first run on %s", (backend) => {
  let handle: DbHandle;
  let runtime: Runtime;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    const defaultProjectId = await ensureDefaultProject(handle.db);
    runtime = { env: readEnv({}), handle, defaultProjectId };
    useRuntime(runtime);
  });
  afterAll(async () => handle.close());

  it("makes the admin once from /setup, signs them in, and refuses a second admin", async () => {
    expect(await userCount(handle.db)).toBe(0);
    expect((await setupRequest({ email: "root@example.com", password: "short" })).status).toBe(400);
    expect((await setupRequest({ email: "evil@example.com", password: "long-enough-pw" }, { origin: "https://evil.example" })).status).toBe(403);
    const res = await setupRequest({ email: "Root@Example.com", password: "long-enough-pw", name: "Root" });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const me = await createCaller({ headers: new Headers({ cookie }) }).access.me();
    expect(me).toMatchObject({ user: { email: "root@example.com" }, role: "admin", project: { slug: "default" } });

    const again = await setupRequest({ email: "second@example.com", password: "long-enough-pw" });
    expect(again.status).toBe(409);
    expect(await userCount(handle.db)).toBe(1);
  });

  it("makes the automation admin from env once, and the demo admin only while the demo runs", async () => {
    const orgId = await ensureDefaultOrganization(handle.db);
    const withEnv = { ...runtime, env: readEnv({ TAILWATCH_ADMIN_EMAIL: "ops@example.com", TAILWATCH_ADMIN_PASSWORD: "ops-password-1" }) };
    await ensureEnvAdmin(withEnv, orgId);
    await ensureEnvAdmin(withEnv, orgId);
    expect(await findUserByEmail(handle.db, "ops@example.com")).toMatchObject({ email: "ops@example.com" });

    await ensureDemoAdmin(runtime, orgId, true);
    const demo = await findUserByEmail(handle.db, DEMO_ADMIN_EMAIL);
    expect(demo).not.toBeNull();
    await ensureDemoAdmin(runtime, orgId, false);
    expect(await findUserByEmail(handle.db, DEMO_ADMIN_EMAIL)).toBeNull();
    expect(await rows(handle.db, sql`SELECT 1 FROM memberships WHERE user_id = ${demo!.id}`)).toHaveLength(0);
  });
});

describe.each(BACKENDS)("migration 0010 on %s", (backend) => {
  it("puts projects made before it into the default organisation", async () => {
    // a copy of the migrations that stops at 0009, as an instance installed before sign-in had them
    const before = mkdtempSync(path.join(tmpdir(), "tw-migrations-"));
    cpSync(MIGRATIONS_DIR, before, { recursive: true });
    const journalPath = path.join(before, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ idx: number }> };
    journal.entries = journal.entries.filter((e) => e.idx <= 9);
    writeFileSync(journalPath, JSON.stringify(journal));

    const handle = await freshDatabase(backend, { migrationsFolder: before });
    try {
      await handle.db.execute(sql`INSERT INTO projects (slug, name) VALUES ('default', 'Default project'), ('legacy', 'Legacy')`);
      await migrateDatabase(handle);
      const found = await rows<{ slug: string; org: string }>(
        handle.db,
        sql`SELECT p.slug, o.slug AS org FROM projects p JOIN organizations o ON o.id = p.organization_id ORDER BY p.slug`,
      );
      expect(found).toEqual([{ slug: "default", org: "default" }, { slug: "legacy", org: "default" }]);
    } finally {
      await handle.close();
    }
  });
});
