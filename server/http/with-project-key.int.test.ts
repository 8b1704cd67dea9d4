import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST as pushRoute } from "@/app/api/engine/push/route";
import { POST as metricsRoute } from "@/app/api/otel/v1/metrics/route";
import { POST as tracesRoute } from "@/app/api/otel/v1/traces/route";
import { createCallerFactory, readKeyProcedure, apiKeyProcedure, router } from "@/server/api/trpc";
import { createApiKey } from "@/server/auth/api-keys";
import { IngestRefusal } from "@/server/ingest/ingest-batch";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { withProjectKey, type KeyedRoute } from "./with-project-key";

const traceBody = (traceId: string) =>
  JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: `${traceId.slice(0, 15)}1`,
                name: "root",
                startTimeUnixNano: String(BigInt(Date.now() - 5_000) * 1_000_000n),
                endTimeUnixNano: String(BigInt(Date.now() - 4_000) * 1_000_000n),
              },
            ],
          },
        ],
      },
    ],
  });
const metricsBody = JSON.stringify({ resourceMetrics: [] });
const promBody = "# TYPE up gauge\nup 1\n";

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const traces = (key: string, body = traceBody("a1b2c3d4e5f60718293a4b5c6d7e8f90")) =>
  tracesRoute(new Request("http://localhost/api/otel/v1/traces", { method: "POST", headers: { "content-type": "application/json", ...auth(key) }, body }));
const metrics = (key: string) =>
  metricsRoute(new Request("http://localhost/api/otel/v1/metrics", { method: "POST", headers: { "content-type": "application/json", ...auth(key) }, body: metricsBody }));
const push = (key: string) =>
  pushRoute(new Request("http://localhost/api/engine/push?host=h1", { method: "POST", headers: auth(key), body: promBody }));

/** A test route over the wrapper: JSON refusals, gzip accepted, 64-byte limit. */
const testRoute: KeyedRoute<null, undefined> = {
  route: "engine_push",
  format: () => null,
  refuse: () => (status, message, headers) => Response.json({ error: message }, { status, headers }),
  body: { maxBytes: 64, tooLarge: "too big", gzip: { invalid: (d) => `bad gzip: ${d}` } },
  refusal: (err, refuse) => (err instanceof SyntaxError ? refuse(400, "own refusal") : null),
};

describe.each(BACKENDS)("withProjectKey on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let ingestKey: string;
  let readKey: string;
  let oddKey: string;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key: ingestKey } = await createTestProject(handle));
    readKey = (await createApiKey(handle.db, { projectId, name: "read", scope: "read" })).secret;
    // a scope value no code knows (a future "admin", a typo by hand in SQL) allows nothing
    oddKey = (await createApiKey(handle.db, { projectId, name: "odd", scope: "admin" as "read" })).secret;
    serveFrom(handle, projectId);
  });
  afterAll(async () => handle.close());

  it("ingest routes accept ingest and read keys, and refuse a key of an unknown scope with 403 in the route's format", async () => {
    for (const key of [ingestKey, readKey]) {
      expect((await traces(key)).status).toBe(200);
      expect((await metrics(key)).status).toBe(200);
      expect((await push(key)).status).toBe(200);
    }
    const t = await traces(oddKey);
    expect(t.status).toBe(403);
    expect(await t.json()).toEqual({ code: 7, message: 'this API key\'s scope "admin" does not allow ingest' });
    expect((await metrics(oddKey)).status).toBe(403);
    const p = await push(oddKey);
    expect(p.status).toBe(403);
    expect(await p.json()).toEqual({ error: 'this API key\'s scope "admin" does not allow ingest' });
    const [n] = await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM traces WHERE project_id = ${projectId}::uuid`);
    expect(Number(n!.n)).toBe(1); // the one trace, sent twice, and nothing from the refused key
  });

  it("maps errors in one place: own refusals, IngestRefusal, database down, and anything else without internals", async () => {
    const errors: unknown[] = [
      new SyntaxError("x"),
      new IngestRefusal("invalid", "traces[0].traceId: required"),
      new IngestRefusal("too_large", "batch has 6000 traces"),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("duplicate key value violates unique constraint \"secret\""),
    ];
    const answers = [];
    for (const err of errors) {
      const route = withProjectKey(testRoute, async () => {
        throw err;
      });
      const res = await route(new Request("http://localhost/x", { method: "POST", headers: auth(ingestKey), body: "{}" }));
      answers.push([res.status, (await res.json()).error, res.headers.get("retry-after")]);
    }
    expect(answers).toEqual([
      [400, "own refusal", null],
      [400, "traces[0].traceId: required", null],
      [413, "batch has 6000 traces", null],
      [503, "database unavailable; retry later", "5"],
      [500, "internal error; see the server log", null],
    ]);
  });

  it("reads the body within its limit, un-gzips it, and refuses other encodings, bad gzip and bombs", async () => {
    const seen: string[] = [];
    const route = withProjectKey(testRoute, async ({ body, projectId: p }) => {
      seen.push(`${p === projectId}:${new TextDecoder().decode(body)}`);
      return new Response(null, { status: 204 });
    });
    const send = (body: Uint8Array<ArrayBuffer> | string, encoding?: string) =>
      route(new Request("http://localhost/x", { method: "POST", headers: { ...auth(readKey), ...(encoding ? { "content-encoding": encoding } : {}) }, body }));
    expect((await send("plain")).status).toBe(204);
    expect((await send(new Uint8Array(gzipSync("zipped")), "gzip")).status).toBe(204);
    expect(seen).toEqual(["true:plain", "true:zipped"]);
    expect((await send("x".repeat(65))).status).toBe(413);
    expect((await send(new Uint8Array(gzipSync("x".repeat(10_000))), "gzip")).status).toBe(413); // small on the wire, large inside
    expect((await send("plain", "br")).status).toBe(415);
    const bad = await send("not gzip", "gzip");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^bad gzip: /);
    expect((await route(new Request("http://localhost/x", { method: "POST", body: "x" }))).status).toBe(401);
    expect((await route(new Request("http://localhost/x", { method: "POST", headers: auth("tw_nope"), body: "x" }))).status).toBe(401);
  });

  it("tRPC key procedures: writes take ingest and read keys; reads take only read keys; unknown scopes nothing", async () => {
    const testRouter = router({
      write: apiKeyProcedure.mutation(({ ctx }) => ctx.projectId),
      read: readKeyProcedure.query(({ ctx }) => ctx.projectId),
    });
    const caller = (key: string) => createCallerFactory(testRouter)({ headers: new Headers(auth(key)) });
    expect(await caller(ingestKey).write()).toBe(projectId);
    expect(await caller(readKey).write()).toBe(projectId);
    expect(await caller(readKey).read()).toBe(projectId);
    await expect(caller(ingestKey).read()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/may only ingest/) });
    await expect(caller(oddKey).write()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller("tw_nope").write()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
