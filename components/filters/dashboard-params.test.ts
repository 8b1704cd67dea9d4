import { describe, expect, it } from "vitest";
import { dashboardQuery, parseDashboardParams, parseWindow, toSearch, withParam, type SearchParams } from "./dashboard-params";

describe("parseDashboardParams", () => {
  it.each<[string, SearchParams, ReturnType<typeof parseDashboardParams>]>([
    ["nothing: the default range, no filters", {}, { range: "24h", filters: {}, groupBy: undefined, window: null }],
    ["a preset and a group-by", { range: "1h", groupBy: "model" }, { range: "1h", filters: {}, groupBy: "model", window: null }],
    ["an unknown range falls back", { range: "2y" }, { range: "24h", filters: {}, groupBy: undefined, window: null }],
    ["a prototype key is not a range", { range: "toString" }, { range: "24h", filters: {}, groupBy: undefined, window: null }],
    ["an unknown group-by is dropped", { groupBy: "colour" }, { range: "24h", filters: {}, groupBy: undefined, window: null }],
    [
      "filters keep only the set dimensions",
      { model: "gpt-4o", taskType: "chat", provider: "", feature: "  ", environment: "staging" },
      { range: "24h", filters: { model: "gpt-4o", taskType: "chat", environment: "staging" }, groupBy: undefined, window: null },
    ],
    ["repeated params: the first wins", { model: ["a", "b"] }, { range: "24h", filters: { model: "a" }, groupBy: undefined, window: null }],
    ["values are trimmed", { feature: " search " }, { range: "24h", filters: { feature: "search" }, groupBy: undefined, window: null }],
    ["an over-long value is dropped", { model: "x".repeat(300) }, { range: "24h", filters: {}, groupBy: undefined, window: null }],
    ["a user is not a dashboard filter (rollups have no user key)", { userId: "u1" }, { range: "24h", filters: {}, groupBy: undefined, window: null }],
    ["unrelated params are ignored", { foo: "bar", userName: "u1" }, { range: "24h", filters: {}, groupBy: undefined, window: null }],
  ])("%s", (_name, params, expected) => {
    expect(parseDashboardParams(params)).toEqual(expected);
  });

  it("reads one end user from ?user= (kept apart from the rollup filters)", () => {
    expect(parseDashboardParams({ user: " user-42 " }).userId).toBe("user-42");
    expect(parseDashboardParams({ user: " user-42 " }).filters).toEqual({});
    expect(parseDashboardParams({ user: "x".repeat(300) }).userId).toBeUndefined();
  });

  it("takes another fallback range", () => {
    expect(parseDashboardParams({}, "1h").range).toBe("1h");
  });

  it("gives filters without undefined keys, so server and client query keys match", () => {
    expect(Object.keys(parseDashboardParams({ model: "m" }).filters)).toEqual(["model"]);
  });
});

describe("custom windows (from/to in epoch ms)", () => {
  const from = String(Date.UTC(2026, 10, 22, 12, 20));
  const to = String(Date.UTC(2026, 10, 22, 12, 25));
  it.each<[string, string | undefined, string | undefined, boolean]>([
    ["a bucket of a chart", from, to, true],
    ["only one end", from, undefined, false],
    ["reversed", to, from, false],
    ["not numbers", "yesterday", to, false],
    ["a fraction", `${from}.5`, to, false],
    ["longer than 31 days", String(Number(to) - 32 * 86_400_000), to, false],
    ["before 2000", "1000", "2000", false],
  ])("%s", (_name, f, t, ok) => {
    expect(parseWindow(f, t) !== null).toBe(ok);
  });

  it("a window takes precedence over the preset in the query input", () => {
    const parsed = parseDashboardParams({ range: "1h", from, to, model: "m" });
    expect(dashboardQuery(parsed)).toEqual({ from: Number(from), to: Number(to), filters: { model: "m" } });
    expect(dashboardQuery(parseDashboardParams({ range: "1h" }))).toEqual({ range: "1h", filters: {} });
  });
});

describe("withParam", () => {
  it.each([
    ["range=1h", "model", "gpt-4o", "?range=1h&model=gpt-4o"],
    ["range=1h&model=a", "model", "b", "?range=1h&model=b"],
    ["range=1h&model=a", "model", "", "?range=1h"],
    ["model=a", "model", null, ""],
    ["", "groupBy", "provider", "?groupBy=provider"],
  ])("%s + %s=%s → %s", (search, key, value, out) => {
    expect(toSearch(withParam(search, key, value))).toBe(out);
  });
});
