import { describe, expect, it } from "vitest";
import { DEFAULT_DATA_SETTINGS } from "@/server/settings/schema";
import { parseDraft, toDraft } from "./data-settings-draft";

describe("parseDraft", () => {
  it.each([
    [{}, null],
    [{ retentionDays: "" }, "retentionDays: a whole number of days"],
    [{ retentionDays: "0" }, "retentionDays: at least 1 day"],
    [{ maxTextChars: "12.5" }, "maxTextChars: a whole number of characters"],
    [{ customPatterns: [{ name: "x", pattern: "(a" }] }, /^customPatterns\.0\.pattern: does not compile/],
  ])("%j", (change, expected) => {
    const result = parseDraft({ ...toDraft(DEFAULT_DATA_SETTINGS), ...change });
    if (expected === null) expect(result).toEqual({ ok: true, settings: DEFAULT_DATA_SETTINGS });
    else if (typeof expected === "string") expect(result).toEqual({ ok: false, error: expected });
    else expect(result.ok ? "" : result.error).toMatch(expected);
  });
});
