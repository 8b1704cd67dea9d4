import "server-only";
import { eq, isNull, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { modelPrices } from "@/db/schema";
import { BUILTIN_PRICES } from "@/db/prices";
import { PriceBook } from "./pricing";

const TTL_MS = 30_000;
const cache = new Map<string, { book: PriceBook; at: number }>();

/** The built-in prices and the project's overrides; cached briefly since prices rarely change. */
export async function loadPriceBook(db: Database, projectId: string): Promise<PriceBook> {
  const hit = cache.get(projectId);
  if (hit && hit.at > Date.now() - TTL_MS) return hit.book;
  const list = await db
    .select({
      projectId: modelPrices.projectId,
      modelPattern: modelPrices.modelPattern,
      inputUsdPerMtok: modelPrices.inputUsdPerMtok,
      outputUsdPerMtok: modelPrices.outputUsdPerMtok,
      cachedInputUsdPerMtok: modelPrices.cachedInputUsdPerMtok,
    })
    .from(modelPrices)
    .where(or(isNull(modelPrices.projectId), eq(modelPrices.projectId, projectId)));
  const book = new PriceBook(list);
  cache.set(projectId, { book, at: Date.now() });
  return book;
}

export function invalidatePriceBook(projectId?: string) {
  if (projectId) cache.delete(projectId);
  else cache.clear();
}

/** Replaces the built-in rows with the list shipped in db/prices.ts (user rows untouched). */
export async function syncBuiltinPrices(db: Database) {
  await db.transaction(async (tx) => {
    await tx.delete(modelPrices).where(eq(modelPrices.origin, "builtin"));
    await tx.insert(modelPrices).values(BUILTIN_PRICES.map((p) => ({ ...p, origin: "builtin" })));
  });
  invalidatePriceBook();
}
