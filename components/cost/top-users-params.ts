import type { SearchParams } from "@/components/filters/dashboard-params";

/** Rows in the top-users table. */
export const TOP_USERS_LIMIT = 25;

/** The user search kept in `?user=`. */
export function userSearchFromParams(params: SearchParams): string {
  const raw = Array.isArray(params.user) ? params.user[0] : params.user;
  return (raw ?? "").trim().slice(0, 256);
}
