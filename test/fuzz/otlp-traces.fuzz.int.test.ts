import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { POST } from "@/app/api/otel/v1/traces/route";
import { encodeTraceRequestProto } from "@/server/ingest/otlp/otlp-proto";
import { selfMetrics } from "@/server/observability/self-metrics";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { damaged, deepJsonText, fuzzCases, fuzzOptions, hostileNumber, hostileString, plainString, plausibleMs, runCase } from "./harness";

const mostly = <T, U>(valid: fc.Arbitrary<T>, wild: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 10 }, { arbitrary: wild as fc.Arbitrary<T | U>, weight: 1 });
const wild = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString("hex"));
const nanos = mostly(
  plausibleMs.map((ms) => String(BigInt(ms) * 1_000_000n)),
  fc.oneof(hostileNumber, hostileString, fc.constantFrom("99999999999999999999999", "-1", "0", "1e30", "18446744073709551615")),
);

/** AnyValue, typed as the protobuf encoder wants it (`typed`), or anything (`wild`). */
const anyValue = (typed: boolean) =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({ stringValue: typed ? hostileString : mostly(hostileString, wild) }),
      fc.record({ intValue: typed ? fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String) : mostly(fc.integer().map(String), wild) }),
      fc.record({ doubleValue: typed ? fc.double() : mostly(fc.double(), wild) }),
      fc.record({ boolValue: typed ? fc.boolean() : mostly(fc.boolean(), wild) }),
      fc.record({ arrayValue: fc.record({ values: fc.array(tie("value"), { maxLength: 3 }) }) }),
      fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: hostileString, value: tie("value") }), { maxLength: 3 }) }) }),
    ),
  })).value;
const attributes = (typed: boolean) => fc.array(fc.record({ key: typed ? hostileString : mostly(hostileString, wild), value: anyValue(typed) }), { maxLength: 5 });

const span = (typed: boolean) =>
  fc.record(
    {
      traceId: typed ? hex(16) : mostly(hex(16), fc.oneof(wild, hex(8), hex(17))),
      spanId: typed ? hex(8) : mostly(hex(8), fc.oneof(wild, hex(4))),
      parentSpanId: typed ? hex(8) : mostly(hex(8), wild),
      name: typed ? hostileString : mostly(hostileString, wild),
      kind: typed ? fc.integer({ min: 0, max: 5 }) : mostly(fc.integer({ min: 0, max: 5 }), hostileNumber),
      startTimeUnixNano: typed ? plausibleMs.map((ms) => String(BigInt(ms) * 1_000_000n)) : nanos,
      endTimeUnixNano: typed ? plausibleMs.map((ms) => String(BigInt(ms) * 1_000_000n)) : nanos,
      attributes: attributes(typed),
      events: fc.array(fc.record({ name: hostileString, timeUnixNano: typed ? plausibleMs.map((ms) => String(BigInt(ms) * 1_000_000n)) : nanos, attributes: attributes(typed) }), { maxLength: 2 }),
      status: fc.record({ code: typed ? fc.integer({ min: 0, max: 2 }) : mostly(fc.integer({ min: 0, max: 2 }), hostileNumber), message: hostileString }, { requiredKeys: [] }),
    },
    { requiredKeys: typed ? ["traceId", "spanId", "name", "startTimeUnixNano", "endTimeUnixNano"] : [] },
  );

const request = (typed: boolean) =>
  fc.record({
    resourceSpans: fc.array(
      fc.record({
        resource: fc.record({ attributes: attributes(typed) }),
        scopeSpans: fc.array(fc.record({ scope: fc.record({ name: plainString }), spans: fc.array(span(typed), { maxLength: 5 }) }), { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
  });

/** The JSON test bodies as the protobuf encoder wants them: ids as bytes. */
function toProto(v: unknown): Uint8Array | null {
  try {
    return encodeTraceRequestProto(
      JSON.parse(JSON.stringify(v), (k, x) => (["traceId", "spanId", "parentSpanId"].includes(k) && typeof x === "string" ? Buffer.from(x, "hex") : x)),
    );
  } catch {
    return null;
  }
}

const deepKvlist = (d: number) =>
  `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"deep","startTimeUnixNano":"${BigInt(Date.now() - 2000) * 1_000_000n}","endTimeUnixNano":"${BigInt(Date.now() - 1000) * 1_000_000n}","attributes":[{"key":"a","value":${deepJsonText(d, '{"kvlistValue":{"values":[{"key":"k","value":', "}]}}", '{"stringValue":"x"}')}}]}]}]}]}`;

type Sent = { body: Uint8Array<ArrayBuffer>; type: string; gzip: boolean };
const enc = (s: string) => new Uint8Array(Buffer.from(s));
const JSON_TYPE = "application/json";
const PROTO_TYPE = "application/x-protobuf";

const jsonBodies: fc.Arbitrary<Sent> = fc.oneof(
  { arbitrary: request(false).map((r) => ({ body: enc(JSON.stringify(r)), type: JSON_TYPE, gzip: false })), weight: 6 },
  { arbitrary: request(false).chain((r) => damaged(enc(JSON.stringify(r)))).map((body) => ({ body, type: JSON_TYPE, gzip: false })), weight: 2 },
  { arbitrary: fc.integer({ min: 100, max: 50_000 }).map((d) => ({ body: enc(deepKvlist(d)), type: JSON_TYPE, gzip: false })), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ body: enc(JSON.stringify(v) ?? "null"), type: JSON_TYPE, gzip: true })), weight: 1 },
);
const protoBodies: fc.Arbitrary<Sent> = fc.oneof(
  { arbitrary: request(true).map((r) => toProto(r)).filter((b): b is Uint8Array => b !== null).map((b) => ({ body: new Uint8Array(b), type: PROTO_TYPE, gzip: false })), weight: 5 },
  { arbitrary: request(true).map((r) => toProto(r)).filter((b): b is Uint8Array => b !== null && b.length > 0).chain((b) => damaged(b)).map((body) => ({ body, type: PROTO_TYPE, gzip: false })), weight: 4 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ body: new Uint8Array(b), type: PROTO_TYPE, gzip: true })), weight: 1 },
);

describe.each(BACKENDS)("fuzz: POST /api/otel/v1/traces on %s", (backend) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDatabase(backend);
    serveFrom(handle, (await createTestProject(handle)).projectId);
  });
  afterAll(async () => {
    await handle.close();
    console.log(`[fuzz] otlp traces: ${fuzzCases()} cases so far`);
  });

  const property = (bodies: fc.Arbitrary<Sent>) =>
    fc.asyncProperty(bodies, async ({ body, type, gzip }) => {
      const spansBefore = selfMetrics().spans.get({ route: "otlp_traces" });
      await runCase(
        handle,
        (key) =>
          POST(
            new Request("http://localhost/api/otel/v1/traces", {
              method: "POST",
              headers: { "content-type": type, authorization: `Bearer ${key}`, ...(gzip ? { "content-encoding": "gzip" } : {}) },
              body: gzip ? new Uint8Array(gzipSync(body)) : body,
            }),
          ),
        (_res, stored) => {
          // what the receiver committed (and acknowledged) is what is stored
          expect(stored.spans).toBe(selfMetrics().spans.get({ route: "otlp_traces" }) - spansBefore);
          expect(stored.traces > 0).toBe(stored.spans > 0);
        },
      );
    });

  it("OTLP/JSON: random, damaged and deeply nested requests never give 5xx, throw or half-write", async () => {
    await fc.assert(property(jsonBodies), fuzzOptions(`otlp-json-${backend}`));
  });

  it("OTLP/protobuf: valid, truncated, bit-flipped and random messages never give 5xx, throw or half-write", async () => {
    await fc.assert(property(protoBodies), fuzzOptions(`otlp-proto-${backend}`));
  });
});
