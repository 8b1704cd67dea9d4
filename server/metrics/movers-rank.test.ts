import { describe, expect, it } from "vitest";
import { rankMovers, type MoverCandidate } from "./movers-rank";

const c = (over: Partial<MoverCandidate>): MoverCandidate => ({
  dimension: "model", key: "m", metric: "p95", now: 1000, before: 1000, countNow: 100, countBefore: 100, ...over,
});

describe("worst movers", () => {
  it("ranks p95 by relative increase and error rates by absolute increase, worst first", () => {
    const ranked = rankMovers(
      [
        c({ key: "a", now: 3000, before: 1000 }), // +200 %
        c({ key: "b", now: 1200, before: 1000 }), // +20 %
        c({ key: "c", metric: "errorRate", now: 0.12, before: 0.02 }), // +10 points → weighs 100 %
        c({ key: "d", metric: "errorRate", now: 0.003, before: 0.001 }), // +0.2 points: small
        c({ key: "e", now: 800, before: 1000 }), // faster: not a worst mover
      ],
      10,
    );
    expect(ranked.map((m) => [m.key, Math.round(m.change * 1000) / 1000])).toEqual([
      ["a", 2],
      ["c", 0.1],
      ["b", 0.2],
      ["d", 0.002],
    ]);
  });

  it("ignores series with too few requests or no value, and keeps the limit", () => {
    expect(rankMovers([c({ now: 5000, countBefore: 5 }), c({ now: null })], 5)).toEqual([]);
    expect(rankMovers([c({ key: "x", now: 2000 }), c({ key: "y", now: 3000 })], 1).map((m) => m.key)).toEqual(["y"]);
  });
});
