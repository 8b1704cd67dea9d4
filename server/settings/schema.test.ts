import { describe, expect, it } from "vitest";
import { customPatternInput, DEFAULT_DATA_SETTINGS, dataSettingsInput, deleteUserDataInput, riskyPatternReason } from "./schema";

describe("riskyPatternReason", () => {
  it.each([
    ["(a+)+", /nested repetition/],
    ["(\\w*\\s?)*x", /nested repetition/],
    ["(?:[a-z]+\\d)+", /nested repetition/],
    ["([0-9]{2,}-)*", /nested repetition/],
    ["(a)\\1", /backreferences/],
    ["ORD-\\d{6}", null],
    ["(ab|cd)+", null],
    ["(?:\\d{3}-)?\\d{4}", null],
    ["[(+]\\d+", null],
  ])("%s", (pattern, expected) => {
    const reason = riskyPatternReason(pattern);
    if (expected) expect(reason).toMatch(expected);
    else expect(reason).toBeNull();
  });
});

describe("customPatternInput", () => {
  it.each([
    [{ name: "order", pattern: "ORD-\\d+" }, null],
    [{ name: "bad", pattern: "(unclosed" }, /does not compile/],
    [{ name: "empty", pattern: "x*" }, /empty string/],
    [{ name: "long", pattern: "a".repeat(201) }, /at most 200/],
    [{ name: "has space", pattern: "x" }, /letters, digits/],
  ])("%j", (input, expected) => {
    const parsed = customPatternInput.safeParse(input);
    if (!expected) expect(parsed.success).toBe(true);
    else expect(parsed.error?.issues.map((i) => i.message).join("; ")).toMatch(expected);
  });
});

describe("dataSettingsInput", () => {
  it("accepts the defaults", () => {
    expect(dataSettingsInput.safeParse(DEFAULT_DATA_SETTINGS).success).toBe(true);
  });

  it.each([
    [{ retentionDays: 0 }, "retentionDays"],
    [{ retentionDays: 1.5 }, "retentionDays"],
    [{ maxTextChars: 10 }, "maxTextChars"],
    [{ customPatterns: Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, pattern: "x" })) }, "customPatterns"],
    [{ customPatterns: [{ name: "a", pattern: "x" }, { name: "a", pattern: "y" }] }, "customPatterns.1.name"],
  ])("refuses %j at %s", (change, path) => {
    const parsed = dataSettingsInput.safeParse({ ...DEFAULT_DATA_SETTINGS, ...change });
    expect(parsed.error?.issues[0]?.path.join(".")).toBe(path);
  });

  it("delete-user needs the id typed twice", () => {
    expect(deleteUserDataInput.safeParse({ userId: "u-1", confirmUserId: "u-1" }).success).toBe(true);
    expect(deleteUserDataInput.safeParse({ userId: "u-1", confirmUserId: "u-2" }).error?.issues[0]?.path).toEqual(["confirmUserId"]);
  });
});
