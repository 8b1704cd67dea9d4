import "server-only";
import { TRPCError } from "@trpc/server";
import { projectsOfUser } from "@/server/auth/access";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/auth/api-keys";
import { listAudit } from "@/server/auth/audit";
import { addMember, listMembers, removeMember, setMemberRole } from "@/server/auth/members";
import { addMemberInput, auditListInput, createKeyInput, keyIdInput, memberIdInput, setRoleInput } from "@/server/auth/schema";
import { UserRefusal } from "@/server/auth/users";
import { adminProcedure, adminReadProcedure, dashboardProcedure, router } from "../trpc";

const notFound = (what: string) => new TRPCError({ code: "NOT_FOUND", message: `no such ${what} in this project` });

async function refusalsAsBadRequest<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserRefusal) throw new TRPCError({ code: "BAD_REQUEST", message: err.message });
    throw err;
  }
}

/** Who the caller is and what they may do; API keys, members and the audit log (admins). */
export const accessRouter = router({
  me: dashboardProcedure.query(async ({ ctx }) => {
    const { caller } = ctx;
    return {
      user: caller.user,
      role: caller.role,
      project: { id: caller.projectId, slug: caller.projectSlug },
      projects: caller.user
        ? (await projectsOfUser(ctx.db, caller.user.id)).map((p) => ({ slug: p.slug, name: p.name, organization: p.organizationName, role: p.role }))
        : [],
    };
  }),
  keys: router({
    list: adminReadProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.projectId)),
    /** The secret is in this answer only; the database keeps its SHA-256. */
    create: adminProcedure.input(createKeyInput).mutation(async ({ ctx, input }) => {
      const { id, secret } = await createApiKey(ctx.db, { projectId: ctx.projectId, name: input.name, scope: input.scope });
      return { id, secret, name: input.name, scope: input.scope };
    }),
    revoke: adminProcedure.input(keyIdInput).mutation(async ({ ctx, input }) => {
      if (!(await revokeApiKey(ctx.db, ctx.projectId, input.id))) throw notFound("active API key");
      return { ok: true };
    }),
  }),
  members: router({
    list: adminReadProcedure.query(({ ctx }) => listMembers(ctx.db, ctx.caller.organizationId)),
    add: adminProcedure
      .input(addMemberInput)
      .mutation(({ ctx, input }) => refusalsAsBadRequest(() => addMember(ctx.runtime, ctx.caller.organizationId, input))),
    setRole: adminProcedure.input(setRoleInput).mutation(async ({ ctx, input }) => {
      const changed = await refusalsAsBadRequest(() => setMemberRole(ctx.db, ctx.caller.organizationId, input.userId, input.role));
      if (!changed) throw notFound("member");
      return { ok: true };
    }),
    remove: adminProcedure.input(memberIdInput).mutation(async ({ ctx, input }) => {
      const removed = await refusalsAsBadRequest(() => removeMember(ctx.db, ctx.caller.organizationId, input.userId));
      if (!removed) throw notFound("member");
      return { ok: true };
    }),
  }),
  audit: router({
    list: adminReadProcedure
      .input(auditListInput)
      .query(({ ctx, input }) => listAudit(ctx.db, ctx.projectId, { limit: input.limit, before: input.before ? new Date(input.before) : undefined })),
  }),
});
