import { describe, expect, it } from "vitest";
import { nestingDepth } from "./nesting";
import { attributesField } from "./schema";

describe("nestingDepth", () => {
  it.each([
    [5, 0],
    [null, 0],
    [{}, 1],
    [[1, [2]], 2],
    [{ a: { b: [{ c: 1 }] } }, 4],
  ])("%j nests %i deep", (value, depth) => expect(nestingDepth(value, 10)).toBe(depth));

  it("stops past the limit, also for nesting deeper than the call stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 500_000; i++) deep = [deep];
    expect(nestingDepth(deep, 32)).toBe(33);
  });
});

describe("attributesField (fuzz regression: deep attributes answered 500 by overflowing JSON.stringify)", () => {
  it("refuses attributes nested deeper than 32 levels with a message, instead of throwing", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const parsed = attributesField.safeParse({ x: deep });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toBe("attributes nested deeper than 32 levels");
    let ok: unknown = 1;
    for (let i = 0; i < 30; i++) ok = [ok];
    expect(attributesField.safeParse({ x: ok }).success).toBe(true);
  });
});
