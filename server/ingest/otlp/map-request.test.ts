import { describe, expect, it } from "vitest";
import { decodeTraceRequestObject } from "./decode";
import { mapTraceRequest, OtlpTooLarge } from "./map-request";

const T0 = BigInt(Date.UTC(2026, 10, 20, 12, 0, 0)) * 1_000_000n;
const ns = (ms: number) => String(T0 + BigInt(ms) * 1_000_000n);
const TRACE_A = "5b8efff798038103d269b633813fc60c";
const TRACE_B = "0af7651916cd43dd8448eb211c80319c";

function jsonSpan(traceId: string, spanId: string, over: Record<string, unknown> = {}, attrs: Record<string, unknown> = {}) {
  return {
    traceId,
    spanId,
    name: `span ${spanId}`,
    kind: 1,
    startTimeUnixNano: ns(0),
    endTimeUnixNano: ns(100),
    attributes: Object.entries(attrs).map(([key, v]) => ({
      key,
      value: typeof v === "number" ? (Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v }) : { stringValue: String(v) },
    })),
    ...over,
  };
}

function request(spans: unknown[], resource: Record<string, string> = {}) {
  return {
    resourceSpans: [
      {
        resource: { attributes: Object.entries(resource).map(([key, v]) => ({ key, value: { stringValue: v } })) },
        scopeSpans: [{ scope: { name: "app" }, spans }],
      },
    ],
  };
}

const map = (body: unknown) => mapTraceRequest(decodeTraceRequestObject(body, "json"));

describe("mapTraceRequest", () => {
  it("groups spans into traces and takes trace fields from the root span, then other spans, then the resource", () => {
    const out = map(
      request(
        [
          jsonSpan(TRACE_A, "aaaaaaaaaaaaaaa1", {}, { "user.id": "root-user", "tailwatch.task_type": "chat" }),
          jsonSpan(TRACE_A, "aaaaaaaaaaaaaaa2", { parentSpanId: "aaaaaaaaaaaaaaa1" }, { "user.id": "child-user", "session.id": "s-1" }),
          jsonSpan(TRACE_B, "bbbbbbbbbbbbbbb1"),
        ],
        { "service.name": "api", "service.version": "3.1.0", "deployment.environment.name": "staging" },
      ),
    );
    expect(out.rejectedSpans).toBe(0);
    expect(out.acceptedSpans).toBe(3);
    expect(out.errorMessage).toBe("");
    const [a, b] = out.batch.traces;
    expect(a).toMatchObject({ traceId: TRACE_A, userId: "root-user", sessionId: "s-1", taskType: "chat", environment: "staging", release: "3.1.0" });
    expect(a!.attributes).toMatchObject({ "service.name": "api" });
    expect(a!.spans.map((s) => s.spanId)).toEqual(["aaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaa2"]);
    expect(a!.spans[0]!.startTime).toEqual(new Date(Date.UTC(2026, 10, 20, 12, 0, 0)));
    expect(a!.spans[0]!.durationMs).toBe(100);
    expect(b).toMatchObject({ traceId: TRACE_B, environment: "staging" });
  });

  it("accepts int64 as numbers and hex ids in any case", () => {
    const span = jsonSpan(TRACE_A.toUpperCase(), "AAAAAAAAAAAAAAA1", {
      startTimeUnixNano: Number(T0),
      endTimeUnixNano: Number(T0) + 5_000_000,
    });
    const out = map(request([span]));
    expect(out.rejectedSpans).toBe(0);
    expect(out.batch.traces[0]!.traceId).toBe(TRACE_A);
    expect(out.batch.traces[0]!.spans[0]!.spanId).toBe("aaaaaaaaaaaaaaa1");
  });

  it("refuses bad spans one by one and says why, keeping the rest of the trace", () => {
    const out = map(
      request([
        jsonSpan(TRACE_A, "aaaaaaaaaaaaaaa1"),
        jsonSpan(TRACE_A, "aaaaaaaaaaaaaaa2", {}, { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": -5 }),
        jsonSpan(TRACE_A, "aaaaaaaaaaaaaaa3", { endTimeUnixNano: ns(-10) }),
        jsonSpan(TRACE_A, "", {}),
        jsonSpan(TRACE_A, "aaaaaaaaaaaaaaa5", {}, { "tailwatch.stage": "thinking", "gen_ai.latency.time_in_queue": 0.01 }),
        jsonSpan("not-hex", "aaaaaaaaaaaaaaa6"),
        "garbage",
      ]),
    );
    expect(out.acceptedSpans).toBe(1);
    expect(out.rejectedSpans).toBe(6);
    expect(out.batch.traces).toHaveLength(1);
    expect(out.batch.traces[0]!.spans.map((s) => s.spanId)).toEqual(["aaaaaaaaaaaaaaa1"]);
    expect(out.errorMessage).toMatch(/^6 span\(s\) refused: /);
    expect(out.errorMessage).toContain("not a span object");
    expect(out.errorMessage).toContain("span aaaaaaaaaaaaaaa2 (trace 5b8efff798038103d269b633813fc60c): inputTokens:");
    expect(out.errorMessage).toContain("endTimeUnixNano is before startTimeUnixNano");
    expect(out.errorMessage).toContain("spanId");
    expect(out.errorMessage).toMatch(/\(and 1 more\)$/);
  });

  it("refuses a whole trace when the trace itself is invalid (more than 10,000 spans), keeping other traces", () => {
    const tooMany = Array.from({ length: 10_001 }, (_, i) => jsonSpan(TRACE_A, (i + 1).toString(16).padStart(16, "0")));
    const big = map(request([...tooMany, jsonSpan(TRACE_B, "bbbbbbbbbbbbbbb1")]));
    expect(big.rejectedSpans).toBe(10_001);
    expect(big.acceptedSpans).toBe(1);
    expect(big.errorMessage).toContain(`trace ${TRACE_A}: spans:`);
  });

  it("answers too large for more spans than one request may carry", () => {
    const spans = Array.from({ length: 50_001 }, (_, i) => ({ traceId: TRACE_A, spanId: "x", name: String(i) }));
    expect(() => map(request(spans))).toThrow(OtlpTooLarge);
  });

  it("an empty request is fine", () => {
    expect(map({})).toMatchObject({ acceptedSpans: 0, rejectedSpans: 0, batch: { traces: [] } });
    expect(map({ resourceSpans: [] }).rejectedSpans).toBe(0);
  });
});
