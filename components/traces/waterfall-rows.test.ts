import { describe, expect, it } from "vitest";
import { layoutWaterfall, type WaterfallSpanIn } from "./waterfall-rows";

const span = (id: string, parent: string | null, start: number, end: number, extra: Partial<WaterfallSpanIn> = {}): WaterfallSpanIn => ({
  spanId: id, parentSpanId: parent, name: id, stage: "other", startMs: start, endMs: end, durationMs: end - start, ttftMs: null,
  status: "ok", errorType: null, httpStatus: null, attempt: 1, retryOfSpanId: null, fallbackIndex: 0, fallbackFromModel: null, model: null, ...extra,
});

describe("layoutWaterfall", () => {
  it("orders children under their parent with depth, and places bars on the trace's time axis", () => {
    const { rows, totalMs } = layoutWaterfall([
      span("g2", "root", 600, 1000, { stage: "generation", attempt: 2, retryOfSpanId: "g1", ttftMs: 100 }),
      span("root", null, 0, 1000),
      span("g1", "root", 100, 150, { stage: "generation", status: "error", httpStatus: 429 }),
      span("tool", "g2", 700, 800, { stage: "tool" }),
    ]);
    expect(totalMs).toBe(1000);
    expect(rows.map((r) => [r.span.spanId, r.depth])).toEqual([["root", 0], ["g1", 1], ["g2", 1], ["tool", 2]]);
    const g2 = rows[2]!;
    expect(g2).toMatchObject({ left: 0.6, width: 0.4, ttftAt: 0.7, backoffMs: 450, label: "attempt 2" });
  });

  it("labels fallbacks and survives a parent cycle", () => {
    const { rows } = layoutWaterfall([
      span("a", "b", 0, 10),
      span("b", "a", 0, 10),
      span("f", null, 0, 10, { fallbackIndex: 1, fallbackFromModel: "gpt-4o" }),
    ]);
    expect(rows.find((r) => r.span.spanId === "f")!.label).toBe("fallback 1 from gpt-4o");
  });

  it("lays out a 5 000-span trace, every span once", () => {
    const many = Array.from({ length: 5000 }, (_, i) => span(`s${i}`, i ? "s0" : null, i, i + 10));
    const rows = layoutWaterfall(many).rows;
    expect(rows).toHaveLength(5000);
    expect(new Set(rows.map((r) => r.span.spanId)).size).toBe(5000);
  });
});
