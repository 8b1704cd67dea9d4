import { describe, expect, it } from "vitest";
import { diagnose, pearson, type DiagnosisInputs } from "./diagnosis-rules";

const base: DiagnosisInputs = {
  minutes: Array.from({ length: 20 }, (_, i) => ({ concurrency: i, p95Ms: 800, retryRate: 0.01 })),
  current: { p50Ms: 700, p95Ms: 1500, p99Ms: 2500 },
  baseline: { p50Ms: 700, p95Ms: 1500, p99Ms: 2500 },
  currentVersions: ["gpt-4o", "2026.11.3"],
  baselineVersions: ["gpt-4o", "2026.11.3"],
  zeroContentionP95Ms: 900,
  budgetMs: 2000,
};
const holds = (d: DiagnosisInputs) => Object.fromEntries(diagnose(d).map((s) => [s.id, s.holds]));

describe("diagnose", () => {
  it("a quiet week holds nothing", () => {
    expect(holds(base)).toEqual({
      "scales-with-concurrency": null, // p95 constant: no correlation to speak of
      "tail-only": false,
      "no-version-change": false,
      "baseline-over-budget": false,
      "retries-track-latency": null,
    });
  });

  it("queueing: p95 tracks concurrency, the tail moves alone, nothing was deployed", () => {
    const d = {
      ...base,
      minutes: Array.from({ length: 20 }, (_, i) => ({ concurrency: i, p95Ms: 800 + i * i * 20, retryRate: 0.01 + i * 0.01 })),
      current: { p50Ms: 760, p95Ms: 4000, p99Ms: 7000 },
    };
    expect(holds(d)).toMatchObject({ "scales-with-concurrency": true, "tail-only": true, "no-version-change": true, "retries-track-latency": true });
  });

  it("a new model that is slow on its own points to the model", () => {
    const d = { ...base, currentVersions: ["gpt-5", "2026.11.4"], zeroContentionP95Ms: 3200, current: { p50Ms: 2500, p95Ms: 4000, p99Ms: 5000 } };
    const out = holds(d);
    expect(out["baseline-over-budget"]).toBe(true);
    expect(out["no-version-change"]).toBe(false);
    expect(diagnose(d).find((s) => s.id === "no-version-change")!.evidence).toContain("gpt-5");
  });
});

it("pearson", () => {
  expect(pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])).toBeCloseTo(1, 12);
  expect(pearson([1, 2, 3, 4, 5], [10, 8, 6, 4, 2])).toBeCloseTo(-1, 12);
  expect(pearson([1, 2], [1, 2])).toBeNull();
});
