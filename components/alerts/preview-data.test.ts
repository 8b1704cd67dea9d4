import { describe, expect, it } from "vitest";
import { firesSentence, firingBands, firingDurationMs, hasValues, maxValue, preparePreview, seriesName } from "./preview-data";

describe("preparePreview", () => {
  it("puts every group in its own column and keeps gaps as null", () => {
    const { rows, series } = preparePreview(
      [
        { key: "gpt-4o", labels: { model: "gpt-4o" }, points: [{ t: 2, value: 5 }, { t: 1, value: null }] },
        { key: "claude", labels: { model: "claude" }, points: [{ t: 1, value: 7 }, { t: 3, value: 9 }] },
      ],
      "Latency p95",
    );
    expect(rows).toEqual([{ t: 1, s0: null, s1: 7 }, { t: 2, s0: 5 }, { t: 3, s1: 9 }]);
    expect(series.map((s) => s.name)).toEqual(["gpt-4o", "claude"]);
    expect(series[0]!.color).not.toBe(series[1]!.color);
  });

  it("names an ungrouped series after the metric", () => {
    expect(seriesName({ key: "", labels: {} }, "Error rate")).toBe("Error rate");
    expect(seriesName({ key: "", labels: { model: "a", provider: "b" } }, "x")).toBe("a · b");
  });

  it("finds the largest value, or none", () => {
    expect(maxValue([{ key: "", labels: {}, points: [{ t: 1, value: null }] }])).toBeNull();
    expect(hasValues([])).toBe(false);
    expect(maxValue([{ key: "", labels: {}, points: [{ t: 1, value: 3 }, { t: 2, value: 11 }] }])).toBe(11);
  });
});

describe("backtest", () => {
  const intervals = [
    { key: "a", from: 100, to: 200 },
    { key: "b", from: 150, to: 300 },
    { key: "a", from: 900, to: null },
  ];

  it("draws an interval still firing up to the end of the range", () => {
    expect(firingBands(intervals, 1000, "red")).toEqual([
      { fromMs: 100, toMs: 200, color: "red" },
      { fromMs: 150, toMs: 300, color: "red" },
      { fromMs: 900, toMs: 1000, color: "red" },
    ]);
  });

  it("counts overlapping firing time once", () => {
    expect(firingDurationMs(intervals, 1000)).toBe(200 + 100);
    expect(firingDurationMs([], 1000)).toBe(0);
  });

  it.each([
    [0, 7, "Over the last 7 days this rule would not have fired"],
    [1, 7, "Over the last 7 days this rule would have fired once"],
    [4, 1, "Over the last day this rule would have fired 4 times"],
  ])("%d fires in %d days", (fires, days, text) => expect(firesSentence(fires, days)).toBe(text));
});
