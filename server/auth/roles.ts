/** What a member of an organisation may do in its projects. Pure: importable by client code. */
export const ROLES = ["viewer", "member", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * viewer: reads only; member: also alert rules, channels, silences and scrape targets;
 * admin: also API keys, members, data settings and deleting a user's data. Unknown roles allow nothing.
 */
export function roleAllows(role: string, needed: Role): boolean {
  if (!isRole(role)) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function roleRefusal(role: string, needed: Role): string {
  return needed === "member"
    ? `your role in this project is ${role}: viewers may only read; ask an admin for the member role`
    : `your role in this project is ${role}: only admins may do this`;
}
