import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { isDatabaseUnavailable } from "@/db/errors";
import { getRuntime } from "@/server/runtime";
import { projectsOfUser, requestedProjectSlug, type ProjectAccess } from "./access";
import { sessionUser, type SignedInUser } from "./auth";
import { userCount } from "./users";

export type PageSession =
  | { kind: "signed-in"; user: SignedInUser; projects: ProjectAccess[]; current: ProjectAccess | null }
  | { kind: "unavailable" };

/**
 * For dashboard pages: the signed-in user and the project they look at, or a redirect to
 * /setup (no user exists yet) or /sign-in. A stale project cookie sends them to their first project.
 * Once per request (the layout and a page may both ask).
 */
export const requirePageSession = cache(async (): Promise<PageSession> => {
  const h = await headers();
  let user: SignedInUser | null;
  let projects: ProjectAccess[] = [];
  try {
    const runtime = await getRuntime();
    user = await sessionUser(h, runtime);
    if (!user) {
      if ((await userCount(runtime.handle.db)) === 0) redirect("/setup");
    } else {
      projects = await projectsOfUser(runtime.handle.db, user.id);
    }
  } catch (err) {
    if (isDatabaseUnavailable(err) || (err as Error)?.message?.includes("ECONNREFUSED")) return { kind: "unavailable" };
    throw err;
  }
  if (!user) redirect("/sign-in");
  const slug = requestedProjectSlug(h);
  const current = slug ? (projects.find((p) => p.slug === slug) ?? null) : (projects[0] ?? null);
  if (!current && slug && projects[0]) redirect(`/?project=${encodeURIComponent(projects[0].slug)}`);
  return { kind: "signed-in", user, projects, current };
});

/** For /sign-in and /setup: where to go instead, if anywhere. */
export async function signedOutPageRedirect(page: "sign-in" | "setup"): Promise<string | null> {
  const runtime = await getRuntime();
  const users = await userCount(runtime.handle.db);
  if (page === "sign-in" && users === 0) return "/setup";
  if (page === "setup" && users > 0) return "/sign-in";
  if (await sessionUser(await headers(), runtime)) return "/";
  return null;
}
