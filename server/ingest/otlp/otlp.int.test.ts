import { gzipSync } from "node:zlib";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rows, type DbHandle } from "@/db/client";
import { POST } from "@/app/api/otel/v1/traces/route";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { encodeTraceRequestProto } from "./otlp-proto";

const T0 = BigInt(Date.UTC(2026, 10, 20, 12, 0, 0)) * 1_000_000n;
const ns = (ms: number) => String(T0 + BigInt(ms) * 1_000_000n);
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number) => ({ key, value: { intValue: String(v) } });
const dbl = (key: string, v: number) => ({ key, value: { doubleValue: v } });

/** A chat request: server root span, an embeddings call, and a streamed gpt-4o-mini generation. */
function otlpRequest(traceId: string, extraSpans: unknown[] = []) {
  const id = (n: number) => `${traceId.slice(0, 14)}0${n}`;
  return {
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", "chat-api"), str("deployment.environment.name", "staging")] },
        scopeSpans: [
          {
            scope: { name: "app" },
            spans: [
              { traceId, spanId: id(1), name: "POST /chat", kind: 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(1500), attributes: [str("tailwatch.task_type", "chat"), str("user.id", "u-1")], status: { code: 1 } },
              { traceId, spanId: id(2), parentSpanId: id(1), name: "embeddings text-embedding-3-small", kind: 3, startTimeUnixNano: ns(10), endTimeUnixNano: ns(90), attributes: [str("gen_ai.operation.name", "embeddings"), str("gen_ai.request.model", "text-embedding-3-small"), int("gen_ai.usage.input_tokens", 12)] },
              {
                traceId, spanId: id(3), parentSpanId: id(1), name: "chat gpt-4o-mini", kind: 3, startTimeUnixNano: ns(100), endTimeUnixNano: ns(1400),
                attributes: [str("gen_ai.operation.name", "chat"), str("gen_ai.provider.name", "openai"), str("gen_ai.request.model", "gpt-4o-mini"), int("gen_ai.usage.input_tokens", 1000), int("gen_ai.usage.output_tokens", 200), dbl("gen_ai.response.time_to_first_chunk", 0.3)],
              },
              ...extraSpans,
            ],
          },
        ],
      },
    ],
  };
}

type Body = string | Uint8Array;
function post(body: Body, opts: { key?: string | null; type?: string; gzip?: boolean; auth?: string } = {}) {
  const headers: Record<string, string> = { "content-type": opts.type ?? "application/json" };
  if (opts.auth) headers.authorization = opts.auth;
  else if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.gzip) headers["content-encoding"] = "gzip";
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const sent = opts.gzip ? gzipSync(bytes) : Buffer.from(bytes);
  return POST(new Request("http://localhost/api/otel/v1/traces", { method: "POST", headers, body: new Uint8Array(sent) }));
}
const json = (v: unknown) => JSON.stringify(v);
const proto = (v: Record<string, unknown>) => encodeTraceRequestProto(hexToBytes(v));
const PROTO = "application/x-protobuf";

/** The JSON test bodies, as the protobuf encoder wants them: ids as bytes. */
function hexToBytes(v: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v), (k, x) =>
    ["traceId", "spanId", "parentSpanId"].includes(k) && typeof x === "string" ? Buffer.from(x, "hex") : x,
  );
}

describe.each(BACKENDS)("POST /api/otel/v1/traces on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;
  const count = async (table: "traces" | "spans") => {
    const [r] = await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE project_id = ${projectId}::uuid`);
    return Number(r!.n);
  };
  const traceRow = async (traceId: string) =>
    (await rows<Record<string, unknown>>(handle.db, sql`SELECT * FROM traces WHERE project_id = ${projectId}::uuid AND trace_id = ${traceId}`))[0];

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key } = await createTestProject(handle));
    serveFrom(handle, projectId);
  });
  afterAll(async () => handle.close());

  it("stores an OTLP/JSON request: stages, TTFT, tokens, cost and trace fields", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const res = await post(json(otlpRequest(traceId)), { key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({});
    const t = await traceRow(traceId);
    expect(t).toMatchObject({ task_type: "chat", user_id: "u-1", environment: "staging", model: "gpt-4o-mini", status: "ok", name: "POST /chat" });
    expect(Number(t!.duration_ms)).toBe(1500);
    expect(Number(t!.ttft_ms)).toBe(400); // generation starts at +100 ms, first chunk 300 ms later
    expect(Number(t!.input_tokens)).toBe(1012);
    expect(Number(t!.cost_usd)).toBeGreaterThan((1000 * 0.15 + 200 * 0.6) / 1e6 - 1e-12);
    const spans = await rows<Record<string, unknown>>(handle.db, sql`SELECT span_id, stage, kind, model, ttft_ms, cost_usd, attributes FROM spans WHERE project_id = ${projectId}::uuid AND trace_id = ${traceId} ORDER BY span_id`);
    expect(spans.map((s) => s.stage)).toEqual(["other", "retrieval", "generation"]);
    expect(spans.map((s) => s.kind)).toEqual(["server", "client", "client"]);
    expect(Number(spans[2]!.ttft_ms)).toBe(300);
    expect(Number(spans[2]!.cost_usd)).toBeCloseTo((1000 * 0.15 + 200 * 0.6) / 1e6, 12);
    expect(spans[2]!.attributes).toMatchObject({ "gen_ai.operation.name": "chat", "service.name": "chat-api" });
  });

  it("stores a protobuf request and answers in protobuf", async () => {
    const traceId = "1af7651916cd43dd8448eb211c80319c";
    const res = await post(proto(otlpRequest(traceId)), { key, type: PROTO });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(PROTO);
    expect(new Uint8Array(await res.arrayBuffer()).byteLength).toBe(0); // an empty ExportTraceServiceResponse
    expect(Number((await traceRow(traceId))!.span_count)).toBe(3);
  });

  it("accepts gzip bodies in both encodings, and HTTP Basic with the key as password", async () => {
    const a = "2af7651916cd43dd8448eb211c80319c";
    const b = "3af7651916cd43dd8448eb211c80319c";
    expect((await post(json(otlpRequest(a)), { key, gzip: true })).status).toBe(200);
    const basic = `Basic ${Buffer.from(`otel:${key}`).toString("base64")}`;
    expect((await post(proto(otlpRequest(b)), { auth: basic, type: PROTO, gzip: true })).status).toBe(200);
    expect(await traceRow(a)).toBeDefined();
    expect(await traceRow(b)).toBeDefined();
  });

  it("never duplicates a re-sent request", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const before = { traces: await count("traces"), spans: await count("spans") };
    expect((await post(json(otlpRequest(traceId)), { key })).status).toBe(200);
    expect((await post(proto(otlpRequest(traceId)), { key, type: PROTO })).status).toBe(200);
    expect({ traces: await count("traces"), spans: await count("spans") }).toEqual(before);
    expect(Number((await traceRow(traceId))!.input_tokens)).toBe(1012);
  });

  it("answers partialSuccess for refused spans and stores the rest", async () => {
    const traceId = "4af7651916cd43dd8448eb211c80319c";
    const bad = [
      { traceId, spanId: "4af76519000000a1", name: "negative", startTimeUnixNano: ns(0), endTimeUnixNano: ns(5), attributes: [str("gen_ai.operation.name", "chat"), int("gen_ai.usage.output_tokens", -3)] },
      { traceId, spanId: "4af76519000000a2", name: "backwards", startTimeUnixNano: ns(10), endTimeUnixNano: ns(5) },
      { traceId, name: "no span id", startTimeUnixNano: ns(0), endTimeUnixNano: ns(5) },
    ];
    const res = await post(json(otlpRequest(traceId, bad)), { key });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.partialSuccess.rejectedSpans).toBe("3");
    expect(body.partialSuccess.errorMessage).toMatch(/3 span\(s\) refused: .*outputTokens/);
    expect(Number((await traceRow(traceId))!.span_count)).toBe(3);

    const protoRes = await post(proto(otlpRequest("5af7651916cd43dd8448eb211c80319c", bad.map((s) => ({ ...s, traceId: "5af7651916cd43dd8448eb211c80319c" })))), { key, type: PROTO });
    const decoded = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await protoRes.arrayBuffer()));
    expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(3);
  });

  it("answers 401 for a missing or unknown key, 415 for other content types, 400 for undecodable bodies — writing nothing", async () => {
    const before = await count("spans");
    const body = json(otlpRequest("6af7651916cd43dd8448eb211c80319c"));
    expect((await post(body, { key: null })).status).toBe(401);
    const unknown = await post(body, { key: "tw_not_a_real_key_000000" });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).message).toMatch(/unknown or revoked/);
    expect((await post(body, { key, type: "text/plain" })).status).toBe(415);
    const notJson = await post("{not json", { key });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).message).toMatch(/not valid OTLP\/JSON/);
    expect((await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]), { key, type: PROTO })).status).toBe(400);
    expect((await post(new Uint8Array([1, 2, 3, 4]), { key, gzip: false, type: PROTO, auth: undefined })).status).toBe(400);
    const badGzip = await POST(new Request("http://localhost/api/otel/v1/traces", { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${key}` }, body: "plain" }));
    expect(badGzip.status).toBe(400);
    expect(await count("spans")).toBe(before);
  });

  it("answers 413 over the body limit, before and after decompression", async () => {
    const before = await count("spans");
    const huge = " ".repeat(17 * 1024 * 1024) + json(otlpRequest("7af7651916cd43dd8448eb211c80319c"));
    expect((await post(huge, { key })).status).toBe(413);
    const bomb = await post(huge, { key, gzip: true }); // ~17 KB on the wire, 17 MB inflated
    expect(bomb.status).toBe(413);
    expect((await bomb.json()).message).toMatch(/after decompression/);
    expect(await count("spans")).toBe(before);
  });
});

describe("POST /api/otel/v1/traces without a database", () => {
  it("answers 503 with Retry-After", async () => {
    const handle = await openDatabase({ databaseUrl: "postgres://nobody@127.0.0.1:9/none", poolSize: 1 });
    serveFrom(handle, "00000000-0000-0000-0000-000000000000");
    try {
      const res = await post(json(otlpRequest("8af7651916cd43dd8448eb211c80319c")), { key: "tw_any", type: PROTO });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
    } finally {
      await handle.close();
    }
  });
});
