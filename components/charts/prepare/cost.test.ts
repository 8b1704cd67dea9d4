import { describe, expect, it } from "vitest";
import { costTotals, prepareCostBreakdown, prepareCostSeries } from "./cost";
import type { MetricsOutput } from "./types";

const p = (t: number, costUsd: number, requests: number) => ({ t, costUsd, inputTokens: requests * 100, outputTokens: requests * 10, requests });
const result = (series: MetricsOutput["cost"]["series"]) => ({ series }) as MetricsOutput["cost"];

describe("prepareCostSeries", () => {
  it.each([
    ["one series passes through, an empty bucket is a zero", [{ key: "", totalUsd: 1, costPerRequestUsd: 0.5, points: [p(0, 1, 2), p(60_000, 0, 0)] }], [p(0, 1, 2), p(60_000, 0, 0)]],
    [
      "grouped series are summed per bucket",
      [
        { key: "a", totalUsd: 1, costPerRequestUsd: 1, points: [p(0, 1, 1)] },
        { key: "b", totalUsd: 2, costPerRequestUsd: 1, points: [p(0, 2, 2)] },
      ],
      [p(0, 3, 3)],
    ],
    ["no series", [], []],
  ])("%s", (_n, series, expected) => expect(prepareCostSeries(result(series))).toEqual(expected));
});

describe("costTotals", () => {
  it("per request and per 1k output tokens", () => {
    expect(costTotals([p(0, 2, 4), p(60_000, 2, 4)])).toEqual({
      costUsd: 4, requests: 8, inputTokens: 800, outputTokens: 80, costPerRequestUsd: 0.5, costPer1kOutputTokensUsd: 50,
    });
  });
  it("nothing spent: no per-request cost", () => expect(costTotals([]).costPerRequestUsd).toBeNull());
});

it("prepareCostBreakdown gives each row its share", () => {
  const rows = prepareCostBreakdown([
    { key: "m1", costUsd: 3, requests: 3, inputTokens: 0, outputTokens: 0, costPerRequestUsd: 1 },
    { key: "m2", costUsd: 1, requests: 1, inputTokens: 0, outputTokens: 0, costPerRequestUsd: 1 },
  ]);
  expect(rows.map((r) => r.share)).toEqual([0.75, 0.25]);
});
