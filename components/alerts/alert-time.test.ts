import { describe, expect, it } from "vitest";
import { formatAgo, formatSpan, formatUtc, toMs } from "./alert-time";

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe("alert times", () => {
  it.each([
    [0, "0 s"],
    [45_000, "45 s"],
    [12 * 60_000, "12 min"],
    [3 * 3_600_000, "3 h"],
    [3 * 3_600_000 + 5 * 60_000, "3 h 5 min"],
    [50 * 3_600_000, "2 d 2 h"],
    [48 * 3_600_000, "2 d"],
  ])("formatSpan(%d) = %s", (ms, text) => expect(formatSpan(ms)).toBe(text));

  it("reads ISO strings and Dates alike", () => {
    expect(toMs("2026-11-22T11:59:00.000Z")).toBe(NOW - 60_000);
    expect(toMs(new Date(NOW))).toBe(NOW);
    expect(toMs(null)).toBeNull();
    expect(toMs("not a time")).toBeNull();
  });

  it.each([
    [null, "—"],
    [new Date(NOW - 2_000), "just now"],
    [new Date(NOW - 90_000).toISOString(), "1 min ago"],
    [new Date(NOW + 20 * 60_000).toISOString(), "in 20 min"],
  ])("formatAgo(%s)", (t, text) => expect(formatAgo(t, NOW)).toBe(text));

  it("prints UTC to the second", () => {
    expect(formatUtc(new Date(NOW + 5_500))).toBe("2026-11-22 12:00:05 UTC");
    expect(formatUtc(null)).toBe("—");
  });
});
