import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { memberships, organizations, projects } from "@/db/schema";
import { isRole, type Role } from "./roles";

import { PROJECT_COOKIE, PROJECT_HEADER } from "./project-cookie";

export interface ProjectAccess {
  projectId: string;
  slug: string;
  name: string;
  organizationId: string;
  organizationName: string;
  role: Role;
}

/** Every project the user may see, with their role in its organisation. */
export async function projectsOfUser(db: Database, userId: string): Promise<ProjectAccess[]> {
  const found = await db
    .select({
      projectId: projects.id,
      slug: projects.slug,
      name: projects.name,
      organizationId: organizations.id,
      organizationName: organizations.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .innerJoin(projects, eq(projects.organizationId, organizations.id))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name), asc(projects.name), asc(projects.slug));
  return found.flatMap((p) => (isRole(p.role) ? [{ ...p, role: p.role }] : []));
}

export async function projectAccess(db: Database, userId: string, slug: string): Promise<ProjectAccess | null> {
  const [found] = await db
    .select({
      projectId: projects.id,
      slug: projects.slug,
      name: projects.name,
      organizationId: organizations.id,
      organizationName: organizations.name,
      role: memberships.role,
    })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.organizationId))
    .innerJoin(memberships, and(eq(memberships.organizationId, organizations.id), eq(memberships.userId, userId)))
    .where(eq(projects.slug, slug))
    .limit(1);
  return found && isRole(found.role) ? { ...found, role: found.role } : null;
}

/** The project a request asks for: the header (API clients), else the cookie; null = "my first one". */
export function requestedProjectSlug(headers: Headers): string | null {
  const fromHeader = headers.get(PROJECT_HEADER)?.trim();
  if (fromHeader) return fromHeader;
  const cookie = headers.get("cookie") ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === PROJECT_COOKIE) {
      try {
        return decodeURIComponent(rest.join("=")).trim() || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

export class ProjectRefusal extends Error {}

/**
 * The project the signed-in user works in: the one asked for, which must be in one of their
 * organisations (else refused, never silently swapped), or their first project.
 */
export async function resolveProject(db: Database, userId: string, headers: Headers): Promise<ProjectAccess> {
  const slug = requestedProjectSlug(headers);
  if (slug) {
    const access = await projectAccess(db, userId, slug);
    if (!access) throw new ProjectRefusal(`you have no access to a project "${slug}"`);
    return access;
  }
  const [first] = await projectsOfUser(db, userId);
  if (!first) throw new ProjectRefusal("you are not a member of any project; ask an admin to add you");
  return first;
}
