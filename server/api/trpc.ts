import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import { isDatabaseUnavailable } from "@/db/errors";
import { authenticateKey, keyAllows, keyFromAuthorization, scopeRefusal, type KeyScope } from "@/server/auth/api-keys";
import { isCrossSiteRequest } from "@/server/http/same-origin";
import { IngestRefusal } from "@/server/ingest/ingest-batch";
import { getRuntime } from "@/server/runtime";

// ── 1. Context ────────────────────────────────────────────────────────────────
export async function createContext(opts: { headers: Headers }) {
  return { headers: opts.headers };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

// ── 2. Initialisation ─────────────────────────────────────────────────────────
const t = initTRPC.context<Context>().create({
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

/**
 * Dashboard reads and changes. Until sign-in lands (issue 7) the dashboard shows the default
 * project; its mutations are refused when a page of another site sends them.
 */
export const dashboardProcedure = publicProcedure.use(sameOriginMutations).use(async ({ ctx, next }) => {
  return next({ ctx: { projectId: ctx.runtime.defaultProjectId } });
});
