import { describe, expect, it } from "vitest";
import { diagnosisSummary, prepareDiagnosis, verdictOf } from "./diagnosis";
import type { MetricsOutput } from "./types";

type Signal = MetricsOutput["diagnosis"]["signals"][number];
const signal = (holds: boolean | null, pointsTo: Signal["pointsTo"] = "serving-stack", chart = "/load"): Signal => ({
  id: "scales-with-concurrency", title: "Latency scales with concurrency", holds, pointsTo, evidence: "r = 0.9", chart,
});

describe("verdictOf", () => {
  it.each([
    [true, "holds"],
    [false, "does-not-hold"],
    [null, "unknown"],
  ] as const)("%s → %s", (holds, verdict) => expect(verdictOf(holds)).toBe(verdict));
});

describe("prepareDiagnosis", () => {
  it.each([
    ["?range=1h&model=a", "/load?range=1h&model=a"],
    ["range=1h", "/load?range=1h"],
    ["", "/load"],
  ])("search %j links to %s", (search, href) => expect(prepareDiagnosis([signal(true)], search)[0]!.href).toBe(href));

  it("labels the verdict and where it points", () => {
    expect(prepareDiagnosis([signal(false, "model")], "")[0]).toMatchObject({ verdict: "does-not-hold", verdictLabel: "doesn't hold", pointsTo: "model" });
  });
});

describe("diagnosisSummary", () => {
  it.each<[string, Signal[], string]>([
    ["nothing known", [signal(null), signal(null)], "Not enough traffic to tell."],
    ["nothing holds", [signal(false), signal(null)], "No signal holds in this range."],
    ["stack only", [signal(true), signal(false)], "1 of 2 signals hold, all pointing to the serving stack."],
    ["model only", [signal(true, "model"), signal(false)], "1 of 2 signals hold, all pointing to the model."],
    ["both", [signal(true), signal(true, "model"), signal(false)], "2 of 3 signals hold: 1 point to the serving stack, 1 to the model."],
  ])("%s", (_n, signals, text) => expect(diagnosisSummary(prepareDiagnosis(signals, ""))).toBe(text));
});
