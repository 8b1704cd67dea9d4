import "server-only";
import { count, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, users } from "@/db/schema";
import type { Runtime } from "@/server/runtime";
import { getAuth } from "./auth";
import type { Role } from "./roles";

export class UserRefusal extends Error {}

export async function userCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

export async function findUserByEmail(db: Database, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

/**
 * Makes a user who signs in with this e-mail and password, and gives them `role` in the
 * organisation. Sign-up is closed to the public, so users are made here, through better-auth's
 * own adapter and password hashing (scrypt).
 */
export async function createPasswordUser(
  runtime: Runtime,
  opts: { email: string; password: string; name?: string; organizationId: string; role: Role },
) {
  const email = opts.email.trim().toLowerCase();
  const ctx = await (await getAuth(runtime)).$context;
  if (opts.password.length < ctx.password.config.minPasswordLength) {
    throw new UserRefusal(`the password needs at least ${ctx.password.config.minPasswordLength} characters`);
  }
  if (await findUserByEmail(runtime.handle.db, email)) throw new UserRefusal(`a user with the e-mail ${email} exists already`);
  const user = await ctx.internalAdapter.createUser({ email, name: opts.name?.trim() || email.split("@")[0]!, emailVerified: true }, { method: "admin" });
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: await ctx.password.hash(opts.password),
  });
  await runtime.handle.db.insert(memberships).values({ userId: user.id, organizationId: opts.organizationId, role: opts.role });
  return { id: user.id, email };
}

/** Deletes a user with their sessions, accounts and memberships (cascade). */
export async function deleteUserAccount(db: Database, userId: string) {
  await db.delete(users).where(eq(users.id, userId));
}
