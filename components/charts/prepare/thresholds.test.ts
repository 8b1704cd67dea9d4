import { describe, expect, it } from "vitest";
import { bucketTracesHref, thresholdLines, type ThresholdRule } from "./thresholds";

const rule = (over: Partial<ThresholdRule>): ThresholdRule => ({
  id: "r", name: "p95 > 2 s", state: "inactive", metric: "latency_p95", comparator: ">", threshold: 2000, stage: "request", filters: {}, ...over,
});

describe("threshold lines", () => {
  it("draws rules on the chart's metrics whose filters hold in the view", () => {
    const rules = [
      rule({ id: "a" }),
      rule({ id: "b", name: "gpt-4o p99", metric: "latency_p99", threshold: 5000, filters: { model: "gpt-4o" }, state: "firing" }),
      rule({ id: "c", metric: "ttft_p95" }),
      rule({ id: "d", stage: "generation" }),
    ];
    expect(thresholdLines(rules, ["latency_p95", "latency_p99"], {})).toEqual([{ y: 2000, label: "p95 > 2 s", color: "#94a3b8" }]);
    expect(thresholdLines(rules, ["latency_p95", "latency_p99"], { model: "gpt-4o" })).toEqual([
      { y: 2000, label: "p95 > 2 s", color: "#94a3b8" },
      { y: 5000, label: "gpt-4o p99 (firing)", color: "#e11d48" },
    ]);
  });
  it("scales percent thresholds to fractions for rate charts", () => {
    expect(thresholdLines([rule({ metric: "error_rate", threshold: 5 })], ["error_rate"], {}, 0.01)[0]!.y).toBeCloseTo(0.05, 12);
  });
});

describe("click-through to a bucket's traces", () => {
  it("links the bucket's window, slowest first, with the view's filters", () => {
    expect(bucketTracesHref(1_000_000, 300, { model: "gpt-4o" })).toBe("/traces?from=1000000&to=1300000&sort=duration&model=gpt-4o");
    expect(bucketTracesHref(0, 60, {}, { failed: true })).toBe("/traces?from=0&to=60000&sort=duration&status=error");
  });
});
