import { getAuth } from "@/server/auth/auth";
import { createFirstAdmin } from "@/server/auth/first-users";
import { ensureDefaultOrganization } from "@/server/auth/organizations";
import { setupInput } from "@/server/auth/schema";
import { UserRefusal } from "@/server/auth/users";
import { isCrossSiteRequest } from "@/server/http/same-origin";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** First run: makes the admin account while no user exists, then signs them in (Set-Cookie). */
export async function POST(req: Request) {
  if (isCrossSiteRequest(req.headers)) return Response.json({ message: "cross-site request refused" }, { status: 403 });
  const parsed = setupInput.safeParse(await req.json().catch(() => null));
  if (!parsed.success) {
    return Response.json({ message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, { status: 400 });
  }
  try {
    const runtime = await getRuntime();
    await createFirstAdmin(runtime, await ensureDefaultOrganization(runtime.handle.db), parsed.data);
    const auth = await getAuth(runtime);
    const signedIn = await auth.api.signInEmail({ body: { email: parsed.data.email, password: parsed.data.password }, asResponse: true });
    return new Response(JSON.stringify({ ok: true }), {
      status: 200,
      headers: [["content-type", "application/json"], ...signedIn.headers.getSetCookie().map((c): [string, string] => ["set-cookie", c])],
    });
  } catch (err) {
    if (err instanceof UserRefusal) return Response.json({ message: err.message }, { status: 409 });
    console.error("[setup] failed:", err);
    return Response.json({ message: "could not create the account; see the server log" }, { status: 500 });
  }
}
