import { describe, expect, it } from "vitest";
import { whenText } from "./when-text";

describe("whenText", () => {
  const now = Date.parse("2026-11-22T10:00:00Z");
  it.each([
    [null, "never"],
    ["2026-11-22T09:59:48Z", "12 s ago"],
    ["2026-11-22T09:55:00Z", "5 min ago"],
    ["2026-11-21T08:04:00Z", "2026-11-21 08:04"],
    ["2026-11-22T10:05:00Z", "2026-11-22 10:05"],
  ])("%s → %s", (iso, text) => {
    expect(whenText(iso, now)).toBe(text);
  });
});
