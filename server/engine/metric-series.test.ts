import { describe, expect, it } from "vitest";
import { cleanLabels, finalizePoints, histogramIsFinite, makePoint, seriesKeyOf, type MetricPointWire } from "./metric-series";

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const gauge = (over: Partial<Omit<MetricPointWire, "seriesKey">> = {}) =>
  makePoint({ time: NOW, host: "h", source: "s", name: "m", labels: {}, kind: "gauge", value: 1, histogram: null, ...over });

describe("series identity", () => {
  it("hashes the name and the sorted labels", () => {
    expect(seriesKeyOf("m", { a: "1", b: "2" })).toBe(seriesKeyOf("m", { b: "2", a: "1" }));
    expect(seriesKeyOf("m", { a: "1" })).not.toBe(seriesKeyOf("n", { a: "1" }));
    // no ambiguity between label boundaries
    expect(seriesKeyOf("m", { a: "1,b=2" })).not.toBe(seriesKeyOf("m", { a: "1", b: "2" }));
    expect(seriesKeyOf("m", {})).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps at most 64 labels, drops over-long names and truncates over-long values", () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`l${String(i).padStart(2, "0")}`, "v"]));
    expect(Object.keys(cleanLabels(many))).toHaveLength(64);
    const cleaned = cleanLabels({ ["k".repeat(300)]: "x", v: "y".repeat(2000) });
    expect(cleaned).toEqual({ v: "y".repeat(1024) });
  });
});

describe("finalizePoints", () => {
  it("refuses out-of-range times, non-finite numbers and empty names or hosts", () => {
    const r = finalizePoints(
      [
        gauge({ time: Date.UTC(1999, 0, 1) }),
        gauge({ time: NOW + 2 * 86_400_000 }),
        gauge({ value: NaN }),
        gauge({ kind: "histogram", value: null, histogram: { buckets: [[1, Infinity]], count: 1 } }),
        gauge({ name: "" }),
        gauge({ host: "" }),
        gauge({ value: null }),
        gauge(),
      ],
      { now: NOW, maxSeries: 10 },
    );
    expect(r.points).toHaveLength(1);
    expect(r.refused.map((x) => x.reason)).toEqual([
      expect.stringMatching(/out of range/),
      expect.stringMatching(/out of range/),
      "value NaN is not finite",
      "histogram holds a NaN or infinite number",
      expect.stringMatching(/metric name/),
      expect.stringMatching(/host/),
      "point has no value",
    ]);
  });

  it("keeps the first maxSeries series, counts the rest, and one point per series and time (the last)", () => {
    const points = [
      gauge({ labels: { i: "0" }, value: 1 }),
      gauge({ labels: { i: "1" } }),
      gauge({ labels: { i: "2" } }),
      gauge({ labels: { i: "2" }, time: NOW - 1000 }),
      gauge({ labels: { i: "0" }, value: 2 }),
      gauge({ labels: { i: "0" }, host: "other" }),
    ];
    const r = finalizePoints(points, { now: NOW, maxSeries: 2 });
    expect(r.points.map((p) => [p.host, p.labels.i, p.value])).toEqual([
      ["h", "0", 2],
      ["h", "1", 1],
    ]);
    expect(r.seriesOverLimit).toBe(2);
    expect(r.pointsOverLimit).toBe(3);
  });

  it("checks every number of a histogram value", () => {
    expect(histogramIsFinite({ scale: 3, zeroCount: 0, positive: { offset: -2, bucketCounts: [1, 2] }, count: 3, sum: 1 })).toBe(true);
    expect(histogramIsFinite({ quantiles: [[0.5, NaN]], count: 3 })).toBe(false);
    expect(histogramIsFinite({ buckets: [], count: 3, max: -Infinity })).toBe(false);
  });
});
