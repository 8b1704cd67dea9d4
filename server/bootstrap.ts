import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import type { Database } from "@/db/client";
import { alertRules, apiKeys, projects } from "@/db/schema";
import { createRule } from "./alerts/rules";
import { ruleInput } from "./alerts/schema";
import { createApiKey, hashKey } from "./auth/api-keys";
import { ensureDefaultOrganization } from "./auth/organizations";

export const DEFAULT_PROJECT_SLUG = "default";
export const DEMO_KEY_NAME = "demo simulator";

export async function ensureDefaultProject(db: Database): Promise<string> {
  const organizationId = await ensureDefaultOrganization(db);
  await db.insert(projects).values({ slug: DEFAULT_PROJECT_SLUG, name: "Default project", organizationId }).onConflictDoNothing();
  const [row] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, DEFAULT_PROJECT_SLUG));
  return row!.id;
}

/**
 * First start: the default project gets an API key — exactly TAILWATCH_BOOTSTRAP_KEY when set,
 * otherwise a generated one that is printed once (only its hash is kept).
 */
export async function ensureBootstrapKey(db: Database, projectId: string, bootstrapKey?: string) {
  if (bootstrapKey) {
    const [existing] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.secretHash, hashKey(bootstrapKey)));
    if (!existing) await createApiKey(db, { projectId, name: "bootstrap", secret: bootstrapKey, scope: "read" });
    return;
  }
  const [any] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.projectId, projectId), ne(apiKeys.name, DEMO_KEY_NAME)))
    .limit(1);
  if (any) return;
  const { secret } = await createApiKey(db, { projectId, name: "bootstrap", scope: "read" });
  console.log(
    `\n  Tailwatch created the project "default" and its first API key (shown once, keep it):\n\n    ${secret}\n\n` +
      `  Send traces with:  Authorization: Bearer ${secret}\n`,
  );
}

/** The demo simulator's key is made fresh at each start by `npm start`; older ones are revoked. */
export async function ensureDemoKey(db: Database, projectId: string, demoKey: string | undefined) {
  const hash = demoKey ? hashKey(demoKey) : "";
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.name, DEMO_KEY_NAME), ne(apiKeys.secretHash, hash), isNull(apiKeys.revokedAt)));
  if (!demoKey) return;
  const [existing] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.secretHash, hash));
  if (!existing) await createApiKey(db, { projectId, name: DEMO_KEY_NAME, secret: demoKey });
}

export const DEMO_RULE_NAME = "p95 latency > 2 s for 5 minutes";

/**
 * The demo ships one rule: it fires during the simulator's recurring incident (every third hour,
 * minutes 20–38) and resolves after it. Made once; users may edit or delete it.
 */
export async function ensureDemoAlertRule(db: Database, projectId: string) {
  const [any] = await db.select({ id: alertRules.id }).from(alertRules).where(eq(alertRules.projectId, projectId)).limit(1);
  if (any) return;
  await createRule(
    db,
    projectId,
    ruleInput.parse({
      name: DEMO_RULE_NAME,
      severity: "critical",
      spec: { kind: "threshold", metric: "latency_p95", comparator: ">", threshold: 2000, windowS: 300, forS: 300, minRequests: 10 },
      annotations: {
        summary: "End-to-end p95 latency is {{ $value }} (threshold {{ $threshold }})",
        description: "The tail is slow. Check the Latency page's diagnosis: queueing (latency rising with load) or a slow model/provider.",
      },
    }),
  );
}
