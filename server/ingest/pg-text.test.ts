import { describe, expect, it } from "vitest";
import { pgSafeDeep, pgSafeText } from "./pg-text";

describe("pgSafeText", () => {
  it.each([
    ["plain", "plain"],
    ["a\u0000b", "a\ufffdb"],
    ["x\ud800", "x\ufffd"],
    ["\udc00x", "\ufffdx"],
    ["\udc00\ud800", "\ufffd\ufffd"],
    ["emoji 😀 stays", "emoji 😀 stays"],
    ["\ud83d\ude00\ud83d", "😀\ufffd"],
  ])("%j → %j", (input, output) => expect(pgSafeText(input)).toBe(output));
});

describe("pgSafeDeep", () => {
  it("cleans keys and values at any depth, and leaves numbers, booleans and clean strings alone", () => {
    const input = { "k\u0000": ["v\ud800", { deep: [1, true, null, "ok", "\udfff"] }], n: 5, s: "fine" };
    expect(pgSafeDeep(input)).toEqual({ "k\ufffd": ["v\ufffd", { deep: [1, true, null, "ok", "\ufffd"] }], n: 5, s: "fine" });
  });

  it("walks nesting deeper than the call stack", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    let node = pgSafeDeep(deep);
    for (let i = 0; i < 200_000; i++) node = (node as unknown[])[0];
    expect(node).toBe("\ufffd");
  });
});
