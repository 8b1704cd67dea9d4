import { z } from "zod";
import { ROLES } from "./roles";

/** Zod schemas of sign-in, first run, keys and members: shared by routers and client forms. */
export const passwordField = z.string().min(8, "at least 8 characters").max(256);
export const emailField = z.email("an e-mail address").max(320);

export const setupInput = z.object({
  name: z.string().trim().max(100).optional(),
  email: emailField,
  password: passwordField,
});

export const keyScopeField = z.enum(["ingest", "read"]);
export const createKeyInput = z.object({
  name: z.string().trim().min(1, "a name").max(100),
  scope: keyScopeField,
});
export const keyIdInput = z.object({ id: z.uuid() });

export const roleField = z.enum(ROLES);
export const addMemberInput = z.object({
  email: emailField,
  /** Needed only when no user has this e-mail yet: the new user's first password. */
  password: passwordField.optional(),
  name: z.string().trim().max(100).optional(),
  role: roleField,
});
export const memberIdInput = z.object({ userId: z.string().min(1).max(100) });
export const setRoleInput = memberIdInput.extend({ role: roleField });

export const auditListInput = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  before: z.iso.datetime().optional(),
});
