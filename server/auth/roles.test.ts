import { describe, expect, it } from "vitest";
import { roleAllows, roleRefusal } from "./roles";

describe("roleAllows", () => {
  it.each([
    ["viewer", "viewer", true],
    ["viewer", "member", false],
    ["viewer", "admin", false],
    ["member", "viewer", true],
    ["member", "member", true],
    ["member", "admin", false],
    ["admin", "viewer", true],
    ["admin", "member", true],
    ["admin", "admin", true],
    ["owner", "viewer", false],
    ["", "viewer", false],
  ] as const)("%s may do what needs %s: %s", (role, needed, allowed) => {
    expect(roleAllows(role, needed)).toBe(allowed);
  });

  it("says why in words", () => {
    expect(roleRefusal("viewer", "member")).toMatch(/viewers may only read/);
    expect(roleRefusal("member", "admin")).toMatch(/only admins/);
  });
});
