import { describe, expect, it } from "vitest";
import { BUILTIN_PRICES } from "@/db/prices";
import { deriveTraceTotals, normalizeBatch, normalizeSpan, type SpanRow } from "./normalize";
import { PriceBook } from "./pricing";
import { formatIssuePath, ingestBatchInput } from "./schema";

const prices = new PriceBook(BUILTIN_PRICES.map((p) => ({ ...p, projectId: null })));
const T0 = Date.UTC(2026, 10, 20, 12);

function span(id: string, extra: Partial<SpanRow> = {}): SpanRow {
  const base = normalizeSpan("t", { spanId: id, name: id, startTime: new Date(T0), endTime: new Date(T0 + 100) }, prices);
  return { ...base, ...extra };
}

describe("ingest schema", () => {
  it("names the failing field path", () => {
    const res = ingestBatchInput.safeParse({
      traces: [{ traceId: "a", spans: [{ spanId: "s", name: "n", startTime: "not a time", endTime: T0 }] }],
    });
    expect(res.success).toBe(false);
    expect(formatIssuePath(res.error!.issues[0]!.path)).toBe("traces[0].spans[0].startTime");
  });

  it.each([
    [{ traceId: "a", spans: [{ spanId: "s", name: "n", startTime: T0 }] }, "traces[0].spans[0].endTime"],
    [{ traceId: "a", spans: [{ spanId: "s", name: "n", startTime: T0, endTime: T0 - 1 }] }, "traces[0].spans[0].endTime"],
    [{ traceId: "a" }, "traces[0].startTime"],
    [{ traceId: "", startTime: T0, durationMs: 1 }, "traces[0].traceId"],
    [{ traceId: "a", startTime: T0, durationMs: -1 }, "traces[0].durationMs"],
    [{ traceId: "a", startTime: Date.UTC(1999, 0, 1), durationMs: 1 }, "traces[0].startTime"],
    [{ traceId: "a", startTime: Date.now() + 3 * 86_400_000, durationMs: 1 }, "traces[0].startTime"],
    [{ traceId: "a", spans: [{ spanId: "s", name: "n", startTime: T0, durationMs: 1, stage: "warp" }] }, "traces[0].spans[0].stage"],
    [{ traceId: "a", spans: [{ spanId: "s", name: "n", startTime: T0, durationMs: 1, cacheOutcome: "hit" }] }, "traces[0].spans[0].cacheOutcome"],
  ])("refuses %j at %s", (traceInput, path) => {
    const res = ingestBatchInput.safeParse({ traces: [traceInput] });
    expect(res.success).toBe(false);
    expect(res.error!.issues.map((i) => formatIssuePath(i.path))).toContain(path);
  });

  it("accepts ISO times and epoch milliseconds alike", () => {
    const iso = new Date(T0).toISOString();
    const res = ingestBatchInput.parse({ traces: [{ traceId: "a", startTime: iso, endTime: T0 + 5 }] });
    expect(res.traces[0]!.startTime!.getTime()).toBe(T0);
  });
});

describe("normalizeSpan", () => {
  it("computes cost from tokens when none is sent, and keeps a sent cost", () => {
    const base = { spanId: "s", name: "gen", startTime: new Date(T0), durationMs: 10, model: "gpt-4o-mini", inputTokens: 2000, outputTokens: 500 };
    expect(normalizeSpan("t", base, prices).cost_usd).toBeCloseTo((2000 * 0.15 + 500 * 0.6) / 1e6, 15);
    expect(normalizeSpan("t", { ...base, costUsd: 0.5 }, prices).cost_usd).toBe(0.5);
    expect(normalizeSpan("t", { ...base, model: "unknown-model" }, prices).cost_usd).toBeNull();
  });

  it("derives TTFT from the completion start time and the reverse", () => {
    const a = normalizeSpan("t", { spanId: "s", name: "g", startTime: new Date(T0), durationMs: 900, completionStartTime: new Date(T0 + 250) }, prices);
    expect(a.ttft_ms).toBe(250);
    const b = normalizeSpan("t", { spanId: "s", name: "g", startTime: new Date(T0), durationMs: 900, ttftMs: 120 }, prices);
    expect(b.completion_start_ms).toBe(T0 + 120);
    expect(b.end_ms).toBe(T0 + 900);
  });

  it("marks a 429 as an error of type rate_limited", () => {
    const s = normalizeSpan("t", { spanId: "s", name: "g", startTime: new Date(T0), durationMs: 5, httpStatus: 429 }, prices);
    expect(s.status).toBe("error");
    expect(s.error_type).toBe("rate_limited");
  });
});

describe("deriveTraceTotals", () => {
  it("sums tokens and cost, spans the time range, and counts attempts", () => {
    const totals = deriveTraceTotals([
      span("root", { start_ms: T0, end_ms: T0 + 3000 }),
      span("a1", { parent_span_id: "root", stage: "generation", status: "error", error_type: "rate_limited", model: "gpt-4o", start_ms: T0 + 10, end_ms: T0 + 60, input_tokens: 0, cost_usd: 0 }),
      span("a2", { parent_span_id: "root", stage: "generation", attempt: 2, model: "gpt-4o", start_ms: T0 + 500, end_ms: T0 + 2900, completion_start_ms: T0 + 900, input_tokens: 100, output_tokens: 50, cost_usd: 0.01 }),
    ]);
    expect(totals).toMatchObject({
      start_ms: T0,
      end_ms: T0 + 3000,
      duration_ms: 3000,
      ttft_ms: 900,
      status: "ok",
      model: "gpt-4o",
      input_tokens: 100,
      output_tokens: 50,
      cost_usd: 0.01,
      attempt_count: 2,
      fallback_used: false,
      span_count: 3,
    });
  });

  it("reports a fallback and the model that finally served", () => {
    const totals = deriveTraceTotals([
      span("g1", { stage: "generation", status: "error", model: "gpt-4o", end_ms: T0 + 50 }),
      span("g2", { stage: "generation", model: "claude-haiku-4-5", provider: "anthropic", fallback_index: 1, end_ms: T0 + 900 }),
    ]);
    expect(totals.fallback_used).toBe(true);
    expect(totals.model).toBe("claude-haiku-4-5");
    // no root span: the trace succeeded because a generation attempt did
    expect(totals.status).toBe("ok");
  });

  it("fails the trace when its root failed, with the root's error type", () => {
    const totals = deriveTraceTotals([
      span("root", { status: "error", error_type: "timeout" }),
      span("g", { parent_span_id: "root", stage: "generation", status: "error", error_type: "rate_limited" }),
    ]);
    expect(totals.status).toBe("error");
    expect(totals.error_type).toBe("timeout");
  });

  it("keeps the best cache outcome", () => {
    expect(deriveTraceTotals([span("c", { cache_outcome: "miss" }), span("d", { cache_outcome: "semantic_hit" })]).cache_outcome).toBe("semantic_hit");
  });
});

describe("normalizeBatch", () => {
  it("merges a trace sent twice in one batch and keeps the last copy of a span", () => {
    const batch = ingestBatchInput.parse({
      traces: [
        { traceId: "a", taskType: "chat", spans: [{ spanId: "s1", name: "x", startTime: T0, durationMs: 10 }] },
        { traceId: "a", feature: "bot", spans: [{ spanId: "s1", name: "y", startTime: T0, durationMs: 20 }, { spanId: "s2", name: "z", startTime: T0, durationMs: 5 }] },
      ],
    });
    const out = normalizeBatch(batch, prices);
    expect(out.traces).toHaveLength(1);
    expect(out.traces[0]).toMatchObject({ task_type: "chat", feature: "bot", span_count: 2, duration_ms: 20 });
    expect(out.spans.map((s) => s.name).sort()).toEqual(["y", "z"]);
  });

  it("applies explicit trace fields over derived ones and remembers which", () => {
    const batch = ingestBatchInput.parse({
      traces: [{ traceId: "a", status: "error", costUsd: 1.5, spans: [{ spanId: "s1", name: "x", startTime: T0, durationMs: 10 }] }],
    });
    const t = normalizeBatch(batch, prices).traces[0]!;
    expect(t.status).toBe("error");
    expect(t.cost_usd).toBe(1.5);
    expect(t.explicit_fields.sort()).toEqual(["cost_usd", "status"]);
  });
});
