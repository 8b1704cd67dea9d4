import { describe, expect, it } from "vitest";
import { formatCompact, formatDuration, formatPercentTick, formatDurationTick, formatPercent, formatTimeTick, formatUsd, formatUsdPerUnit } from "./format";
import { prepareOverviewSeries } from "./overview";

describe("formatDuration", () => {
  it.each([
    [0.5, "0.50 ms"],
    [12.4, "12 ms"],
    [999, "999 ms"],
    [1000, "1.00 s"],
    [2345, "2.35 s"],
    [15_000, "15.0 s"],
    [0, "0"],
    [null, "—"],
  ])("%s → %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

it("formats percentages and money", () => {
  expect(formatPercent(0.0123)).toBe("1.23 %");
  expect(formatUsd(1234.5)).toBe("$1,234.50");
  expect(formatUsd(0.0042)).toBe("$0.0042");
});

describe("prepareOverviewSeries", () => {
  it("leaves a gap for percentiles and a zero for counts in an empty bucket", () => {
    const out = prepareOverviewSeries(
      [
        { t: 0, requests: 10, errors: 1, p95Ms: 900 },
        { t: 60_000, requests: 0, errors: 0, p95Ms: null },
      ],
      { fromMs: 0, toMs: 120_000 },
    );
    expect(out[0]).toMatchObject({ ok: 9, errors: 1, p95Ms: 900, errorRate: 0.1 });
    expect(out[1]).toMatchObject({ ok: 0, errors: 0, p95Ms: null, errorRate: null });
  });
});

describe("formatDurationTick", () => {
  it.each([
    [0, "0"],
    [2.5, "2.5 ms"],
    [500, "500 ms"],
    [1000, "1 s"],
    [2500, "2.5 s"],
    [7500, "7.5 s"],
    [1250, "1.25 s"],
    [10_000, "10 s"],
    [90_000, "1.5 min"],
  ])("%s → %s", (ms, text) => expect(formatDurationTick(ms)).toBe(text));
});

describe("formatTimeTick", () => {
  const day = 86_400_000;
  it.each([
    [Date.parse("2026-01-02T00:00:00Z"), 7 * day, "01-02"],
    [Date.parse("2026-01-02T06:00:00Z"), 7 * day, "01-02 06:00"],
    [Date.parse("2026-01-02T00:00:00Z"), day, "00:00"],
  ])("%s over %s → %s", (ms, span, text) => expect(formatTimeTick(ms, span)).toBe(text));
});

describe("formatUsdPerUnit", () => {
  it.each([
    [null, "—"],
    [0, "$0"],
    [0.0412, "$0.041"],
    [0.0035, "$0.0035"],
    [0.00021, "$0.00021"],
    [0.00099999, "$0.0010"],
    [0.04, "$0.040"],
    [0.123, "$0.12"],
    [0.5, "$0.50"],
    [1.5, "$1.50"],
    [-0.0035, "−$0.0035"],
    [1e-9, "< $0.000001"],
  ])("%s → %s", (usd, text) => expect(formatUsdPerUnit(usd)).toBe(text));
});

describe("formatCompact", () => {
  it.each([
    [0, "0"],
    [950, "950"],
    [140_000, "140K"],
    [7_550_000, "7.6M"],
  ])("%s → %s", (n, text) => expect(formatCompact(n)).toBe(text));
});

it.each([
  [0, "0 %"],
  [0.025, "2.5 %"],
  [0.15, "15 %"],
  [1, "100 %"],
])("formatPercentTick %s → %s", (r, text) => expect(formatPercentTick(r)).toBe(text));
