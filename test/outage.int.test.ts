import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, rows, type DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { GET as health } from "@/app/api/health/route";
import { POST } from "@/app/api/trpc/[trpc]/route";
import { syncBuiltinPrices } from "@/server/ingest/price-book";
import { createTestProject, serveFrom } from "@/test/helpers/backends";
// @ts-expect-error -- plain ESM helper
import { startThrowawayPostgres } from "../scripts/throwaway-postgres.mjs";

// A server of its own: this test stops and restarts it.
let server: { url: string; pause(): Promise<void>; resume(): Promise<void>; stop(): Promise<void> };
let handle: DbHandle;
let key: string;
let projectId: string;

beforeAll(async () => {
  server = await startThrowawayPostgres();
  handle = await openDatabase({ databaseUrl: server.url, poolSize: 4 });
  await migrateDatabase(handle);
  await syncBuiltinPrices(handle.db);
  ({ key, projectId } = await createTestProject(handle));
  serveFrom(handle, projectId);
});
afterAll(async () => {
  await handle?.close().catch(() => {});
  await server?.stop();
});

const send = (traceId: string) =>
  POST(
    new Request("http://localhost/api/trpc/ingest.batch", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ traces: [{ traceId, startTime: Date.now() - 1000, durationMs: 250 }] }),
    }),
  );

it("answers 503 with Retry-After while PostgreSQL is down, and recovers without a restart", async () => {
  expect((await send("before")).status).toBe(200);
  await server.pause();
  const during = await send("during");
  expect(during.status).toBe(503);
  expect(during.headers.get("retry-after")).toBe("5");
  expect((await during.json()).error.message).toMatch(/database unavailable/);
  expect((await health()).status).toBe(503);
  await server.resume();
  let after = await send("after");
  // the pool may hand out one stale connection first; a client retry then succeeds
  if (after.status === 503) after = await send("after");
  expect(after.status).toBe(200);
  expect((await health()).status).toBe(200);
  const ids = await rows<{ trace_id: string }>(handle.db, sql`SELECT trace_id FROM traces ORDER BY trace_id`);
  expect(ids.map((r) => r.trace_id)).toEqual(["after", "before"]);
});
