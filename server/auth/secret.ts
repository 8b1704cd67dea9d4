import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { instanceSecrets } from "@/db/schema";

const SESSION_SECRET = "session_signing_key";

/**
 * The key that signs session cookies: TAILWATCH_AUTH_SECRET when set, otherwise one made at the
 * first start and kept in the database, so every instance and every restart agrees on it.
 */
export async function sessionSecret(db: Database, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  await db
    .insert(instanceSecrets)
    .values({ name: SESSION_SECRET, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, SESSION_SECRET));
  return row!.value;
}
