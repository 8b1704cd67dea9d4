import "server-only";
import { eq } from "drizzle-orm";
import { instanceSecrets } from "@/db/schema";
import type { Runtime } from "@/server/runtime";
import { MIN_PASSWORD_LENGTH } from "./auth";
import { ensureDefaultOrganization } from "./organizations";
import { createPasswordUser, deleteUserAccount, findUserByEmail, UserRefusal, userCount } from "./users";

/** The demo's documented login (README); exists only while `npm start` runs the demo. */
export const DEMO_ADMIN_EMAIL = "demo@tailwatch.local";
export const DEMO_ADMIN_PASSWORD = "tailwatch-demo";

const FIRST_ADMIN_MARK = "first_admin";

/**
 * First run: whoever opens /setup while no user exists makes the admin account. One request wins
 * even when several race (a unique marker row), and never once any user exists.
 */
export async function createFirstAdmin(runtime: Runtime, organizationId: string, input: { email: string; password: string; name?: string }) {
  const { db } = runtime.handle;
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new UserRefusal(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if ((await userCount(db)) > 0) throw new UserRefusal("the admin account exists already: sign in");
  const won = await db.insert(instanceSecrets).values({ name: FIRST_ADMIN_MARK, value: input.email }).onConflictDoNothing().returning();
  if (won.length === 0) throw new UserRefusal("the admin account exists already: sign in");
  try {
    return await createPasswordUser(runtime, { ...input, organizationId, role: "admin" });
  } catch (err) {
    await db.delete(instanceSecrets).where(eq(instanceSecrets.name, FIRST_ADMIN_MARK));
    throw err;
  }
}

/** TAILWATCH_ADMIN_EMAIL / _PASSWORD: the admin for automation, made once (an existing user is left as is). */
export async function ensureEnvAdmin(runtime: Runtime, organizationId: string) {
  const { TAILWATCH_ADMIN_EMAIL: email, TAILWATCH_ADMIN_PASSWORD: password } = runtime.env;
  if (!email || !password) {
    if (email || password) console.warn("[tailwatch] TAILWATCH_ADMIN_EMAIL and TAILWATCH_ADMIN_PASSWORD must be set together; no admin made");
    return;
  }
  if (await findUserByEmail(runtime.handle.db, email)) return;
  await createPasswordUser(runtime, { email, password, organizationId, role: "admin" });
  console.log(`[tailwatch] admin ${email} created from TAILWATCH_ADMIN_EMAIL`);
}

/** While the demo runs (`npm start`) its admin exists with the documented password; without the demo it is removed. */
export async function ensureDemoAdmin(runtime: Runtime, organizationId: string, demoOn: boolean) {
  const existing = await findUserByEmail(runtime.handle.db, DEMO_ADMIN_EMAIL);
  if (!demoOn) {
    if (existing) await deleteUserAccount(runtime.handle.db, existing.id);
    return;
  }
  if (!existing) await createPasswordUser(runtime, { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD, name: "Demo admin", organizationId, role: "admin" });
  console.log(`[tailwatch] demo login: ${DEMO_ADMIN_EMAIL} / ${DEMO_ADMIN_PASSWORD} (exists only while the demo runs; TAILWATCH_DEMO=off removes it)`);
}

/** At start: the automation admin, and the demo admin while `npm start` runs the demo (it sets TAILWATCH_DEMO_KEY). */
export async function ensureFirstUsers(runtime: Runtime) {
  const organizationId = await ensureDefaultOrganization(runtime.handle.db);
  await ensureEnvAdmin(runtime, organizationId);
  await ensureDemoAdmin(runtime, organizationId, runtime.env.TAILWATCH_DEMO === "on" && !!runtime.env.TAILWATCH_DEMO_KEY);
}
