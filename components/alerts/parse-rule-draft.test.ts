import { describe, expect, it } from "vitest";
import { fieldOfPath, parseRuleDraft, previewSpecOf, serverFieldErrors } from "./parse-rule-draft";
import { draftFromRule, newRuleDraft, type RuleDraft } from "./rule-draft";

const draft = (change: Partial<RuleDraft> = {}): RuleDraft => ({ ...newRuleDraft(), name: "p95 latency > 2 s", ...change });

describe("parseRuleDraft", () => {
  it("turns the default form into a valid threshold rule", () => {
    const parsed = parseRuleDraft(draft({ labels: "team=llm", filters: { ...newRuleDraft().filters, model: "gpt-4o" } }));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input.spec).toMatchObject({ kind: "threshold", metric: "latency_p95", threshold: 2000, windowS: 300, forS: 300, filters: { model: "gpt-4o" } });
    expect(parsed.input.labels).toEqual({ team: "llm" });
    expect(parsed.input.annotations.runbookUrl).toBeUndefined();
  });

  it.each<[Partial<RuleDraft>, string, string | RegExp]>([
    [{ name: " " }, "name", "name: required"],
    [{ threshold: "" }, "threshold", "threshold: a number"],
    [{ threshold: "abc" }, "threshold", "threshold: a number"],
    [{ metric: "error_rate", threshold: "150" }, "threshold", "threshold: a percentage between 0 and 100"],
    [{ window: "5 minutes" }, "window", "window: a duration like 90s, 5m or 1h30m"],
    [{ window: "30s" }, "window", "window: at least 1m"],
    [{ forDuration: "x" }, "forDuration", "for: a duration like 90s, 5m or 1h30m"],
    [{ metric: "error_rate", stage: "generation" }, "stage", "a stage applies to latency metrics only"],
    [{ metric: "gpu_util", threshold: "90", groupBy: "model" }, "filters", /GPU metrics/],
    [{ labels: "team" }, "labels", "labels: line 1: write name=value"],
    [{ labels: "1x=a" }, "labels", /label names/],
    [{ runbookUrl: "wiki/page" }, "runbookUrl", "runbook URL: an http(s) URL"],
    [{ kind: "slo", targetPct: "120" }, "targetPct", "target: at most 99.999 %"],
    [{ kind: "slo", sloThresholdMs: "0" }, "sloThresholdMs", "threshold: above 0 ms"],
  ])("%j → %s", (change, field, message) => {
    const parsed = parseRuleDraft(draft(change));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[field as keyof typeof parsed.errors]).toMatch(message);
  });

  it("builds SLO rules", () => {
    const parsed = parseRuleDraft(draft({ kind: "slo", sloObjective: "success", targetPct: "99.5" }));
    expect(parsed.ok && parsed.input.spec).toEqual({ kind: "slo", objective: { type: "success" }, targetPct: 99.5, filters: {}, minRequests: 20 });
  });

  it("round-trips a stored rule through the form", () => {
    const parsed = parseRuleDraft(draft({ groupBy: "model", keepFiringFor: "2m", summary: "hi", channelIds: ["0b3c8a4e-8d4e-4a53-9f3c-2d1e0f9a7b6c"] }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const rule = { ...parsed.input, annotations: parsed.input.annotations as Record<string, string> };
    expect(parseRuleDraft(draftFromRule(rule))).toEqual(parsed);
  });
});

describe("errors next to their fields", () => {
  it.each([
    [["spec", "windowS"], "window"],
    [["spec", "objective", "thresholdMs"], "sloThresholdMs"],
    [["annotations", "runbookUrl"], "runbookUrl"],
    [["labels", "bad name"], "labels"],
    [["spec", "unknown"], "form"],
    [[], "form"],
  ])("%j → %s", (path, field) => expect(fieldOfPath(path)).toBe(field));

  it("reads the server's zod issues, update's { rule } wrapper included", () => {
    const message = JSON.stringify([{ code: "too_small", path: ["rule", "spec", "forS"], message: "for: at least 0s" }]);
    expect(serverFieldErrors(message)).toEqual({ forDuration: "for: at least 0s" });
    expect(serverFieldErrors("channelIds: a channel does not exist in this project")).toEqual({ channelIds: "channelIds: a channel does not exist in this project" });
    expect(serverFieldErrors("database unavailable; retry later")).toEqual({ form: "database unavailable; retry later" });
  });

  it("has no preview spec while a field is invalid", () => {
    expect(previewSpecOf(draft({ window: "nope" }))).toBeNull();
    expect(previewSpecOf(draft({ name: "" }))).toMatchObject({ kind: "threshold", windowS: 300 });
  });
});
