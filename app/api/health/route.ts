import { sql } from "drizzle-orm";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** Liveness (the process answers) and readiness (the database answers). */
export async function GET() {
  const started = performance.now();
  try {
    const runtime = await getRuntime();
    await runtime.handle.db.execute(sql`select 1`);
    return Response.json({ status: "ok", db: runtime.handle.kind, dbLatencyMs: performance.now() - started });
  } catch (err) {
    console.error("[health] database not ready:", (err as Error).message);
    return Response.json({ status: "unavailable", db: "not ready" }, { status: 503 });
  }
}
