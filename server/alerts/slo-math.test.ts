import { describe, expect, it } from "vitest";
import { sloSpec } from "./schema";
import { burnRate, sloVerdict, type SloWindowCounts } from "./slo-math";

const H = 3600;
const spec = sloSpec.parse({ kind: "slo", objective: { type: "success" }, targetPct: 99 });

/** Window counts with `badPct` percent bad requests in each window (10 000 requests each). */
function windows(badPct: Partial<Record<number, number>>): Map<number, SloWindowCounts> {
  const all = [300, 1800, H, 6 * H, 3 * 24 * H, 30 * 24 * H];
  return new Map(all.map((s) => [s, { total: 10_000, bad: Math.round(((badPct[s] ?? 0) / 100) * 10_000) }]));
}

describe("burn rate", () => {
  it("is the bad fraction over the error budget", () => {
    expect(burnRate({ total: 1000, bad: 10 }, 99)).toBeCloseTo(1, 12);
    expect(burnRate({ total: 1000, bad: 144 }, 99)).toBeCloseTo(14.4, 12);
    expect(burnRate({ total: 0, bad: 0 }, 99)).toBeNull();
  });
});

describe("multi-window multi-burn-rate verdict (SRE workbook)", () => {
  const page = (v: ReturnType<typeof sloVerdict>) => v.alerts.find((a) => a.severity === "page")!;
  const ticket = (v: ReturnType<typeof sloVerdict>) => v.alerts.find((a) => a.severity === "ticket")!;

  it.each([
    ["both 1 h and 5 min above 14.4× page", { 3600: 15, 300: 15 }, true, false],
    ["1 h above 14.4× but 5 min recovered: no page", { 3600: 15, 300: 1 }, false, false],
    ["5 min spike alone: no page", { 300: 50 }, false, false],
    ["both 6 h and 30 min above 6× page (3 d calm: no ticket)", { 21600: 7, 1800: 7 }, true, false],
    ["3 d and 6 h above 1× open a ticket", { 259200: 1.5, 21600: 1.5 }, false, true],
    ["exactly at 14.4× does not page (strictly above)", { 3600: 14.4, 300: 14.4 }, false, false],
  ])("%s", (_, bad, wantPage, wantTicket) => {
    const v = sloVerdict(spec, windows(bad));
    expect(page(v).holds).toBe(wantPage);
    expect(ticket(v).holds).toBe(wantTicket);
  });

  it("reports the error budget left over 30 days", () => {
    expect(sloVerdict(spec, windows({ 2592000: 0.25 })).budgetRemaining).toBeCloseTo(0.75, 12);
    expect(sloVerdict(spec, windows({ 2592000: 2 })).budgetRemaining).toBeCloseTo(-1, 12);
    expect(sloVerdict(spec, windows({ 2592000: 0.25 })).attainment).toBeCloseTo(0.9975, 12);
  });

  it("needs the minimum number of requests in the short window", () => {
    const guarded = sloSpec.parse({ ...spec, minRequests: 20_000 });
    expect(page(sloVerdict(guarded, windows({ 3600: 20, 300: 20 }))).holds).toBe(false);
  });

  it("no requests at all: no verdict values", () => {
    const v = sloVerdict(spec, new Map());
    expect(v.budgetRemaining).toBeNull();
    expect(page(v).value).toBeNull();
    expect(page(v).holds).toBe(false);
  });
});
