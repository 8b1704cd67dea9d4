import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog } from "@/db/schema";
import { auditTarget, summarizeInput } from "./audit-summary";

export interface AuditEntry {
  userId: string | null;
  userEmail: string | null;
  projectId: string | null;
  action: string;
  input: unknown;
  result?: unknown;
}

/** Records a change; a failure to record is logged, never undoes the change already committed. */
export async function recordAudit(db: Database, entry: AuditEntry) {
  try {
    await db.insert(auditLog).values({
      userId: entry.userId,
      userEmail: entry.userEmail,
      projectId: entry.projectId,
      action: entry.action,
      target: auditTarget(entry.input, entry.result),
      details: { input: summarizeInput(entry.input ?? null) },
    });
  } catch (err) {
    console.error(`[audit] could not record ${entry.action}:`, (err as Error).message);
  }
}

/** The project's log, newest first; `before` pages on. */
export async function listAudit(db: Database, projectId: string, opts: { limit: number; before?: Date }) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      userEmail: auditLog.userEmail,
      action: auditLog.action,
      target: auditLog.target,
      details: auditLog.details,
    })
    .from(auditLog)
    .where(and(eq(auditLog.projectId, projectId), opts.before ? lt(auditLog.at, opts.before) : undefined))
    .orderBy(desc(auditLog.at))
    .limit(opts.limit);
}
