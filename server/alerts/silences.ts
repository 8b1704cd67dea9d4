import "server-only";
import { and, desc, eq, gt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { alertRules, alertSilences } from "@/db/schema";
import { AlertInputError } from "./rules";
import type { SilenceInput } from "./schema";

export async function createSilence(db: Database, projectId: string, input: SilenceInput, createdBy: string | null = null) {
  if (input.ruleId) {
    const [rule] = await db.select({ id: alertRules.id }).from(alertRules).where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, input.ruleId)));
    if (!rule) throw new AlertInputError("ruleId: no such rule in this project");
  }
  const now = new Date();
  const [row] = await db
    .insert(alertSilences)
    .values({ projectId, ruleId: input.ruleId ?? null, matchers: input.matchers, startsAt: now, endsAt: new Date(now.getTime() + input.durationS * 1000), reason: input.reason, createdBy })
    .returning();
  return row!;
}

/** Ends a silence now (it stays in the list as expired). */
export async function expireSilence(db: Database, projectId: string, id: string): Promise<boolean> {
  const found = await db
    .update(alertSilences)
    .set({ endsAt: new Date() })
    .where(and(eq(alertSilences.projectId, projectId), eq(alertSilences.id, id), gt(alertSilences.endsAt, new Date())))
    .returning({ id: alertSilences.id });
  return found.length > 0;
}

/** Active silences and those that ended in the last day. */
export async function listSilences(db: Database, projectId: string) {
  const since = new Date(Date.now() - 86_400_000);
  return db
    .select({ silence: alertSilences, ruleName: alertRules.name })
    .from(alertSilences)
    .leftJoin(alertRules, eq(alertRules.id, alertSilences.ruleId))
    .where(and(eq(alertSilences.projectId, projectId), gt(alertSilences.endsAt, since)))
    .orderBy(desc(alertSilences.endsAt));
}
