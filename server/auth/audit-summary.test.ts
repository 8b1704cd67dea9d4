import { describe, expect, it } from "vitest";
import { auditTarget, summarizeInput } from "./audit-summary";

describe("summarizeInput", () => {
  it("keeps plain values and redacts secrets at any depth", () => {
    expect(
      summarizeInput({
        name: "p95 high",
        enabled: true,
        threshold: 2000,
        config: { url: "https://hooks.slack.com/services/T/B/secret", headers: { authorization: "Bearer x" }, channel: "#ops" },
        password: "hunter22",
      }),
    ).toEqual({ name: "p95 high", enabled: true, threshold: 2000, config: { url: "[redacted]", headers: "[redacted]", channel: "#ops" }, password: "[redacted]" });
  });

  it("cuts long strings, long arrays and deep nesting", () => {
    expect((summarizeInput("x".repeat(500)) as string).length).toBe(201);
    expect(summarizeInput(Array.from({ length: 25 }, (_, i) => i))).toHaveLength(21);
    expect(summarizeInput({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({ a: { b: { c: { d: "[…]" } } } });
  });

  it("keeps booleans of secret-named fields (a switch is not a secret)", () => {
    expect(summarizeInput({ redactSecrets: true })).toEqual({ redactSecrets: true });
  });
});

describe("auditTarget", () => {
  it.each([
    [{ id: "abc" }, null, "abc"],
    [{ name: "rule" }, { id: "r1" }, "rule"],
    [{ rule: {} }, { id: "r1" }, "r1"],
    [{ url: "http://user:pw@gpu-1:9400/metrics?token=x" }, null, "http://gpu-1:9400"],
    [undefined, undefined, null],
  ])("%j / %j → %s", (input, result, target) => {
    expect(auditTarget(input, result)).toBe(target);
  });
});
