import { describe, expect, it } from "vitest";
import { formatWindow, fromUtcInput, toUtcInput } from "./window-format";

describe("custom window formatting (UTC)", () => {
  const from = Date.UTC(2026, 10, 22, 12, 20);
  it("round-trips a datetime-local value as UTC", () => {
    expect(toUtcInput(from)).toBe("2026-11-22T12:20");
    expect(fromUtcInput("2026-11-22T12:20")).toBe(from);
    expect(fromUtcInput("yesterday")).toBeNull();
  });
  it("labels a window within a day and across midnight", () => {
    expect(formatWindow({ from, to: from + 5 * 60_000 })).toBe("Nov 22 12:20 – 12:25 UTC");
    expect(formatWindow({ from, to: from + 86_400_000 })).toBe("Nov 22 12:20 – Nov 23 12:20 UTC");
  });
});
