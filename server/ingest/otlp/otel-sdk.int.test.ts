import http from "node:http";
import type { AddressInfo } from "node:net";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-node";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST } from "@/app/api/otel/v1/traces/route";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";

/** The route handler behind a real HTTP server, as `next start` would serve it. */
async function serveRoute(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer(async (req, res) => {
    seen.push(`${req.headers["content-type"]} ${req.headers["content-encoding"] ?? "identity"}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await POST(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/otel/v1/traces`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

/** Records each export's result code (0 = success) on the way through. */
function recording(inner: SpanExporter, results: number[]): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done) => inner.export(spans, (r) => (results.push(r.code), done(r))),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

/** A chat request the way an instrumented app records it: a failed attempt, a retry, a tool call. */
function recordChat(tracer: Tracer): string {
  const root = tracer.startSpan("POST /v1/chat", { kind: SpanKind.SERVER, attributes: { "tailwatch.task_type": "chat", "user.id": "user-7" } });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const genai = { "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o-mini" };
  const first = tracer.startSpan("chat gpt-4o-mini", { kind: SpanKind.CLIENT, attributes: { ...genai, "tailwatch.attempt": 1, "http.response.status_code": 429, "error.type": "rate_limited" } }, ctx);
  first.setStatus({ code: SpanStatusCode.ERROR, message: "429 Too Many Requests" });
  first.end();
  const retry = tracer.startSpan("chat gpt-4o-mini", {
    kind: SpanKind.CLIENT,
    attributes: {
      ...genai,
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.usage.input_tokens": 1200,
      "gen_ai.usage.output_tokens": 300,
      "gen_ai.response.time_to_first_chunk": 0.25,
      "tailwatch.attempt": 2,
      "tailwatch.retry_of": first.spanContext().spanId,
    },
  }, ctx);
  retry.end();
  const tool = tracer.startSpan("execute_tool lookup_order", { attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_order" } }, ctx);
  tool.recordException(new RangeError("order not found"));
  tool.setStatus({ code: SpanStatusCode.ERROR });
  tool.end();
  root.end();
  return root.spanContext().traceId;
}

describe.each(BACKENDS)("OpenTelemetry JS SDK → /api/otel/v1/traces on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;
  let server: Awaited<ReturnType<typeof serveRoute>>;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key } = await createTestProject(handle));
    serveFrom(handle, projectId);
    server = await serveRoute();
  });
  afterAll(async () => {
    await server.close();
    await handle.close();
  });

  it.each([
    ["exporter-trace-otlp-http (JSON)", "application/json identity", () => new JsonExporter({ url: server.url, headers: { Authorization: `Bearer ${key}` } })],
    ["exporter-trace-otlp-proto (protobuf, gzip)", "application/x-protobuf gzip", () => new ProtoExporter({ url: server.url, headers: { Authorization: `Bearer ${key}` }, compression: CompressionAlgorithm.GZIP })],
  ] as const)("%s", async (_name, wire, makeExporter) => {
    const results: number[] = [];
    server.seen.length = 0;
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ "service.name": "support-bot", "service.version": "2.4.0", "deployment.environment.name": "staging" }),
      spanProcessors: [new SimpleSpanProcessor(recording(makeExporter(), results))],
    });
    const traceId = recordChat(provider.getTracer("app"));
    await provider.forceFlush();
    await provider.shutdown();
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((code) => code === 0)).toBe(true);
    expect(new Set(server.seen)).toEqual(new Set([wire]));

    const [t] = await rows<Record<string, unknown>>(handle.db, sql`SELECT * FROM traces WHERE project_id = ${projectId}::uuid AND trace_id = ${traceId}`);
    expect(t).toMatchObject({ task_type: "chat", user_id: "user-7", environment: "staging", release: "2.4.0", status: "ok", model: "gpt-4o-mini-2024-07-18" });
    expect(Number(t!.span_count)).toBe(4);
    expect(Number(t!.attempt_count)).toBe(2);
    expect(Number(t!.input_tokens)).toBe(1200);
    expect(Number(t!.output_tokens)).toBe(300);
    expect(Number(t!.cost_usd)).toBeCloseTo((1200 * 0.15 + 300 * 0.6) / 1e6, 12);
    expect(Number(t!.ttft_ms)).toBeGreaterThanOrEqual(250);

    const spans = await rows<Record<string, unknown>>(
      handle.db,
      sql`SELECT name, stage, kind, status, error_type, http_status, attempt, retry_of_span_id, ttft_ms, cost_usd FROM spans
          WHERE project_id = ${projectId}::uuid AND trace_id = ${traceId} ORDER BY name COLLATE "C", attempt`,
    );
    expect(spans.map((s) => [s.name, s.stage, s.status])).toEqual([
      ["POST /v1/chat", "other", "ok"],
      ["chat gpt-4o-mini", "generation", "error"],
      ["chat gpt-4o-mini", "generation", "ok"],
      ["execute_tool lookup_order", "tool", "error"],
    ]);
    expect(spans[1]).toMatchObject({ error_type: "rate_limited", http_status: 429, attempt: 1, kind: "client" });
    expect(spans[2]!.retry_of_span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(Number(spans[2]!.ttft_ms)).toBe(250);
    expect(Number(spans[2]!.cost_usd)).toBeGreaterThan(0);
    expect(spans[3]!.error_type).toBe("RangeError");
  });
});
