import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("timeTicks", () => {
  it.each([
    ["15 minutes: every 2 minutes", at("2026-01-01T10:03:30Z"), at("2026-01-01T10:18:30Z"), 2 * 60_000, 8],
    ["1 hour: every 10 minutes", at("2026-01-01T10:03:00Z"), at("2026-01-01T11:03:00Z"), 10 * 60_000, 6],
    ["6 hours: every hour", at("2026-01-01T10:20:00Z"), at("2026-01-01T16:20:00Z"), H, 6],
    ["24 hours: every 3 hours", at("2026-01-01T10:20:00Z"), at("2026-01-02T10:20:00Z"), 3 * H, 8],
    ["7 days: every day", at("2026-01-01T10:20:00Z"), at("2026-01-08T10:20:00Z"), 24 * H, 7],
    ["30 days: every week", at("2026-01-01T10:20:00Z"), at("2026-01-31T10:20:00Z"), 7 * 24 * H, 4],
  ])("%s", (_n, fromMs, toMs, step, count) => {
    const ticks = timeTicks({ fromMs, toMs });
    expect(ticks).toHaveLength(count);
    expect(ticks.every((t) => t % step === 0 && t >= fromMs && t <= toMs)).toBe(true);
  });

  it("an empty or inverted range has no ticks", () => {
    expect(timeTicks({ fromMs: 5, toMs: 5 })).toEqual([]);
    expect(timeTicks({ fromMs: 10, toMs: 5 })).toEqual([]);
  });
});
