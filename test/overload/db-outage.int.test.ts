// Dashboard reads during a database outage: while PostgreSQL is stopped, the dashboard's tRPC
// queries (through the real /api/trpc GET route handler) answer a clear 503 "database unavailable;
// retry later" with Retry-After, and work again once it is back, without a restart.
// (test/outage.int.test.ts does the same for ingest.)
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { createApiKey } from "@/server/auth/api-keys";
import { syncBuiltinPrices } from "@/server/ingest/price-book";
import { createTestProject, serveFrom } from "@/test/helpers/backends";
// @ts-expect-error -- plain ESM helper
import { startThrowawayPostgres } from "../../scripts/throwaway-postgres.mjs";

// A server of its own: this test stops and restarts it.
let server: { url: string; pause(): Promise<void>; resume(): Promise<void>; stop(): Promise<void> };
let handle: DbHandle;
let key: string;
let readKey: string;

beforeAll(async () => {
  server = await startThrowawayPostgres();
  handle = await openDatabase({ databaseUrl: server.url, poolSize: 4 });
  await migrateDatabase(handle);
  await syncBuiltinPrices(handle.db);
  const project = await createTestProject(handle);
  key = project.key;
  // dashboard reads as a "read" API key (what a script or a signed-out check would use)
  readKey = (await createApiKey(handle.db, { projectId: project.projectId, name: "read", scope: "read" })).secret;
  serveFrom(handle, project.projectId);
});
afterAll(async () => {
  await handle?.close().catch(() => {});
  await server?.stop();
});

/** A dashboard query as the pages send it: GET /api/trpc/<path>?input=<json>. */
const query = (path: string, input: unknown) =>
  GET(
    new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: { authorization: `Bearer ${readKey}` },
    }),
  );

const QUERIES: Array<[string, unknown]> = [
  ["metrics.overview", { range: "24h" }],
  ["traces.list", { range: "24h" }],
];

/** The pool may hand out one stale connection first after a restart; a page's retry then succeeds. */
async function eventually(path: string, input: unknown): Promise<Response> {
  let res = await query(path, input);
  for (let i = 0; i < 3 && res.status === 503; i++) res = await query(path, input);
  return res;
}

it("dashboard queries answer 503 'database unavailable; retry later' while PostgreSQL is down, and recover without a restart", async () => {
  const ingest = await POST(
    new Request("http://localhost/api/trpc/ingest.batch", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ traces: [{ traceId: "before-outage", startTime: Date.now() - 60_000, durationMs: 250 }] }),
    }),
  );
  expect(ingest.status).toBe(200);
  for (const [path, input] of QUERIES) expect((await query(path, input)).status, path).toBe(200);

  await server.pause();
  for (const [path, input] of QUERIES) {
    const during = await query(path, input);
    expect(during.status, path).toBe(503);
    expect(during.headers.get("retry-after"), path).toBe("5");
    const body = await during.json();
    expect(body.error.message, path).toBe("database unavailable; retry later");
    expect(body.error.data, path).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
  }

  await server.resume();
  for (const [path, input] of QUERIES) expect((await eventually(path, input)).status, path).toBe(200);
  const overview = await (await query("metrics.overview", { range: "24h" })).json();
  expect(overview.result.data).toBeTruthy();
  const list = await (await query("traces.list", { range: "24h" })).json();
  expect(JSON.stringify(list.result.data)).toContain("before-outage");
});
