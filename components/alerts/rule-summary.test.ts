import { describe, expect, it } from "vitest";
import { ALERT_METRIC_NAMES, thresholdSpec, sloSpec } from "@/server/alerts/schema";
import { describeCondition, describeScope, formatRuleValue, formatThreshold, metricGroups, specOf } from "./rule-summary";

const threshold = thresholdSpec.parse({ kind: "threshold", metric: "latency_p95", stage: "generation", comparator: ">", threshold: 2000, windowS: 300, forS: 120, filters: { model: "gpt-4o" }, groupBy: "provider" });
const slo = sloSpec.parse({ kind: "slo", objective: { type: "latency", metric: "ttft", thresholdMs: 800 }, targetPct: 99.5 });

describe("rule summaries", () => {
  it("groups every metric exactly once", () => {
    const groups = metricGroups();
    expect(groups.flatMap((g) => g.metrics).sort()).toEqual([...ALERT_METRIC_NAMES].sort());
    expect(groups.find((g) => g.label === "Rates")!.metrics).toContain("rate_429");
    expect(groups.find((g) => g.label === "GPU and serving engine")!.metrics).toContain("kv_cache_usage");
  });

  it("describes conditions and scopes", () => {
    expect(describeCondition(threshold)).toBe("Latency p95 of generation > 2 s over 5m, for 2m");
    expect(describeScope(threshold)).toBe("model=gpt-4o · per provider");
    expect(describeCondition(slo)).toBe("SLO: 99.5 % TTFT under 800 ms (30 days, burn-rate alerts)");
    expect(formatThreshold(sloSpec.parse({ kind: "slo", objective: { type: "success" }, targetPct: 99 }))).toBe("99 % succeed");
    expect(describeScope(slo)).toBe("");
  });

  it("formats values in the rule's unit", () => {
    expect(formatRuleValue(threshold, 2412)).toBe("2.41 s");
    expect(formatRuleValue(slo, 14.46)).toBe("14× burn");
    expect(formatRuleValue(slo, 2.34)).toBe("2.3× burn");
    expect(formatRuleValue(threshold, null)).toBe("—");
    expect(formatRuleValue(null, 1.234)).toBe("1.23");
  });

  it("reads a stored spec, or gives up on a foreign one", () => {
    expect(specOf({ ...threshold })).toEqual(threshold);
    expect(specOf({ kind: "mystery" })).toBeNull();
  });
});
