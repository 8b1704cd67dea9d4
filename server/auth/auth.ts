import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { accounts, sessions, users, verifications } from "@/db/schema";
import { getRuntime, type Runtime } from "@/server/runtime";
import { requestOrigins } from "./request-origin";
import { sessionSecret } from "./secret";

export const MIN_PASSWORD_LENGTH = 8;

async function createAuth(runtime: Runtime) {
  const { db } = runtime.handle;
  const env = runtime.env;
  return betterAuth({
    appName: "Tailwatch",
    basePath: "/api/auth",
    baseURL: env.TAILWATCH_PUBLIC_URL,
    secret: await sessionSecret(db, env.TAILWATCH_AUTH_SECRET),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    // no self-service sign-up: the first admin comes from /setup (or env), others are added by admins
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 256 },
    session: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
    // the page's own host is trusted, whatever name it is reached by; another site's page is not
    trustedOrigins: async (request) => [...requestOrigins(request?.headers), ...(env.TAILWATCH_PUBLIC_URL ? [env.TAILWATCH_PUBLIC_URL] : [])],
    advanced: { cookiePrefix: "tailwatch" },
    rateLimit: { enabled: true, window: 60, max: 200, customRules: { "/sign-in/email": { window: 60, max: 20 } } },
    telemetry: { enabled: false },
    logger: { level: "error" },
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

// one instance per runtime (tests swap runtimes); kept on globalThis like the runtime itself
const cacheKey = Symbol.for("tailwatch.auth");
type GlobalWithAuth = typeof globalThis & { [cacheKey]?: WeakMap<Runtime, Promise<Auth>> };

export async function getAuth(runtime?: Runtime): Promise<Auth> {
  const rt = runtime ?? (await getRuntime());
  const g = globalThis as GlobalWithAuth;
  const cache = (g[cacheKey] ??= new WeakMap());
  let auth = cache.get(rt);
  if (!auth) {
    auth = createAuth(rt);
    cache.set(rt, auth);
    auth.catch(() => cache.delete(rt));
  }
  return auth;
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

/** The user whose session cookie these headers carry, or null (no cookie, expired, signed out). */
export async function sessionUser(headers: Headers, runtime?: Runtime): Promise<SignedInUser | null> {
  if (!headers.get("cookie")) return null;
  const auth = await getAuth(runtime);
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name };
}
