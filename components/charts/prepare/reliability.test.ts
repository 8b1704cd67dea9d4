import { describe, expect, it } from "vitest";
import { prepareBreakerLanes, prepareErrorTypes, prepareFallbackPaths, prepareRates } from "./reliability";
import type { MetricsOutput } from "./types";

type Point = MetricsOutput["reliability"]["points"][number];
const point = (t: number, requests: number, rate: number | null): Point => ({
  t, requests, errorRate: rate, rate429: rate, timeoutRate: rate, rate5xx: rate, retryRate: rate, attemptsPerRequest: rate == null ? null : 1 + rate, fallbackRate: rate,
});
const result = (points: Point[]) => ({ points }) as MetricsOutput["reliability"];

describe("prepareRates", () => {
  it.each([
    ["rates of a bucket with requests", point(0, 10, 0.1), { errorRate: 0.1, rate429: 0.1, attemptsPerRequest: 1.1 }],
    ["a zero rate stays a zero", point(0, 10, 0), { errorRate: 0, retryRate: 0, attemptsPerRequest: 1 }],
    ["a bucket without requests is a gap", point(0, 0, 0), { errorRate: null, fallbackRate: null, attemptsPerRequest: null }],
  ])("%s", (_n, p, expected) => expect(prepareRates(result([p]))[0]).toMatchObject(expected));
});

describe("prepareBreakerLanes", () => {
  const range = { fromMs: 60_000, toMs: 600_000 };
  it("one lane per provider, most minutes open first, bands clipped to the range", () => {
    const lanes = prepareBreakerLanes(
      [
        { key: "anthropic", fromMs: 120_000, toMs: 180_000, minutes: 1 },
        { key: "openai", fromMs: 0, toMs: 180_000, minutes: 3 },
        { key: "openai", fromMs: 300_000, toMs: 420_000, minutes: 2 },
        { key: "openai", fromMs: 700_000, toMs: 760_000, minutes: 1 },
      ],
      range,
    );
    expect(lanes.map((l) => [l.provider, l.openMinutes])).toEqual([["openai", 5], ["anthropic", 1]]);
    expect(lanes[0]!.bands).toEqual([
      { fromMs: 60_000, toMs: 180_000, minutes: 3 },
      { fromMs: 300_000, toMs: 420_000, minutes: 2 },
    ]);
  });
  it("no intervals, no lanes", () => expect(prepareBreakerLanes([], range)).toEqual([]));
});

describe("prepareErrorTypes / prepareFallbackPaths", () => {
  it("shares of all failures", () => {
    expect(prepareErrorTypes([{ errorType: "timeout", count: 3 }, { errorType: "rate_limit", count: 1 }]).map((r) => r.share)).toEqual([0.75, 0.25]);
  });
  it("success rate of each path", () => {
    expect(prepareFallbackPaths([{ fromModel: "a", toModel: "b", count: 4, succeeded: 3 }])[0]!.successRate).toBe(0.75);
  });
});
