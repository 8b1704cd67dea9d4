import { describe, expect, it } from "vitest";
import { parseDashboardParams, toSearch, withParam, type SearchParams } from "./dashboard-params";

describe("parseDashboardParams", () => {
  it.each<[string, SearchParams, ReturnType<typeof parseDashboardParams>]>([
    ["nothing: the default range, no filters", {}, { range: "24h", filters: {}, groupBy: undefined }],
    ["a preset and a group-by", { range: "1h", groupBy: "model" }, { range: "1h", filters: {}, groupBy: "model" }],
    ["an unknown range falls back", { range: "2y" }, { range: "24h", filters: {}, groupBy: undefined }],
    ["a prototype key is not a range", { range: "toString" }, { range: "24h", filters: {}, groupBy: undefined }],
    ["an unknown group-by is dropped", { groupBy: "colour" }, { range: "24h", filters: {}, groupBy: undefined }],
    [
      "filters keep only the set dimensions",
      { model: "gpt-4o", taskType: "chat", provider: "", feature: "  ", environment: "staging" },
      { range: "24h", filters: { model: "gpt-4o", taskType: "chat", environment: "staging" }, groupBy: undefined },
    ],
    ["repeated params: the first wins", { model: ["a", "b"] }, { range: "24h", filters: { model: "a" }, groupBy: undefined }],
    ["values are trimmed", { feature: " search " }, { range: "24h", filters: { feature: "search" }, groupBy: undefined }],
    ["an over-long value is dropped", { model: "x".repeat(300) }, { range: "24h", filters: {}, groupBy: undefined }],
    ["a user is not a dashboard filter (rollups have no user key)", { userId: "u1" }, { range: "24h", filters: {}, groupBy: undefined }],
    ["unrelated params are ignored", { foo: "bar", user: "u1" }, { range: "24h", filters: {}, groupBy: undefined }],
  ])("%s", (_name, params, expected) => {
    expect(parseDashboardParams(params)).toEqual(expected);
  });

  it("takes another fallback range", () => {
    expect(parseDashboardParams({}, "1h").range).toBe("1h");
  });

  it("gives filters without undefined keys, so server and client query keys match", () => {
    expect(Object.keys(parseDashboardParams({ model: "m" }).filters)).toEqual(["model"]);
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
