import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { POST } from "@/app/api/trpc/[trpc]/route";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { deepJsonText, fuzzCases, fuzzOptions, hostileNumber, hostileString, plainString, plausibleMs, runCase } from "./harness";

/** Mostly a valid value, sometimes anything. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, wild: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: wild as fc.Arbitrary<T | U>, weight: 1 });

const wild = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));
const time = mostly(
  fc.oneof(plausibleMs, plausibleMs.map((ms) => new Date(ms).toISOString())),
  fc.oneof(hostileNumber, hostileString, fc.constantFrom("+275760-09-13T00:00:00.000Z", "1970-01-01", "2026-02-30T00:00:00Z", "1999-12-31T23:59:59Z")),
);
const tokens = mostly(fc.integer({ min: 0, max: 100_000 }), hostileNumber);
const attributes = mostly(
  fc.dictionary(hostileString, fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.jsonValue({ maxDepth: 4 })), { maxKeys: 5 }),
  fc.oneof(wild, fc.integer({ min: 50, max: 500 }).map((d) => JSON.parse(deepJsonText(d, '{"a":', "}")) as unknown)),
);

const span = fc.record(
  {
    spanId: mostly(plainString, wild),
    parentSpanId: mostly(plainString, wild),
    name: mostly(hostileString, wild),
    startTime: time,
    endTime: time,
    durationMs: mostly(fc.integer({ min: 0, max: 600_000 }), hostileNumber),
    kind: mostly(fc.constantFrom("internal", "server", "client", "producer", "consumer"), wild),
    stage: mostly(fc.constantFrom("network", "queue", "retrieval", "prefill", "generation", "tool", "cache", "postprocess", "other"), wild),
    ttftMs: mostly(fc.integer({ min: 0, max: 10_000 }), hostileNumber),
    model: mostly(fc.constantFrom("gpt-4o", "claude-sonnet-4", "llama-3-70b"), hostileString),
    provider: mostly(plainString, wild),
    inputTokens: tokens,
    outputTokens: tokens,
    cachedTokens: tokens,
    costUsd: mostly(fc.double({ min: 0, max: 10, noNaN: true }), hostileNumber),
    status: mostly(fc.constantFrom("ok", "error"), wild),
    errorType: mostly(hostileString, wild),
    httpStatus: mostly(fc.constantFrom(200, 429, 500, 503), hostileNumber),
    attempt: mostly(fc.integer({ min: 1, max: 5 }), hostileNumber),
    fallbackIndex: mostly(fc.integer({ min: 0, max: 3 }), hostileNumber),
    cacheOutcome: mostly(fc.constantFrom("exact_hit", "semantic_hit", "miss", "bypass"), wild),
    cacheSimilarity: mostly(fc.double({ min: 0, max: 1, noNaN: true }), hostileNumber),
    circuitState: mostly(fc.constantFrom("closed", "open", "half_open"), wild),
    input: mostly(hostileString, wild),
    output: mostly(hostileString, wild),
    attributes,
  },
  { requiredKeys: ["spanId", "name", "startTime"] },
);

const trace = fc.record(
  {
    traceId: mostly(plainString, wild),
    name: mostly(hostileString, wild),
    taskType: mostly(plainString, wild),
    feature: mostly(hostileString, wild),
    userId: mostly(hostileString, wild),
    sessionId: mostly(plainString, wild),
    environment: mostly(plainString, wild),
    release: mostly(plainString, wild),
    startTime: time,
    durationMs: mostly(fc.integer({ min: 0, max: 600_000 }), hostileNumber),
    attributes,
    spans: mostly(fc.array(span, { maxLength: 6 }), wild),
  },
  { requiredKeys: ["traceId"] },
);

const engineSample = fc.record(
  {
    time,
    host: mostly(plainString, wild),
    source: mostly(fc.constantFrom("dcgm", "vllm"), wild),
    gpuIndex: mostly(fc.integer({ min: 0, max: 7 }), hostileNumber),
    gpuUtilPct: mostly(fc.double({ min: 0, max: 100, noNaN: true }), hostileNumber),
    memUsedBytes: mostly(fc.integer({ min: 0, max: 2 ** 40 }), hostileNumber),
    labels: mostly(fc.dictionary(plainString, hostileString, { maxKeys: 3 }), wild),
  },
  { requiredKeys: ["time", "host"] },
);

const batchJson = fc.record({ traces: mostly(fc.array(trace, { maxLength: 4 }), wild), engineSamples: mostly(fc.array(engineSample, { maxLength: 3 }), wild) }, { requiredKeys: [] });

/** Bodies: structured batches, any JSON, and text that is not quite JSON. */
const body = fc.oneof(
  { arbitrary: batchJson.map((b) => JSON.stringify(b)), weight: 8 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null"), weight: 1 },
  { arbitrary: fc.tuple(batchJson.map((b) => JSON.stringify(b)), fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))), weight: 1 },
  { arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((d) => deepJsonText(d)), weight: 1 },
  // a valid trace whose attributes nest deeper than any stack (written as text: JSON.stringify would recurse)
  {
    arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.boolean()).map(
      ([d, objects]) =>
        `{"traces":[{"traceId":"deep","startTime":${Date.now() - 1000},"durationMs":5,"attributes":{"a":${objects ? deepJsonText(d, '{"a":', "}") : deepJsonText(d)}}}]}`,
    ),
    weight: 1,
  },
  { arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => new Uint8Array(b)), weight: 1 },
  // invalid UTF-8 inside an otherwise valid batch
  { arbitrary: fc.constant(new Uint8Array([...Buffer.from('{"traces":[{"traceId":"t'), 0xc3, 0x28, 0xff, ...Buffer.from('","startTime":1,"durationMs":1}]}')])), weight: 1 },
);

describe.each(BACKENDS)("fuzz: POST /api/trpc/ingest.batch on %s", (backend) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDatabase(backend);
    serveFrom(handle, (await createTestProject(handle)).projectId);
  });
  afterAll(async () => {
    await handle.close();
    console.log(`[fuzz] ingest.batch: ${fuzzCases()} cases so far`);
  });

  it("answers 2xx with exactly what it stored, or 4xx with nothing stored; never 5xx, never throws", async () => {
    await fc.assert(
      fc.asyncProperty(body, async (sent) => {
        await runCase(
          handle,
          (key) =>
            POST(
              new Request("http://localhost/api/trpc/ingest.batch", {
                method: "POST",
                headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
                body: sent,
              }),
            ),
          (_res, stored, answer) => {
            const data = (answer as { result: { data: { traces: number; spans: number; engineSamples: number } } }).result.data;
            expect({ traces: stored.traces, spans: stored.spans, engineSamples: stored.engineSamples }).toEqual(data);
          },
        );
      }),
      fuzzOptions(`ingest.batch-${backend}`),
    );
  });
});
