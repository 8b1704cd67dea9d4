import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { alertEvents } from "@/db/schema";

/** State transitions, newest first, for one rule or the whole project. */
export async function listEvents(db: Database, projectId: string, opts: { ruleId?: string; limit?: number } = {}) {
  return db
    .select()
    .from(alertEvents)
    .where(and(eq(alertEvents.projectId, projectId), opts.ruleId ? eq(alertEvents.ruleId, opts.ruleId) : undefined))
    .orderBy(desc(alertEvents.at), desc(alertEvents.id))
    .limit(opts.limit ?? 100);
}
