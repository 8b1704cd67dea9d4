import { describe, expect, it } from "vitest";
import { detectKnee } from "./knee";
import { minutesToIntervals } from "./intervals";

const curve = (p95s: number[]) => p95s.map((p95Ms, i) => ({ x: i + 1, p95Ms, minutes: 10 }));

describe("detectKnee", () => {
  it.each([
    ["flat", [800, 820, 790, 810, 805, 830], null],
    ["hockey stick", [800, 810, 805, 820, 1500, 3000, 6000], 4],
    ["one noisy bin is not a knee", [800, 810, 1900, 805, 820, 815], null],
    ["rise at the last bin", [800, 810, 805, 820, 830, 2500], 5],
  ] as const)("%s", (_name, p95s, knee) => {
    expect(detectKnee(curve([...p95s])).x).toBe(knee);
  });

  it("reports the baseline and the rise", () => {
    const k = detectKnee(curve([1000, 1000, 1000, 1000, 4000, 8000]));
    expect(k.baselineP95Ms).toBe(1000);
    expect(k.rise).toBe(8);
  });

  it("needs at least three bins", () => {
    expect(detectKnee(curve([1, 100]))).toEqual({ x: null, baselineP95Ms: null, rise: null });
  });
});

describe("minutesToIntervals", () => {
  it("merges consecutive minutes per key", () => {
    const m = (i: number) => i * 60_000;
    expect(
      minutesToIntervals([
        { key: "openai", minuteMs: m(10) },
        { key: "openai", minuteMs: m(11) },
        { key: "openai", minuteMs: m(12) },
        { key: "openai", minuteMs: m(20) },
        { key: "anthropic", minuteMs: m(11) },
      ]),
    ).toEqual([
      { key: "openai", fromMs: m(10), toMs: m(13), minutes: 3 },
      { key: "anthropic", fromMs: m(11), toMs: m(12), minutes: 1 },
      { key: "openai", fromMs: m(20), toMs: m(21), minutes: 1 },
    ]);
  });
});
