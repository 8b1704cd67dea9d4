import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database, type DbHandle } from "@/db/client";
import type { Env } from "@/server/env";
import { ALERTS_LOCK_KEY, withAdvisoryLock } from "@/server/jobs/leader";
import { startLoop, type LoopHandle } from "@/server/jobs/loop";
import { evaluateRules } from "./evaluator";
import { dispatchNotifications } from "./notify/dispatch";

const loopKey = Symbol.for("tailwatch.alertLoops");
type GlobalWithLoops = typeof globalThis & { [loopKey]?: LoopHandle };

/**
 * How far alert evaluation is behind, across all instances: seconds past the moment the
 * longest-waiting enabled rule was due (its last evaluation + the interval); 0 when on time,
 * null when there are no enabled rules.
 */
export async function alertEvaluationLagSeconds(db: Database, intervalS: number): Promise<number | null> {
  const [row] = await rows<{ lag: number | string | null }>(
    db,
    sql`SELECT EXTRACT(EPOCH FROM now() - min(coalesce(last_eval_at, created_at)))::float8 AS lag FROM alert_rules WHERE enabled`,
  );
  if (row?.lag == null) return null;
  return Math.max(0, Number(row.lag) - intervalS);
}

export function externalURL(env: Env) {
  return env.TAILWATCH_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}

/** One evaluation under the cluster-wide lock; null when another instance holds it. */
export function runAlertTick(handle: DbHandle, env: Env, nowMs = Date.now()) {
  return withAdvisoryLock(handle, ALERTS_LOCK_KEY, async () => {
    return evaluateRules(handle.db, { nowMs, settleMs: env.TAILWATCH_ALERT_SETTLE_S * 1000, externalURL: externalURL(env) });
  });
}

/**
 * Starts, once per process, the evaluator (every TAILWATCH_ALERT_INTERVAL_S, one instance at a
 * time through an advisory lock) and the notification dispatcher (every 2 s; its claims are
 * leases, so dispatchers on several instances never send one notification twice at once).
 */
export function startAlertLoops(handle: DbHandle, env: Env): LoopHandle {
  const g = globalThis as GlobalWithLoops;
  if (g[loopKey]) return g[loopKey];
  const evaluator = startLoop("alerts", async () => (await runAlertTick(handle, env), 0), env.TAILWATCH_ALERT_INTERVAL_S * 1000);
  const smtp = { url: env.TAILWATCH_SMTP_URL, from: env.TAILWATCH_SMTP_FROM };
  const dispatcher = startLoop("notifications", () => dispatchNotifications(handle.db, smtp), 2_000, 200);
  const loops: LoopHandle = {
    stop() {
      evaluator.stop();
      dispatcher.stop();
      if (g[loopKey] === loops) delete g[loopKey];
    },
  };
  g[loopKey] = loops;
  return loops;
}
