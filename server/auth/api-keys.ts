import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apiKeys } from "@/db/schema";

export type KeyScope = "ingest" | "read";

/**
 * Whether a key of `scope` may do what `needed` names: "ingest" keys only write, "read" keys
 * write and query. Any other stored value allows nothing (fail closed).
 */
export function keyAllows(scope: string, needed: KeyScope): boolean {
  if (scope === "read") return true;
  return scope === "ingest" && needed === "ingest";
}

/** The refusal message for a key whose scope does not allow `needed`. */
export function scopeRefusal(scope: string, needed: KeyScope): string {
  return scope === "ingest" && needed === "read"
    ? `this API key may only ingest; reading needs a key with scope "read"`
    : `this API key's scope ${JSON.stringify(scope)} does not allow ${needed}`;
}

export function hashKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function generateKeySecret(): string {
  return `tw_${randomBytes(24).toString("base64url")}`;
}

export async function createApiKey(
  db: Database,
  opts: { projectId: string; name: string; scope?: KeyScope; secret?: string },
) {
  const secret = opts.secret ?? generateKeySecret();
  const [row] = await db
    .insert(apiKeys)
    .values({
      projectId: opts.projectId,
      name: opts.name,
      scope: opts.scope ?? "ingest",
      prefix: secret.slice(0, 10),
      secretHash: hashKey(secret),
    })
    .returning({ id: apiKeys.id });
  return { id: row!.id, secret };
}

export interface AuthenticatedKey {
  keyId: string;
  projectId: string;
  scope: KeyScope;
}

const lastTouched = new Map<string, number>();

/** Resolves a presented secret to its project; revoked or unknown keys resolve to null. */
export async function authenticateKey(db: Database, secret: string): Promise<AuthenticatedKey | null> {
  if (!secret || secret.length > 512) return null;
  const [row] = await db
    .select({ id: apiKeys.id, projectId: apiKeys.projectId, scope: apiKeys.scope })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, hashKey(secret)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  // last_used_at is informational: write it at most once a minute per key, off the request path.
  const now = Date.now();
  if ((lastTouched.get(row.id) ?? 0) < now - 60_000) {
    lastTouched.set(row.id, now);
    db.update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiKeys.id, row.id))
      .catch(() => lastTouched.delete(row.id));
  }
  return { keyId: row.id, projectId: row.projectId, scope: row.scope as KeyScope };
}

/** `Authorization: Bearer <key>`, or HTTP Basic with the key as the password. */
export function keyFromAuthorization(header: string | null | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return null;
  if (scheme.toLowerCase() === "bearer") return value;
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}

/** The project's keys for Settings: never the secret or its hash. */
export async function listApiKeys(db: Database, projectId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scope: apiKeys.scope,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.projectId, projectId))
    .orderBy(sql`${apiKeys.revokedAt} IS NOT NULL`, sql`${apiKeys.createdAt} DESC`);
}

/** Revokes a key of this project at once (every later request with it answers 401); false if none. */
export async function revokeApiKey(db: Database, projectId: string, id: string): Promise<boolean> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.projectId, projectId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}
