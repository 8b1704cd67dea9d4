import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { scrapeTargets } from "@/db/schema";
import { createTargetInput, setTargetEnabledInput, targetIdInput, type CreateTargetInput } from "./schema";

export type ScrapeTarget = typeof scrapeTargets.$inferSelect;

/** A project's scrape targets, newest first, with their last scrape outcome. */
export async function listTargets(db: Database, projectId: string): Promise<ScrapeTarget[]> {
  return db.select().from(scrapeTargets).where(eq(scrapeTargets.projectId, projectId)).orderBy(desc(scrapeTargets.createdAt));
}

/** Validates (throws ZodError on bad input) and creates a target, due at once. */
export async function createTarget(db: Database, projectId: string, input: CreateTargetInput): Promise<ScrapeTarget> {
  const t = createTargetInput.parse(input);
  const [row] = await db
    .insert(scrapeTargets)
    .values({
      projectId,
      url: t.url,
      intervalS: t.intervalS,
      extraLabels: t.extraLabels,
      enabled: t.enabled,
      nextScrapeAt: new Date(),
    })
    .returning();
  return row!;
}

/** Enables (due at once) or disables a target of this project; false when there is no such target. */
export async function setTargetEnabled(db: Database, projectId: string, input: { id: string; enabled: boolean }): Promise<boolean> {
  const { id, enabled } = setTargetEnabledInput.parse(input);
  const updated = await db
    .update(scrapeTargets)
    .set(enabled ? { enabled, nextScrapeAt: new Date() } : { enabled })
    .where(and(eq(scrapeTargets.id, id), eq(scrapeTargets.projectId, projectId)))
    .returning({ id: scrapeTargets.id });
  return updated.length > 0;
}

/** Deletes a target of this project; false when there is no such target. */
export async function deleteTarget(db: Database, projectId: string, targetId: string): Promise<boolean> {
  const { id } = targetIdInput.parse({ id: targetId });
  const deleted = await db
    .delete(scrapeTargets)
    .where(and(eq(scrapeTargets.id, id), eq(scrapeTargets.projectId, projectId)))
    .returning({ id: scrapeTargets.id });
  return deleted.length > 0;
}
