import { describe, expect, it } from "vitest";
import { BUILTIN_PRICES } from "@/db/prices";
import { PriceBook, type PriceRow } from "./pricing";

const builtin: PriceRow[] = BUILTIN_PRICES.map((p) => ({ ...p, projectId: null }));

describe("PriceBook", () => {
  const book = new PriceBook(builtin);

  it.each([
    ["gpt-4o", "gpt-4o", 2.5],
    ["gpt-4o-2024-08-06", "gpt-4o-*", 2.5],
    ["gpt-4o-mini", "gpt-4o-mini*", 0.15],
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini*", 0.15],
    ["openai/gpt-4.1-nano", "gpt-4.1-nano*", 0.1],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4*", 3],
    ["claude-haiku-4-5", "claude-haiku-4-5*", 1],
    ["GEMINI-2.5-FLASH-LITE", "gemini-2.5-flash-lite*", 0.1],
    ["meta-llama/llama-3.1-8b-instruct", "llama-3.1-8b*", 0.18],
  ])("matches %s to %s", (model, pattern, input) => {
    const price = book.find(model);
    expect(price?.modelPattern).toBe(pattern);
    expect(price?.inputUsdPerMtok).toBe(input);
  });

  it("returns null for an unknown model", () => {
    expect(book.find("my-finetune-v3")).toBeNull();
    expect(book.costUsd("my-finetune-v3", 100, 100, 0)).toBeNull();
  });

  it("bills cached prompt tokens at the cached rate", () => {
    // gpt-4o: 2.50 input, 1.25 cached input, 10 output per million tokens
    expect(book.costUsd("gpt-4o", 1_000_000, 0, 0)).toBeCloseTo(2.5, 12);
    expect(book.costUsd("gpt-4o", 1_000_000, 0, 400_000)).toBeCloseTo(0.6 * 2.5 + 0.4 * 1.25, 12);
    expect(book.costUsd("gpt-4o", 0, 1_000_000, 0)).toBeCloseTo(10, 12);
    // more cached than input is clamped
    expect(book.costUsd("gpt-4o", 100, 0, 1000)).toBeCloseTo((100 * 1.25) / 1e6, 15);
  });

  it("lets a project override win over the built-in price", () => {
    const withOverride = new PriceBook([
      ...builtin,
      { projectId: "p1", modelPattern: "gpt-4o*", inputUsdPerMtok: 1, outputUsdPerMtok: 2, cachedInputUsdPerMtok: null },
    ]);
    expect(withOverride.costUsd("gpt-4o", 1_000_000, 1_000_000, 0)).toBeCloseTo(3, 12);
  });
});
