import { describe, expect, it } from "vitest";
import { countStates, isDisplayState, ruleStateOf, sortByUrgency, stateLook } from "./rule-state";

describe("rule states", () => {
  it("names each state for people", () => {
    expect(stateLook("inactive").label).toBe("OK");
    expect(stateLook("nodata").label).toBe("No data");
    expect(stateLook("firing").badge).toContain("rose");
    expect(stateLook("something-new").label).toBe("something-new");
  });

  it("counts every state, zeros included", () => {
    const counts = countStates([{ state: "firing" }, { state: "firing" }, { state: "inactive" }, { state: "bogus" }]);
    expect(counts).toMatchObject({ firing: 2, inactive: 1, pending: 0, disabled: 0 });
  });

  it("accepts only known states from the URL", () => {
    expect(isDisplayState("pending")).toBe(true);
    expect(isDisplayState("<script>")).toBe(false);
    expect(isDisplayState(undefined)).toBe(false);
  });

  it("puts the worst state first, then names in order", () => {
    const rows = [
      { state: "inactive", rule: { name: "a" } },
      { state: "firing", rule: { name: "z" } },
      { state: "disabled", rule: { name: "b" } },
      { state: "pending", rule: { name: "c" } },
      { state: "firing", rule: { name: "m" } },
    ];
    expect(sortByUrgency(rows).map((r) => r.rule.name)).toEqual(["m", "z", "c", "a", "b"]);
  });
});

describe("ruleStateOf", () => {
  const rule = { enabled: true, lastError: null, lastEvalAt: "2026-11-22T10:00:00Z" };
  const inst = (state: string) => ({ state, pendingSince: "p", firingSince: state === "firing" ? "f" : null });
  it.each([
    [rule, [], "inactive", null],
    [{ ...rule, lastEvalAt: null }, [], "unevaluated", null],
    [rule, [inst("inactive"), inst("firing"), inst("pending")], "firing", "f"],
    [rule, [inst("inactive"), inst("pending")], "pending", "p"],
    [{ ...rule, lastError: "boom" }, [inst("firing")], "error", "f"],
    [{ ...rule, enabled: false }, [inst("firing")], "disabled", "f"],
  ])("%j %j → %s", (r, instances, state, since) => expect(ruleStateOf(r, instances)).toEqual({ state, since }));
});
