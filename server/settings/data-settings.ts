import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { projectSettings } from "@/db/schema";
import { compileRedactor, probePattern, type Redactor } from "@/server/ingest/redaction";
import { DEFAULT_DATA_SETTINGS, EMAIL_USER_ID_MODES, type DataSettings, type EmailUserIdMode } from "./schema";

/** A settings change the server refuses although it passed the shared schema (a pattern too slow to run). */
export class SettingsRefusal extends Error {}

export async function getDataSettings(db: Database, projectId: string): Promise<DataSettings> {
  const [row] = await db.select().from(projectSettings).where(eq(projectSettings.projectId, projectId));
  if (!row) return { ...DEFAULT_DATA_SETTINGS };
  return {
    redactEmail: row.redactEmail,
    redactPhone: row.redactPhone,
    redactCreditCard: row.redactCreditCard,
    redactIp: row.redactIp,
    redactSecrets: row.redactSecrets,
    customPatterns: row.customPatterns,
    dropText: row.dropText,
    maxTextChars: row.maxTextChars,
    emailUserIds: (EMAIL_USER_ID_MODES as readonly string[]).includes(row.emailUserIds) ? (row.emailUserIds as EmailUserIdMode) : "hash",
    retentionDays: row.retentionDays,
  };
}

/** Checks what only the server can: every custom pattern finishes quickly on adversarial input. */
export function assertPatternsSafe(settings: Pick<DataSettings, "customPatterns">) {
  for (const p of settings.customPatterns) {
    const reason = probePattern(p.pattern);
    if (reason) throw new SettingsRefusal(`custom pattern "${p.name}": ${reason}`);
  }
}

export async function saveDataSettings(db: Database, projectId: string, settings: DataSettings): Promise<DataSettings> {
  assertPatternsSafe(settings);
  const values = { ...settings, updatedAt: new Date() };
  await db
    .insert(projectSettings)
    .values({ projectId, ...values })
    .onConflictDoUpdate({ target: projectSettings.projectId, set: values });
  invalidateRedactor(projectId);
  return getDataSettings(db, projectId);
}

/**
 * Compiled redactors per project, kept briefly. The cache is process-local: this process sees a
 * saved change at once, other instances within CACHE_TTL_MS.
 */
const CACHE_TTL_MS = 10_000;
const cache = new Map<string, { redactor: Redactor; at: number }>();

export async function loadRedactor(db: Database, projectId: string): Promise<Redactor> {
  const hit = cache.get(projectId);
  if (hit && hit.at > Date.now() - CACHE_TTL_MS) return hit.redactor;
  const redactor = compileRedactor(await getDataSettings(db, projectId), projectId);
  cache.set(projectId, { redactor, at: Date.now() });
  return redactor;
}

export function invalidateRedactor(projectId?: string) {
  if (projectId) cache.delete(projectId);
  else cache.clear();
}
