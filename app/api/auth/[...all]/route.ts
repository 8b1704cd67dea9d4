import { getAuth } from "@/server/auth/auth";

export const dynamic = "force-dynamic";

/** better-auth's endpoints: /api/auth/sign-in/email, /api/auth/sign-out, /api/auth/get-session, … */
async function handle(req: Request) {
  try {
    return await (await getAuth()).handler(req);
  } catch (err) {
    console.error("[auth] unavailable:", (err as Error).message);
    return Response.json({ message: "sign-in is unavailable: the database does not answer; retry shortly" }, { status: 503, headers: { "retry-after": "5" } });
  }
}

export { handle as GET, handle as POST };
