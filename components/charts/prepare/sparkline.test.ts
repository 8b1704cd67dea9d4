import { describe, expect, it } from "vitest";
import { sparklinePath } from "./sparkline";

describe("sparklinePath", () => {
  it("scales values into the box from zero to the max", () => {
    expect(sparklinePath([0, 5, 10], 100, 20)).toBe("M0 20 L50 10 L100 0");
  });
  it("breaks at gaps and keeps a lone point as a tick", () => {
    expect(sparklinePath([10, null, 5, null, 10], 100, 10)).toBe("M0 0 L1 0 M50 5 L51 5 M100 0 L101 0");
  });
  it("draws nothing without data", () => {
    expect(sparklinePath([null, null], 100, 10)).toBe("");
    expect(sparklinePath([3], 100, 10)).toBe("");
  });
});
