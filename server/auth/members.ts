import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, users } from "@/db/schema";
import type { Runtime } from "@/server/runtime";
import type { Role } from "./roles";
import { createPasswordUser, findUserByEmail, UserRefusal } from "./users";

export async function listMembers(db: Database, organizationId: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.email));
}

/** Adds a user to the organisation: an existing user by e-mail, or a new one with the given first password. */
export async function addMember(
  runtime: Runtime,
  organizationId: string,
  input: { email: string; password?: string; name?: string; role: Role },
) {
  const { db } = runtime.handle;
  const existing = await findUserByEmail(db, input.email);
  if (!existing) {
    if (!input.password) throw new UserRefusal(`no user has the e-mail ${input.email}: give a first password to create one`);
    const user = await createPasswordUser(runtime, { ...input, password: input.password, organizationId });
    return { userId: user.id, email: user.email, created: true };
  }
  const added = await db
    .insert(memberships)
    .values({ userId: existing.id, organizationId, role: input.role })
    .onConflictDoNothing()
    .returning({ userId: memberships.userId });
  if (added.length === 0) throw new UserRefusal(`${existing.email} is a member already; change their role instead`);
  return { userId: existing.id, email: existing.email, created: false };
}

async function adminCount(db: Database, organizationId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "admin")));
  return Number(row?.n ?? 0);
}

async function roleOf(db: Database, organizationId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return row?.role ?? null;
}

/** Changes a member's role; the organisation always keeps at least one admin. False if not a member. */
export async function setMemberRole(db: Database, organizationId: string, userId: string, role: Role): Promise<boolean> {
  const current = await roleOf(db, organizationId, userId);
  if (!current) return false;
  if (current === "admin" && role !== "admin" && (await adminCount(db, organizationId)) <= 1) {
    throw new UserRefusal("the organisation needs at least one admin: make someone else admin first");
  }
  await db.update(memberships).set({ role }).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return true;
}

/** Removes a member from the organisation (the user keeps other memberships). False if not a member. */
export async function removeMember(db: Database, organizationId: string, userId: string): Promise<boolean> {
  const current = await roleOf(db, organizationId, userId);
  if (!current) return false;
  if (current === "admin" && (await adminCount(db, organizationId)) <= 1) {
    throw new UserRefusal("the organisation needs at least one admin: make someone else admin first");
  }
  await db.delete(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return true;
}
