import { randomBytes } from "node:crypto";
import type { DbHandle } from "@/db/client";
import { getAuth } from "@/server/auth/auth";
import type { Role } from "@/server/auth/roles";
import { createPasswordUser } from "@/server/auth/users";
import { readEnv } from "@/server/env";
import { getRuntime } from "@/server/runtime";

/**
 * A user with `role` in the organisation, signed in through better-auth's real sign-in: the
 * returned headers carry the session cookie (and nothing names a project, so the user's first
 * project is used unless `headersFor` adds one). Call after serveFrom().
 */
export async function signedInUser(organizationId: string, role: Role) {
  const runtime = await getRuntime();
  const email = `${role}-${randomBytes(4).toString("hex")}@test.local`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const user = await createPasswordUser(runtime, { email, password, organizationId, role });
  const auth = await getAuth(runtime);
  const res = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  /** Headers of this user's requests, optionally asking for project `slug`. */
  const headersFor = (slug?: string, extra: Record<string, string> = {}) =>
    new Headers({ cookie: slug ? `${cookie}; tw_project=${encodeURIComponent(slug)}` : cookie, ...extra });
  return { ...user, password, cookie, headersFor };
}

export { readEnv, type DbHandle };
