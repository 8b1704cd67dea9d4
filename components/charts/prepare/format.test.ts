import { describe, expect, it } from "vitest";
import { formatDuration, formatPercent, formatUsd } from "./format";
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
