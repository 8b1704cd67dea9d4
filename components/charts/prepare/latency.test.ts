import { describe, expect, it } from "vitest";
import { latencyIsEmpty, prepareP95ByGroup, preparePercentiles } from "./latency";
import type { MetricsOutput } from "./types";

const range = { fromMs: 0, toMs: 180_000, bucketS: 60 };
const pt = (t: number, count: number, p95: number | null) => ({ t, count, p50: p95 && p95 / 2, p90: p95, p95, p99: p95 && p95 * 2, max: p95 && p95 * 3 });
const result = (series: MetricsOutput["latency"]["series"]): MetricsOutput["latency"] => ({ range, source: "rollup", series, emptyBuckets: [] });

describe("preparePercentiles", () => {
  it.each([
    ["a bucket with requests keeps its percentiles", pt(0, 3, 800), { p50: 400, p90: 800, p95: 800, p99: 1600 }],
    ["an empty bucket is a gap, never a zero", pt(60_000, 0, 0), { p50: null, p90: null, p95: null, p99: null }],
    ["a null from the server stays null", pt(120_000, 0, null), { p50: null, p95: null }],
  ])("%s", (_name, point, expected) => {
    expect(preparePercentiles(result([{ key: "", points: [point] }]))[0]).toMatchObject(expected);
  });

  it("gives nothing for no series", () => {
    expect(preparePercentiles(result([]))).toEqual([]);
  });
});

describe("prepareP95ByGroup", () => {
  it("one column per group, safe data keys, gaps per group", () => {
    const out = prepareP95ByGroup(
      result([
        { key: "gpt-4o.mini", points: [pt(0, 5, 900), pt(60_000, 0, null)] },
        { key: "claude", points: [pt(0, 0, null), pt(60_000, 2, 1200)] },
      ]),
    );
    expect(out.groups).toEqual([
      { key: "gpt-4o.mini", dataKey: "g0", count: 5 },
      { key: "claude", dataKey: "g1", count: 2 },
    ]);
    expect(out.points).toEqual([
      { t: 0, g0: 900, g1: null },
      { t: 60_000, g0: null, g1: 1200 },
    ]);
  });
});

describe("latencyIsEmpty", () => {
  it.each([
    [[], true],
    [[{ key: "", points: [pt(0, 0, null)] }], true],
    [[{ key: "", points: [pt(0, 0, null), pt(60_000, 1, 5)] }], false],
  ])("%#", (series, empty) => expect(latencyIsEmpty(result(series))).toBe(empty));
});
