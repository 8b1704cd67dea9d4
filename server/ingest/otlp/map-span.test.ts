import { describe, expect, it } from "vitest";
import { deriveStage, mapSpan, type MappedSpan } from "./map-span";
import type { OtlpSpan } from "./types";

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);

function span(over: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    parentSpanId: "00f067aa0ba902b7",
    name: "chat gpt-4o",
    kind: 3,
    startMs: T0,
    endMs: T0 + 2000,
    durationMs: 2000,
    attributes: {},
    events: [],
    statusCode: 0,
    statusMessage: "",
    resource: { "service.name": "chat-api" },
    scopeName: "test-scope",
    scopeVersion: "",
    ...over,
  };
}

interface Row {
  source: string;
  input: Partial<OtlpSpan>;
  span: Record<string, unknown>;
  trace?: Record<string, unknown>;
  /** Attributes that must remain on the span (unknown or not moved to a column). */
  kept?: Record<string, unknown>;
  /** Attributes that moved into columns and are not stored twice. */
  moved?: string[];
}

const rows: Row[] = [
  {
    source: "GenAI semconv (current names)",
    input: {
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.response.model": "gpt-4o-2024-08-06",
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 300,
        "gen_ai.usage.cache_read.input_tokens": 1000,
        "gen_ai.response.time_to_first_chunk": 0.35,
        "http.response.status_code": 200,
        "gen_ai.response.id": "chatcmpl-1",
      },
    },
    span: { stage: "generation", model: "gpt-4o-2024-08-06", provider: "openai", inputTokens: 1200, outputTokens: 300, cachedTokens: 1000, ttftMs: 350, httpStatus: 200, kind: "client" },
    kept: { "gen_ai.request.model": "gpt-4o", "gen_ai.response.id": "chatcmpl-1", "gen_ai.operation.name": "chat", "service.name": "chat-api", "otel.scope.name": "test-scope" },
    moved: ["gen_ai.response.model", "gen_ai.usage.input_tokens", "gen_ai.response.time_to_first_chunk"],
  },
  {
    source: "GenAI semconv (deprecated names)",
    input: {
      attributes: {
        "gen_ai.operation.name": "text_completion",
        "gen_ai.system": "anthropic",
        "gen_ai.request.model": "claude-3-5-haiku",
        "gen_ai.usage.prompt_tokens": "80",
        "gen_ai.usage.completion_tokens": 20,
        "http.status_code": 429,
      },
    },
    span: { stage: "generation", model: "claude-3-5-haiku", provider: "anthropic", inputTokens: 80, outputTokens: 20, httpStatus: 429 },
  },
  {
    source: "OpenInference LLM with a First Token Stream Event",
    input: {
      attributes: {
        "openinference.span.kind": "LLM",
        "llm.model_name": "gpt-4o-mini",
        "llm.provider": "openai",
        "llm.token_count.prompt": 500,
        "llm.token_count.completion": 40,
        "llm.token_count.prompt_details.cache_read": 256,
        "input.value": "What is the refund policy?",
        "output.value": "Refunds within 30 days.",
        "session.id": "sess-9",
        "user.id": "user-7",
      },
      events: [{ name: "First Token Stream Event", timeMs: T0 + 420, attributes: {} }],
    },
    span: {
      stage: "generation",
      model: "gpt-4o-mini",
      provider: "openai",
      inputTokens: 500,
      outputTokens: 40,
      cachedTokens: 256,
      completionStartTime: T0 + 420,
      input: "What is the refund policy?",
      output: "Refunds within 30 days.",
    },
    trace: { sessionId: "sess-9", userId: "user-7" },
    moved: ["input.value", "output.value", "session.id", "user.id"],
  },
  {
    source: "Vercel AI SDK provider call",
    input: {
      attributes: {
        "ai.operationId": "ai.streamText.doStream",
        "ai.model.id": "gpt-4o-mini",
        "ai.model.provider": "openai.chat",
        "ai.usage.promptTokens": 900,
        "ai.usage.completionTokens": 120,
        "ai.response.msToFirstChunk": 275.5,
        "ai.telemetry.functionId": "support-chat",
        "ai.telemetry.metadata.userId": "u-42",
        "ai.telemetry.metadata.tenant": "acme",
      },
    },
    span: { stage: "generation", model: "gpt-4o-mini", provider: "openai", inputTokens: 900, outputTokens: 120, ttftMs: 275.5 },
    trace: { feature: "support-chat", userId: "u-42" },
    kept: { "ai.telemetry.metadata.tenant": "acme", "ai.operationId": "ai.streamText.doStream" },
  },
  {
    source: "Vercel AI SDK (v5 usage names)",
    input: { attributes: { "ai.operationId": "ai.generateText.doGenerate", "ai.model.id": "gpt-4o", "ai.usage.inputTokens": 10, "ai.usage.outputTokens": 5 } },
    span: { stage: "generation", inputTokens: 10, outputTokens: 5 },
  },
  {
    source: "Vercel AI SDK wrapper span (usage not counted twice)",
    input: { attributes: { "ai.operationId": "ai.streamText", "ai.model.id": "gpt-4o-mini", "ai.usage.promptTokens": 900 } },
    span: { stage: "other", model: "gpt-4o-mini", inputTokens: undefined },
    kept: { "ai.usage.promptTokens": 900 },
  },
  {
    source: "Langfuse",
    input: {
      attributes: {
        "langfuse.observation.type": "generation",
        "langfuse.observation.model.name": "gpt-4o",
        "langfuse.observation.completion_start_time": "\"2026-11-20T12:00:00.610Z\"",
        "langfuse.user.id": "lf-user",
        "langfuse.session.id": "lf-session",
        "langfuse.environment": "staging",
        "langfuse.release": "v2.3.0",
        "langfuse.trace.name": "rag-answer",
        "langfuse.observation.usage_details": '{"input": 640, "output": 85, "total": 725}',
      },
    },
    span: { stage: "generation", model: "gpt-4o", completionStartTime: "2026-11-20T12:00:00.610Z", inputTokens: 640, outputTokens: 85 },
    trace: { userId: "lf-user", sessionId: "lf-session", environment: "staging", release: "v2.3.0", name: "rag-answer" },
  },
  {
    source: "vLLM request span (queue and prefill become stage spans)",
    input: {
      name: "llm_request",
      kind: 2,
      attributes: {
        "gen_ai.request.model": "meta-llama/Llama-3.1-8B-Instruct",
        "gen_ai.usage.prompt_tokens": 2048,
        "gen_ai.usage.completion_tokens": 256,
        "gen_ai.latency.time_to_first_token": 0.12,
        "gen_ai.latency.e2e": 1.9,
        "gen_ai.latency.time_in_queue": 0.05,
        "gen_ai.latency.time_in_model_prefill": 0.06,
      },
    },
    span: { stage: "generation", kind: "server", model: "meta-llama/Llama-3.1-8B-Instruct", inputTokens: 2048, outputTokens: 256, ttftMs: 120 },
    kept: { "gen_ai.latency.time_in_queue": 0.05 },
  },
  {
    source: "tailwatch.* attributes",
    input: {
      attributes: {
        "gen_ai.operation.name": "chat",
        "tailwatch.stage": "cache",
        "tailwatch.task_type": "summarize",
        "tailwatch.feature": "inbox-digest",
        "tailwatch.cache.outcome": "semantic_hit",
        "tailwatch.cache.similarity": 0.93,
        "tailwatch.attempt": 2,
        "tailwatch.retry_of": "ABCDEF0123456789",
        "tailwatch.fallback.index": 1,
        "tailwatch.fallback.from_model": "gpt-4o",
        "tailwatch.circuit.state": "half_open",
      },
    },
    span: {
      stage: "cache",
      cacheOutcome: "semantic_hit",
      cacheSimilarity: 0.93,
      attempt: 2,
      retryOfSpanId: "abcdef0123456789",
      fallbackIndex: 1,
      fallbackFromModel: "gpt-4o",
      circuitState: "half_open",
    },
    trace: { taskType: "summarize", feature: "inbox-digest" },
    moved: ["tailwatch.stage", "tailwatch.cache.outcome", "tailwatch.task_type", "tailwatch.feature"],
  },
  {
    source: "error status with error.type",
    input: { statusCode: 2, statusMessage: "429 Too Many Requests", attributes: { "gen_ai.operation.name": "chat", "error.type": "rate_limited" } },
    span: { status: "error", errorType: "rate_limited" },
    kept: { "otel.status_description": "429 Too Many Requests" },
  },
  {
    source: "error status with an exception event",
    input: {
      statusCode: 2,
      statusMessage: "boom",
      events: [{ name: "exception", timeMs: T0 + 5, attributes: { "exception.type": "APIConnectionError", "exception.message": "socket hang up" } }],
    },
    span: { status: "error", errorType: "APIConnectionError" },
    kept: { "exception.message": "socket hang up" },
  },
  { source: "error status with only a message", input: { statusCode: 2, statusMessage: "upstream timeout" }, span: { status: "error", errorType: "upstream timeout" } },
  { source: "error status with nothing else", input: { statusCode: 2 }, span: { status: "error", errorType: "error" } },
  { source: "ok status", input: { statusCode: 1 }, span: { status: "ok", errorType: undefined } },
  { source: "unset status keeps error.type for the server to judge", input: { attributes: { "error.type": "timeout" } }, span: { status: undefined, errorType: "timeout" } },
];

describe("mapSpan: one row per source", () => {
  it.each(rows)("$source", ({ input, span: expected, trace, kept, moved }) => {
    const mapped: MappedSpan = mapSpan(span(input));
    const out = mapped.spans[0]! as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) expect(out[k], k).toEqual(v);
    expect(out.spanId).toBe("b7ad6b7169203331");
    expect(out.parentSpanId).toBe("00f067aa0ba902b7");
    if (trace) expect(mapped.trace).toMatchObject(trace);
    const attrs = out.attributes as Record<string, unknown>;
    if (kept) expect(attrs).toMatchObject(kept);
    for (const k of moved ?? []) expect(attrs, k).not.toHaveProperty(k);
  });

  it("derives vLLM queue and prefill spans after the request start", () => {
    const { spans } = mapSpan(span(rows.find((r) => r.source.startsWith("vLLM"))!.input));
    expect(spans.slice(1)).toMatchObject([
      { spanId: "b7ad6b7169203331-queue", parentSpanId: "b7ad6b7169203331", stage: "queue", startTime: T0, durationMs: 50 },
      { spanId: "b7ad6b7169203331-prefill", stage: "prefill", startTime: T0 + 50, durationMs: 60 },
    ]);
  });

  it("refuses spans without ids or times, or ending before they start", () => {
    expect(() => mapSpan(span({ traceId: null }))).toThrow(/traceId/);
    expect(() => mapSpan(span({ spanId: null }))).toThrow(/spanId/);
    expect(() => mapSpan(span({ startMs: null, durationMs: null }))).toThrow(/startTimeUnixNano/);
    expect(() => mapSpan(span({ endMs: null, durationMs: null }))).toThrow(/endTimeUnixNano/);
    expect(() => mapSpan(span({ endMs: T0 - 1, durationMs: -1 }))).toThrow(/before/);
  });

  it("keeps unknown attributes but shortens long values to stay under 64 KB", () => {
    const attributes: Record<string, unknown> = { "app.note": "x".repeat(100_000), "app.list": [1, 2, 3] };
    for (let i = 0; i < 40; i++) attributes[`app.k${i}`] = "y".repeat(5_000);
    const out = mapSpan(span({ attributes })).spans[0]!;
    const attrs = out.attributes!;
    expect(JSON.stringify(attrs).length).toBeLessThanOrEqual(64 * 1024);
    expect(attrs["app.list"]).toEqual([1, 2, 3]);
    expect(String(attrs["app.note"])).toMatch(/^x+…\[truncated \d+ chars\]$/);
    expect(attrs["tailwatch.attributes_truncated"]).toBeGreaterThan(0);
  });
});

describe("deriveStage", () => {
  it.each([
    ["gen_ai chat", 3, { "gen_ai.operation.name": "chat" }, "generation"],
    ["gen_ai generate_content", 3, { "gen_ai.operation.name": "generate_content" }, "generation"],
    ["gen_ai embeddings (retrieval side)", 3, { "gen_ai.operation.name": "embeddings" }, "retrieval"],
    ["gen_ai retrieval", 1, { "gen_ai.operation.name": "retrieval" }, "retrieval"],
    ["gen_ai execute_tool", 1, { "gen_ai.operation.name": "execute_tool" }, "tool"],
    ["gen_ai invoke_agent", 1, { "gen_ai.operation.name": "invoke_agent" }, "other"],
    ["OpenInference EMBEDDING", 1, { "openinference.span.kind": "EMBEDDING" }, "retrieval"],
    ["OpenInference RETRIEVER", 1, { "openinference.span.kind": "RETRIEVER" }, "retrieval"],
    ["OpenInference RERANKER", 1, { "openinference.span.kind": "RERANKER" }, "retrieval"],
    ["OpenInference TOOL", 1, { "openinference.span.kind": "TOOL" }, "tool"],
    ["OpenInference CHAIN", 1, { "openinference.span.kind": "CHAIN" }, "other"],
    ["OpenInference AGENT", 1, { "openinference.span.kind": "AGENT" }, "other"],
    ["Vercel tool call", 1, { "ai.operationId": "ai.toolCall" }, "tool"],
    ["Vercel embed", 1, { "ai.operationId": "ai.embed.doEmbed" }, "retrieval"],
    ["OpenLLMetry request type", 3, { "llm.request.type": "chat" }, "generation"],
    ["model + usage, no operation", 2, { "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": 3 }, "generation"],
    ["vector database client", 3, { "db.system.name": "qdrant" }, "retrieval"],
    ["HTTP client span", 3, { "http.request.method": "POST", "url.full": "https://api.example.com" }, "network"],
    ["HTTP client span (old names)", 3, { "http.method": "GET" }, "network"],
    ["HTTP server span", 2, { "http.request.method": "POST" }, "other"],
    ["nothing known", 1, { "app.x": 1 }, "other"],
  ] as const)("%s", (_name, kind, attrs, stage) => {
    expect(deriveStage(kind, attrs)).toBe(stage);
  });

  it("lets tailwatch.stage override the derived stage", () => {
    const out = mapSpan(span({ attributes: { "http.request.method": "POST", "tailwatch.stage": "postprocess" } })).spans[0]!;
    expect(out.stage).toBe("postprocess");
  });
});
