import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { organizations } from "@/db/schema";

export const DEFAULT_ORGANIZATION_SLUG = "default";

/** The organisation the default project (and the first admin) belongs to; the migration made it. */
export async function ensureDefaultOrganization(db: Database): Promise<string> {
  await db.insert(organizations).values({ slug: DEFAULT_ORGANIZATION_SLUG, name: "Default organization" }).onConflictDoNothing();
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEFAULT_ORGANIZATION_SLUG));
  return row!.id;
}
