import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { alertInstances, alertRules, notificationChannels } from "@/db/schema";
import type { RuleInput } from "./schema";

export class AlertInputError extends Error {}

export type AlertRule = typeof alertRules.$inferSelect;
export type AlertInstance = typeof alertInstances.$inferSelect;

async function checkChannels(db: Database, projectId: string, channelIds: string[]) {
  if (!channelIds.length) return;
  const found = await db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.projectId, projectId), inArray(notificationChannels.id, channelIds)));
  if (found.length !== new Set(channelIds).size) throw new AlertInputError("channelIds: a channel does not exist in this project");
}

const values = (input: RuleInput) => ({
  name: input.name,
  enabled: input.enabled,
  severity: input.severity,
  spec: input.spec as Record<string, unknown>,
  labels: input.labels,
  annotations: Object.fromEntries(Object.entries(input.annotations).filter(([, v]) => v)) as Record<string, string>,
  channelIds: [...new Set(input.channelIds)],
});

export async function createRule(db: Database, projectId: string, input: RuleInput): Promise<AlertRule> {
  await checkChannels(db, projectId, input.channelIds);
  const [row] = await db.insert(alertRules).values({ projectId, ...values(input) }).returning();
  return row!;
}

/** An edit bumps the version: the evaluator starts the rule's alerts over (resolving any that fired). */
export async function updateRule(db: Database, projectId: string, id: string, input: RuleInput): Promise<AlertRule | null> {
  await checkChannels(db, projectId, input.channelIds);
  const [row] = await db
    .update(alertRules)
    .set({ ...values(input), version: sql`${alertRules.version} + 1`, updatedAt: new Date(), lastError: null })
    .where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, id)))
    .returning();
  return row ?? null;
}

export async function setRuleEnabled(db: Database, projectId: string, id: string, enabled: boolean): Promise<boolean> {
  const found = await db
    .update(alertRules)
    .set({ enabled, updatedAt: new Date() })
    .where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, id)))
    .returning({ id: alertRules.id });
  // the evaluator retires a disabled rule's alerts at its next tick, resolving any that fire
  return found.length > 0;
}

export async function deleteRule(db: Database, projectId: string, id: string): Promise<boolean> {
  const found = await db
    .delete(alertRules)
    .where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, id)))
    .returning({ id: alertRules.id });
  return found.length > 0;
}

export async function getRule(db: Database, projectId: string, id: string) {
  const [rule] = await db.select().from(alertRules).where(and(eq(alertRules.projectId, projectId), eq(alertRules.id, id)));
  if (!rule) return null;
  const instances = await db.select().from(alertInstances).where(eq(alertInstances.ruleId, id));
  return { rule, instances };
}

const RANK = { firing: 0, pending: 1, error: 2, nodata: 3, inactive: 4 } as Record<string, number>;

/** Every rule with its instances and its overall state (the worst of its instances). */
export async function listRules(db: Database, projectId: string) {
  const rules = await db.select().from(alertRules).where(eq(alertRules.projectId, projectId)).orderBy(desc(alertRules.createdAt));
  const instances = rules.length
    ? await db.select().from(alertInstances).where(inArray(alertInstances.ruleId, rules.map((r) => r.id)))
    : [];
  return rules.map((rule) => {
    const own = instances.filter((i) => i.ruleId === rule.id).sort((a, b) => (RANK[a.state] ?? 9) - (RANK[b.state] ?? 9));
    const worst = own[0];
    const state = !rule.enabled ? "disabled" : rule.lastError ? "error" : (worst?.state ?? (rule.lastEvalAt ? "inactive" : "unevaluated"));
    const since = worst?.state === "firing" ? worst.firingSince : worst?.state === "pending" ? worst.pendingSince : null;
    return { rule, state, since, value: worst?.lastValue ?? null, instances: own };
  });
}
