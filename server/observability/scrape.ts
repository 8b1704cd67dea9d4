import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { alertEvaluationLagSeconds } from "@/server/alerts/job";
import { ingestAdmission } from "@/server/http/admission";
import { getRuntime } from "@/server/runtime";
import { selfMetrics, setAlertEvaluationLag } from "./self-metrics";

const SCRAPE_DB_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Seconds since the oldest dirty rollup minute was marked; 0 when the rollups are caught up. */
export async function rollupLagSeconds(db: Database): Promise<number> {
  const [row] = await rows<{ lag: number | string | null }>(
    db,
    sql`SELECT EXTRACT(EPOCH FROM now() - min(marked_at))::float8 AS lag FROM rollup_dirty`,
  );
  return Math.max(0, Number(row?.lag ?? 0));
}

async function measureDatabase(m: ReturnType<typeof selfMetrics>) {
  try {
    const runtime = await within(getRuntime(), SCRAPE_DB_TIMEOUT_MS);
    const db = runtime.handle.db;
    const started = performance.now();
    await within(db.execute(sql`SELECT 1`), SCRAPE_DB_TIMEOUT_MS);
    m.dbLatency.set((performance.now() - started) / 1000);
    m.dbUp.set(1);
    m.rollupLag.set(await within(rollupLagSeconds(db), SCRAPE_DB_TIMEOUT_MS));
    setAlertEvaluationLag(await within(alertEvaluationLagSeconds(db, runtime.env.TAILWATCH_ALERT_INTERVAL_S), SCRAPE_DB_TIMEOUT_MS));
  } catch (err) {
    console.error("[metrics] database not ready:", (err as Error).message);
    m.dbUp.set(0);
    m.dbLatency.set(NaN);
    m.rollupLag.clear();
    setAlertEvaluationLag(null);
  }
}

/** Tailwatch's own metrics, measured now where they are gauges, in the Prometheus text format. */
export async function scrapeSelfMetrics(): Promise<string> {
  const m = selfMetrics();
  const admission = ingestAdmission().stats();
  m.inflight.set(admission.inFlight);
  m.inflightBytes.set(admission.bytes);
  m.rss.set(process.memoryUsage().rss);
  m.startTime.set(Math.round(Date.now() / 1000 - process.uptime()));
  await measureDatabase(m);
  return m.registry.render();
}
