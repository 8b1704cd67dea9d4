// Per-key rate limits through the real route handlers: a key over its limit gets 429 with
// Retry-After on every ingest path (its bucket is shared across them), nothing of the refused
// request is written, and another key is unaffected.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST as pushRoute } from "@/app/api/engine/push/route";
import { POST as tracesRoute } from "@/app/api/otel/v1/traces/route";
import { POST as trpcRoute } from "@/app/api/trpc/[trpc]/route";
import { createApiKey } from "@/server/auth/api-keys";
import { createRateLimiter, useIngestRateLimiter } from "@/server/http/rate-limit";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";

const LIMITS = { spansPerS: 10, spansBurst: 100, requestsPerS: 1, requestsBurst: 5 };

let seq = 0;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

function batch(key: string, spans: number) {
  const traceId = `rl-${++seq}`;
  const body = {
    traces: [
      {
        traceId,
        spans: Array.from({ length: spans }, (_, i) => ({ spanId: `s${i}`, name: "span", startTime: Date.now() - 60_000, durationMs: 10 })),
      },
    ],
  };
  return trpcRoute(
    new Request("http://localhost/api/trpc/ingest.batch", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    }),
  );
}

function otlp(key: string, spans: number) {
  const traceId = hex(++seq, 32);
  const start = BigInt(Date.now() - 60_000) * 1_000_000n;
  const body = {
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId,
              spanId: hex(i + 1, 16),
              name: "span",
              startTimeUnixNano: String(start),
              endTimeUnixNano: String(start + 10_000_000n),
            })),
          },
        ],
      },
    ],
  };
  return tracesRoute(
    new Request("http://localhost/api/otel/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    }),
  );
}

const push = (key: string) =>
  pushRoute(new Request("http://localhost/api/engine/push?host=h1", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: "up 1\n" }));

describe.each(BACKENDS)("per-key ingest rate limits on %s", (backend) => {
  let handle: DbHandle;
  let projectA: string;
  let keyA: string;
  let keyB: string;
  let clock = 0;
  let restore: () => void;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId: projectA, key: keyA } = await createTestProject(handle, "a"));
    // another key of the same project: limits are per key, not per project
    keyB = (await createApiKey(handle.db, { projectId: projectA, name: "second" })).secret;
    serveFrom(handle, projectA);
  });
  beforeEach(() => {
    restore?.();
    restore = useIngestRateLimiter(createRateLimiter(LIMITS, { now: () => clock }));
  });
  afterAll(async () => {
    restore?.();
    await handle?.close();
  });

  const stored = async () => Number((await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM spans WHERE project_id = ${projectA}`))[0]!.n);

  it("a key over its span limit gets 429 + Retry-After on every path; another key is unaffected", async () => {
    const before = await stored();
    expect((await batch(keyA, 60)).status).toBe(200);

    // 40 span tokens left: 60 more need 2 s at 10/s
    const refused = await batch(keyA, 60);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("2");
    const body = await refused.json();
    expect(body.error.message).toBe("rate limit of this API key exceeded: at most 10 spans/s (burst 100); retry after 2 s");
    expect(body.error.data).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });

    // the same bucket on the OTLP path, answered in OTLP's own error format
    const otlpRefused = await otlp(keyA, 50);
    expect(otlpRefused.status).toBe(429);
    expect(otlpRefused.headers.get("retry-after")).toBe("1");
    expect(await otlpRefused.json()).toMatchObject({ code: 8, message: expect.stringMatching(/rate limit of this API key exceeded/) });

    // key B has its own bucket
    expect((await batch(keyB, 60)).status).toBe(200);
    expect((await otlp(keyB, 40)).status).toBe(200);
    expect(await stored()).toBe(before + 60 + 60 + 40);

    // after the advertised wait, key A is admitted again
    clock += 2_000;
    expect((await batch(keyA, 60)).status).toBe(200);
    expect(await stored()).toBe(before + 60 + 60 + 40 + 60);
  });

  it("limits requests per second too (engine push carries no spans)", async () => {
    for (let i = 0; i < LIMITS.requestsBurst; i++) expect((await push(keyA)).status).toBe(200);
    const refused = await push(keyA);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.text()).toMatch(/at most 1 requests\/s \(burst 5\)/);
    expect((await push(keyB)).status).toBe(200);
    clock += 1_000;
    expect((await push(keyA)).status).toBe(200);
  });

  it("a refused or failed request costs no span tokens", async () => {
    // invalid batch (400): its spans are given back
    const invalid = await trpcRoute(
      new Request("http://localhost/api/trpc/ingest.batch", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${keyA}` },
        body: JSON.stringify({ traces: [{ spans: Array.from({ length: 100 }, () => ({ name: "no ids" })) }] }),
      }),
    );
    expect(invalid.status).toBe(400);
    expect((await batch(keyA, 100)).status).toBe(200);
  });
});
