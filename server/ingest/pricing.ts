/** Pure cost computation from a price list; loading the list from the DB lives in price-book.ts. */
export interface PriceRow {
  projectId: string | null;
  modelPattern: string;
  inputUsdPerMtok: number;
  outputUsdPerMtok: number;
  cachedInputUsdPerMtok: number | null;
}

interface CompiledPrice extends PriceRow {
  regex: RegExp;
  /** Higher wins: project rows over built-in, exact over glob, longer literal prefix over shorter. */
  rank: number;
}

function compile(row: PriceRow): CompiledPrice {
  const escaped = row.modelPattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  const literal = row.modelPattern.split(/[*?]/)[0]!.length;
  const exact = !/[*?]/.test(row.modelPattern);
  const rank = (row.projectId ? 1_000_000 : 0) + (exact ? 100_000 : 0) + literal;
  return { ...row, regex: new RegExp(`^${escaped}$`), rank };
}

export class PriceBook {
  private readonly prices: CompiledPrice[];
  private readonly memo = new Map<string, CompiledPrice | null>();

  constructor(rows: PriceRow[]) {
    this.prices = rows.map(compile).sort((a, b) => b.rank - a.rank);
  }

  /** Model names arrive as "gpt-4o-2024-08-06" or "openai/gpt-4o"; match on the last path part. */
  find(model: string): PriceRow | null {
    const key = model.toLowerCase();
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const bare = key.includes("/") ? key.slice(key.lastIndexOf("/") + 1) : key;
    const found = this.prices.find((p) => p.regex.test(key) || p.regex.test(bare)) ?? null;
    // model names come from clients: keep the memo bounded
    if (this.memo.size >= 1_000) this.memo.clear();
    this.memo.set(key, found);
    return found;
  }

  /**
   * Cost in USD. `inputTokens` counts all prompt tokens including the cached ones
   * (GenAI semantic conventions); cached tokens are billed at the cached rate when one exists.
   */
  costUsd(model: string, inputTokens: number, outputTokens: number, cachedTokens: number): number | null {
    const price = this.find(model);
    if (!price) return null;
    const cached = Math.min(cachedTokens, inputTokens);
    const cachedRate = price.cachedInputUsdPerMtok ?? price.inputUsdPerMtok;
    return (
      ((inputTokens - cached) * price.inputUsdPerMtok + cached * cachedRate + outputTokens * price.outputUsdPerMtok) /
      1_000_000
    );
  }
}
