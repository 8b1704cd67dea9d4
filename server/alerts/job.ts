import "server-only";
import type { DbHandle } from "@/db/client";
import type { Env } from "@/server/env";
import { ALERTS_LOCK_KEY, withAdvisoryLock } from "@/server/jobs/leader";
import { startLoop, type LoopHandle } from "@/server/jobs/loop";
import { evaluateRules } from "./evaluator";
import { dispatchNotifications } from "./notify/dispatch";

const loopKey = Symbol.for("tailwatch.alertLoops");
type GlobalWithLoops = typeof globalThis & { [loopKey]?: LoopHandle };

/** When the last evaluation finished, for the self-metrics' evaluation lag. */
export const alertJobState = { lastEvaluatedAt: null as number | null, lastDurationMs: null as number | null };

export function externalURL(env: Env) {
  return env.TAILWATCH_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}

/** One evaluation under the cluster-wide lock; null when another instance holds it. */
export function runAlertTick(handle: DbHandle, env: Env, nowMs = Date.now()) {
  return withAdvisoryLock(handle, ALERTS_LOCK_KEY, async () => {
    const summary = await evaluateRules(handle.db, { nowMs, settleMs: env.TAILWATCH_ALERT_SETTLE_S * 1000, externalURL: externalURL(env) });
    alertJobState.lastEvaluatedAt = Date.now();
    alertJobState.lastDurationMs = summary.durationMs;
    return summary;
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
