import { describe, expect, it } from "vitest";
import { formatLoad, prepareLoadCurve } from "./load";

describe("prepareLoadCurve", () => {
  it("points by load with the knee", () => {
    const out = prepareLoadCurve({
      axis: "rps",
      points: [
        { x: 2, minutes: 5, requests: 600, p50Ms: 500, p95Ms: 2500, p99Ms: 4000 },
        { x: 1, minutes: 5, requests: 300, p50Ms: 400, p95Ms: 900, p99Ms: 1200 },
      ],
      knee: { x: 1, baselineP95Ms: 900, rise: 2.8 },
      statement: "p95 rises past ~1.0 req/s",
    });
    expect(out.points.map((p) => p.x)).toEqual([1, 2]);
    expect(out.points[0]).toEqual({ x: 1, requests: 300, minutes: 5, p50: 400, p95: 900, p99: 1200 });
    expect(out.kneeX).toBe(1);
  });
});

describe("formatLoad", () => {
  it.each([
    [0.25, "rps", "0.25 req/s"],
    [0.05, "concurrency", "0.05"],
    [0, "concurrency", "0"],
    [12.4, "rps", "12 req/s"],
    [3.14, "concurrency", "3.1"],
  ] as const)("%s %s → %s", (x, unit, text) => expect(formatLoad(x, unit)).toBe(text));
});
