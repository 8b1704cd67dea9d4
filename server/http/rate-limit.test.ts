import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeTraceRequestProto } from "@/server/ingest/otlp/otlp-proto";
import { countBatchSpans, countJsonValues, countOtlpSpans, createRateLimiter, rateLimitMessage } from "./rate-limit";

const limits = { spansPerS: 100, spansBurst: 500, requestsPerS: 2, requestsBurst: 4 };

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("createRateLimiter", () => {
  it("admits up to the span burst, then refuses with the seconds until enough tokens", () => {
    const c = clock();
    const rl = createRateLimiter(limits, { now: c.now });
    expect(rl.take("a", 300)).toEqual({ ok: true });
    expect(rl.take("a", 200)).toEqual({ ok: true });
    // empty: 250 spans need 2.5 s at 100/s
    expect(rl.take("a", 250)).toEqual({ ok: false, retryAfterS: 3, limit: "spans" });
    c.advance(2_000);
    expect(rl.take("a", 250)).toMatchObject({ ok: false, retryAfterS: 1 });
    c.advance(500);
    expect(rl.take("a", 250)).toEqual({ ok: true });
  });

  it("a refused request takes nothing", () => {
    const c = clock();
    const rl = createRateLimiter(limits, { now: c.now });
    expect(rl.take("a", 450).ok).toBe(true);
    expect(rl.take("a", 100).ok).toBe(false);
    expect(rl.take("a", 50).ok).toBe(true);
  });

  it("limits requests per second on their own", () => {
    const c = clock();
    const rl = createRateLimiter(limits, { now: c.now });
    for (let i = 0; i < 4; i++) expect(rl.take("a", 0).ok).toBe(true);
    expect(rl.take("a", 0)).toEqual({ ok: false, retryAfterS: 1, limit: "requests" });
    c.advance(499);
    expect(rl.take("a", 0).ok).toBe(false);
    c.advance(1);
    expect(rl.take("a", 0).ok).toBe(true);
  });

  it("keys are independent", () => {
    const rl = createRateLimiter(limits, { now: clock().now });
    expect(rl.take("a", 500).ok).toBe(true);
    expect(rl.take("a", 1).ok).toBe(false);
    expect(rl.take("b", 500).ok).toBe(true);
  });

  it("never refills past the burst", () => {
    const c = clock();
    const rl = createRateLimiter(limits, { now: c.now });
    expect(rl.take("a", 500).ok).toBe(true);
    c.advance(3_600_000);
    expect(rl.take("a", 500).ok).toBe(true);
    expect(rl.take("a", 1).ok).toBe(false);
  });

  it("admits a batch larger than the burst from a full bucket, and the debt is waited out", () => {
    const c = clock();
    const rl = createRateLimiter(limits, { now: c.now });
    expect(rl.take("a", 700).ok).toBe(true); // 200 spans of debt
    expect(rl.take("a", 100)).toMatchObject({ ok: false, retryAfterS: 3 });
    c.advance(3_000);
    expect(rl.take("a", 100).ok).toBe(true);
    // from a bucket that is not full, a large batch waits for the whole burst
    expect(rl.take("a", 10_000)).toMatchObject({ ok: false, retryAfterS: 5 });
  });

  it("refund gives span tokens back, up to the burst", () => {
    const rl = createRateLimiter(limits, { now: clock().now });
    expect(rl.take("a", 500).ok).toBe(true);
    rl.refund("a", 500);
    expect(rl.take("a", 500).ok).toBe(true);
    rl.refund("a", 10_000);
    expect(rl.take("a", 500).ok).toBe(true);
    expect(rl.take("a", 1).ok).toBe(false);
    rl.refund("unknown", 5); // no bucket, nothing to do
    expect(rl.size()).toBe(1);
  });

  it("forgets idle keys (a full bucket is no bucket) and keeps at most maxKeys", () => {
    const c = clock();
    const rl = createRateLimiter(limits, { now: c.now, maxKeys: 3 });
    for (const k of ["a", "b", "c", "d", "e"]) rl.take(k, 100);
    expect(rl.size()).toBeLessThanOrEqual(4);
    c.advance(10_000); // all refilled
    rl.take("f", 1);
    expect(rl.size()).toBe(1);
  });

  it("says which limit and when in its message", () => {
    const rl = createRateLimiter(limits, { now: clock().now });
    rl.take("a", 500);
    const d = rl.take("a", 100);
    if (d.ok) throw new Error("expected a refusal");
    expect(rateLimitMessage(limits, d)).toBe("rate limit of this API key exceeded: at most 100 spans/s (burst 500); retry after 1 s");
  });
});

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("span counting", () => {
  it("counts the spans of an ingest batch, ignoring look-alikes in attributes, strings and escapes", () => {
    const batch = {
      traces: [
        { traceId: "t1", attributes: { spans: [1, 2, 3], traces: [{ spans: [1] }] }, spans: [{ spanId: "a", name: "x ] } [ {" }, { spanId: "b", attributes: { spans: [{}] } }] },
        { traceId: "t2", name: 'quote \\" ] "spans": [1,2]', spans: [] },
        { traceId: "t3" },
        { traceId: "t4", spans: [{ spanId: "c" }, {}, 5] },
      ],
      engineSamples: [{ spans: [1] }],
    };
    expect(countBatchSpans(utf8(JSON.stringify(batch)))).toBe(5);
    expect(countBatchSpans(utf8(JSON.stringify(batch, null, 2)))).toBe(5);
    // keys written with escapes are still keys
    expect(countBatchSpans(utf8('{"tr\\u0061ces":[{"sp\\u0061ns":[{},{}]}]}'))).toBe(2);
  });

  it("counts what it can of malformed bodies, and never throws", () => {
    expect(countBatchSpans(utf8('{"traces":[{"spans":[{},{}'))).toBe(2);
    expect(countBatchSpans(utf8("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["))).toBe(0);
    expect(countBatchSpans(utf8('"unterminated'))).toBe(0);
    expect(countBatchSpans(utf8("}}]]{{"))).toBe(0);
    expect(countBatchSpans(new Uint8Array([0xff, 0x00, 0x22, 0x5c]))).toBe(0);
    expect(countJsonValues(utf8("[1, 2, true, null, \"x\", {}]"), ["*"])).toBe(6);
  });

  it("stays linear and shallow on deep nesting", () => {
    const deep = utf8(`{"traces":[{"spans":[${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}, {}]}]}`);
    expect(countBatchSpans(deep)).toBe(2);
  });

  it("counts OTLP spans in JSON and protobuf alike", () => {
    const span = (id: string) => ({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: id, name: "s", startTimeUnixNano: "1", endTimeUnixNano: "2" });
    const req = {
      resourceSpans: [
        { resource: { attributes: [{ key: "spans", value: { stringValue: "x" } }] }, scopeSpans: [{ scope: { name: "a" }, spans: [span("b7ad6b7169203331"), span("b7ad6b7169203332")] }, { spans: [span("b7ad6b7169203333")] }] },
        { scopeSpans: [{ spans: [span("b7ad6b7169203334")] }] },
        { scopeSpans: [] },
      ],
    };
    expect(countOtlpSpans(utf8(JSON.stringify(req)), "json")).toBe(4);
    const bytes = JSON.parse(JSON.stringify(req), (k, x) => (["traceId", "spanId"].includes(k) ? Buffer.from(x, "hex") : x));
    expect(countOtlpSpans(encodeTraceRequestProto(bytes), "protobuf")).toBe(4);
    expect(countOtlpSpans(new Uint8Array([0x0a, 0xff, 0xff, 0x01]), "protobuf")).toBe(0);
    expect(countOtlpSpans(new Uint8Array(0), "protobuf")).toBe(0);
  });

  it("agrees with JSON.parse on random batches (any JSON in attributes, strings with escapes, any spacing)", () => {
    const span = fc.record({ spanId: fc.string(), name: fc.string({ unit: "binary" }), attributes: fc.jsonValue() }, { requiredKeys: ["spanId"] });
    const trace = fc.record({ traceId: fc.string(), attributes: fc.jsonValue(), spans: fc.array(fc.oneof(span, fc.jsonValue()), { maxLength: 6 }) }, { requiredKeys: [] });
    const batch = fc.record({ traces: fc.array(fc.oneof(trace, fc.jsonValue()), { maxLength: 6 }), engineSamples: fc.jsonValue() }, { requiredKeys: [] });
    fc.assert(
      fc.property(batch, fc.constantFrom(undefined, 1, "\t"), (b, indent) => {
        const text = JSON.stringify(b, null, indent);
        const parsed = JSON.parse(text) as { traces?: unknown };
        const expected = Array.isArray(parsed.traces)
          ? parsed.traces.reduce<number>((n, t) => {
              const spans = t && typeof t === "object" && !Array.isArray(t) ? (t as { spans?: unknown }).spans : undefined;
              return n + (Array.isArray(spans) ? spans.length : 0);
            }, 0)
          : 0;
        expect(countBatchSpans(utf8(text))).toBe(expected);
      }),
      { numRuns: 200 },
    );
    // random nested JSON is slow to generate on a busy 2-core CI machine: time is not what this tests
  }, 60_000);
});
