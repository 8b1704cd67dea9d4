import { describe, expect, it } from "vitest";
import { pushQuery } from "./schema";

describe("push query (?host=&source=)", () => {
  it.each([
    [{ host: "gpu-node-1" }, true],
    [{ host: "a\u0000b" }, false],
    [{ host: "a\nb" }, false],
    [{ host: "gpu-1", source: "dcgm\u0007" }, false],
    [{ host: "  " }, false],
  ])("%j → accepted %s", (q, ok) => {
    expect(pushQuery.safeParse(q).success).toBe(ok);
  });
});
