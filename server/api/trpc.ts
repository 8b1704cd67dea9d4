import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import { isDatabaseUnavailable } from "@/db/errors";
import { authenticateKey, keyAllows, keyFromAuthorization, scopeRefusal, type KeyScope } from "@/server/auth/api-keys";
import { isCrossSiteRequest } from "@/server/http/same-origin";
import { IngestRefusal } from "@/server/ingest/ingest-batch";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { projects } from "@/db/schema";
import { ProjectRefusal, requestedProjectSlug, resolveProject } from "@/server/auth/access";
import { recordAudit } from "@/server/auth/audit";
import { sessionUser, type SignedInUser } from "@/server/auth/auth";
import { roleAllows, roleRefusal, type Role } from "@/server/auth/roles";
import { getRuntime, type Runtime } from "@/server/runtime";

// ── 1. Context ────────────────────────────────────────────────────────────────
export async function createContext(opts: { headers: Headers }) {
  return { headers: opts.headers };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

// ── 2. Initialisation ─────────────────────────────────────────────────────────
/** Per-procedure settings: `personalInput` keeps the input (a user id to erase, say) out of the audit log. */
export interface ProcedureMeta {
  personalInput?: boolean;
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  errorFormatter({ shape, error }) {
    // Internal failures never leak raw messages (SQL, stack) to clients.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    if (internal) console.error("[trpc] internal error:", error.cause ?? error);
    return {
      ...shape,
      message: internal ? "internal error; see the server log" : shape.message,
      data: { ...shape.data, stack: undefined },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps domain errors to tRPC codes in one place. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof IngestRefusal) {
      throw new TRPCError({
        code: cause.kind === "too_large" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST",
        message: cause.message,
      });
    }
    if (isDatabaseUnavailable(cause)) {
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "database unavailable; retry later" });
    }
  }
  return result;
});

// ── 3. Procedures ─────────────────────────────────────────────────────────────
export const publicProcedure = t.procedure.use(domainErrors).use(async ({ next }) => {
  const runtime = await getRuntime();
  return next({ ctx: { runtime, db: runtime.handle.db } });
});

/** Requires a project API key that allows `needed`; the project comes from the key, never from the input. */
function keyProcedure(needed: KeyScope) {
  return publicProcedure.use(async ({ ctx, next }) => {
    const secret = keyFromAuthorization(ctx.headers.get("authorization"));
    if (!secret) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "missing API key: send Authorization: Bearer <key>" });
    }
    const key = await authenticateKey(ctx.db, secret);
    if (!key) throw new TRPCError({ code: "UNAUTHORIZED", message: "unknown or revoked API key" });
    if (!keyAllows(key.scope, needed)) throw new TRPCError({ code: "FORBIDDEN", message: scopeRefusal(key.scope, needed) });
    return next({ ctx: { key, projectId: key.projectId } });
  });
}

/** Writes with a project API key: "ingest" and "read" keys both pass. */
export const apiKeyProcedure = keyProcedure("ingest");

/** Reads with a project API key: only "read" keys pass ("ingest" keys may only write). */
export const readKeyProcedure = keyProcedure("read");

/** Browser-made state changes must come from a page of this host (CSRF); see isCrossSiteRequest. */
const sameOriginMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && isCrossSiteRequest(ctx.headers)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "cross-site request refused: the Origin is not this host" });
  }
  return next();
});

/** Who a dashboard call acts as, in which project, with which role. */
export interface Caller {
  /** null when a "read" API key made the call. */
  user: SignedInUser | null;
  keyId: string | null;
  projectId: string;
  projectSlug: string;
  organizationId: string;
  role: Role;
}

/**
 * Resolves the caller: a session cookie (project from the x-tailwatch-project header or the
 * tw_project cookie, checked against the user's memberships), or else a "read" API key (its own
 * project, viewer rights). Nobody else gets in.
 */
const resolveCaller = t.middleware(async ({ ctx, next }) => {
  const { runtime, db } = ctx as unknown as { runtime: Runtime; db: Database };
  const user = await sessionUser(ctx.headers, runtime);
  let caller: Caller;
  if (user) {
    const access = await resolveProject(db, user.id, ctx.headers).catch((err) => {
      if (err instanceof ProjectRefusal) throw new TRPCError({ code: "FORBIDDEN", message: err.message });
      throw err;
    });
    caller = { user, keyId: null, projectId: access.projectId, projectSlug: access.slug, organizationId: access.organizationId, role: access.role };
  } else {
    const secret = keyFromAuthorization(ctx.headers.get("authorization"));
    if (!secret) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in (or send a read API key) to see this project" });
    const key = await authenticateKey(db, secret);
    if (!key) throw new TRPCError({ code: "UNAUTHORIZED", message: "unknown or revoked API key" });
    if (!keyAllows(key.scope, "read")) throw new TRPCError({ code: "FORBIDDEN", message: scopeRefusal(key.scope, "read") });
    const [project] = await db
      .select({ slug: projects.slug, organizationId: projects.organizationId })
      .from(projects)
      .where(eq(projects.id, key.projectId));
    const asked = requestedProjectSlug(ctx.headers);
    if (asked && asked !== project?.slug) throw new TRPCError({ code: "FORBIDDEN", message: `this API key belongs to another project than "${asked}"` });
    if (!project) throw new TRPCError({ code: "UNAUTHORIZED", message: "unknown or revoked API key" });
    caller = { user: null, keyId: key.keyId, projectId: key.projectId, projectSlug: project.slug, organizationId: project.organizationId, role: "viewer" };
  }
  return next({ ctx: { caller, projectId: caller.projectId } });
});

function requireRole(needed: Role) {
  return t.middleware(({ ctx, next }) => {
    const { caller } = ctx as unknown as { caller: Caller };
    if (needed !== "viewer" && !caller.user) {
      throw new TRPCError({ code: "FORBIDDEN", message: "API keys may only read; sign in to change anything" });
    }
    if (!roleAllows(caller.role, needed)) throw new TRPCError({ code: "FORBIDDEN", message: roleRefusal(caller.role, needed) });
    return next();
  });
}

/** Every dashboard change lands in the audit log: who, which procedure, on what (secrets left out). */
const auditMutations = t.middleware(async ({ ctx, type, path, meta, getRawInput, next }) => {
  const result = await next();
  if (type === "mutation" && result.ok) {
    const { caller, db } = ctx as unknown as { caller: Caller; db: Database };
    await recordAudit(db, {
      userId: caller.user?.id ?? null,
      userEmail: caller.user?.email ?? null,
      projectId: caller.projectId,
      action: path,
      input: meta?.personalInput ? { withheld: "personal data" } : await getRawInput().catch(() => null),
      result: meta?.personalInput ? null : result.data,
    });
  }
  return result;
});

const signedIn = publicProcedure.use(sameOriginMutations).use(resolveCaller);

/**
 * Dashboard reads of the caller's project: any member (viewer and up) or a "read" API key. A
 * mutation declared on it still needs the member role (fail closed: viewers never change things).
 */
export const dashboardProcedure = signedIn.use(({ ctx, type, next }) => {
  if (type !== "mutation") return next();
  const { caller } = ctx;
  if (!caller.user) throw new TRPCError({ code: "FORBIDDEN", message: "API keys may only read; sign in to change anything" });
  if (!roleAllows(caller.role, "member")) throw new TRPCError({ code: "FORBIDDEN", message: roleRefusal(caller.role, "member") });
  return next();
});

/** Changes members make: alert rules, channels, silences, scrape targets. Audited. */
export const memberProcedure = signedIn.use(requireRole("member")).use(auditMutations);

/** Changes only admins make: API keys, members, data settings, deleting a user's data. Audited. */
export const adminProcedure = signedIn.use(requireRole("admin")).use(auditMutations);

/** Admin-only reads and dry runs, not audited (key list, audit log, members, redaction preview). */
export const adminReadProcedure = signedIn.use(requireRole("admin"));
