import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database, type DbHandle } from "@/db/client";
import { withAdvisoryLock } from "@/server/jobs/leader";
import { startLoopOnce, type LoopHandle } from "@/server/jobs/loop";
import type { Runtime } from "@/server/runtime";
import { ingestEngineData } from "./ingest-samples";
import { ENGINE_LIMITS } from "./limits";
import { mapEngineFamilies } from "./map-engine";
import { finalizePoints } from "./metric-series";
import { prometheusPoints } from "./prom-points";
import { parsePrometheusText } from "./prometheus-parse";
import { fetchMetricsPage } from "./scrape-fetch";

export interface ScrapeOptions {
  timeoutMs?: number;
  concurrency?: number;
}

export interface ScrapeOutcome {
  targetId: string;
  url: string;
  samples: number;
  /** Points stored by name in metric_points (every family on the page, up to the series limit). */
  metricPoints: number;
  durationMs: number;
  error: string | null;
}

interface DueTarget {
  id: string;
  project_id: string;
  url: string;
  interval_s: number;
  extra_labels: Record<string, string> | null;
}

/** Arbitrary constant: the advisory lock that makes one instance scrape per tick. */
export const SCRAPE_LOCK_KEY = 7_305_221_846;

/**
 * Claims the enabled targets that are due (moving their next_scrape_at on by their interval, so
 * a concurrent claimer skips them), scrapes them, ingests what they serve and records the outcome.
 * Never throws for a target's failure: it lands in that target's last_error.
 */
export async function scrapeDueTargets(db: Database, now: Date = new Date(), opts: ScrapeOptions = {}): Promise<ScrapeOutcome[]> {
  const at = now.toISOString();
  const due = await rows<DueTarget>(
    db,
    sql`UPDATE scrape_targets t SET next_scrape_at = ${at}::timestamptz + make_interval(secs => t.interval_s)
      WHERE t.id IN (
        SELECT id FROM scrape_targets
        WHERE enabled AND (next_scrape_at IS NULL OR next_scrape_at <= ${at}::timestamptz)
        ORDER BY next_scrape_at NULLS FIRST
        LIMIT ${ENGINE_LIMITS.maxTargetsPerTick}
        FOR UPDATE SKIP LOCKED)
      RETURNING t.id, t.project_id, t.url, t.interval_s, t.extra_labels`,
  );
  const outcomes: ScrapeOutcome[] = [];
  const queue = [...due];
  const workers = Array.from({ length: Math.min(opts.concurrency ?? ENGINE_LIMITS.scrapeConcurrency, queue.length) }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) outcomes.push(await scrapeTarget(db, t, now, opts));
  });
  await Promise.all(workers);
  return outcomes;
}

async function scrapeTarget(db: Database, t: DueTarget, now: Date, opts: ScrapeOptions): Promise<ScrapeOutcome> {
  const started = performance.now();
  let samples = 0;
  let metricPoints = 0;
  let error: string | null = null;
  try {
    const page = await fetchMetricsPage(t.url, {
      timeoutMs: opts.timeoutMs ?? ENGINE_LIMITS.scrapeTimeoutMs,
      maxBytes: ENGINE_LIMITS.maxPageBytes,
    });
    if (!page.ok) {
      error = page.error;
    } else {
      const parsed = parsePrometheusText(page.text);
      if (parsed.sampleCount === 0) {
        const first = parsed.errors[0];
        error = `no Prometheus samples in the response${first ? ` (line ${first.line}: ${first.reason})` : " (empty page)"}`;
      } else {
        const mapOpts = { host: new URL(t.url).host, now: now.getTime(), extraLabels: t.extra_labels ?? {} };
        const mapped = mapEngineFamilies(parsed.families, mapOpts);
        const points = finalizePoints(prometheusPoints(parsed.families, mapOpts).points, {
          now: now.getTime(),
          maxSeries: ENGINE_LIMITS.maxMetricSeries,
        });
        const result = await ingestEngineData(db, t.project_id, mapped.samples, points.points);
        samples = result.written;
        metricPoints = result.points;
        if (samples === 0 && metricPoints === 0) {
          error =
            result.rejected.length > 0
              ? `all samples refused: ${result.rejected[0]!.reason}`
              : `no storable metrics on the page (${points.refused[0]?.reason ?? "every value was NaN or infinite"})`;
        } else if (points.seriesOverLimit > 0) {
          error = `${points.seriesOverLimit} series over the limit of ${ENGINE_LIMITS.maxMetricSeries} per page were not stored`;
        }
      }
    }
  } catch (err) {
    // database messages stay in the server log; the dashboard shows a plain statement
    console.error("[scrape] storing samples failed:", err);
    error = "storing samples failed (database error; see the server log)";
  }
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  try {
    await db.execute(sql`UPDATE scrape_targets SET last_scrape_at = ${now.toISOString()}::timestamptz,
      last_duration_ms = ${durationMs}, last_error = ${error}, last_samples = ${samples}
      WHERE id = ${t.id}::uuid`);
  } catch (err) {
    console.error(`[scrape] recording the outcome of ${t.url} failed:`, (err as Error).message);
  }
  return { targetId: t.id, url: t.url, samples, metricPoints, durationMs, error };
}

/** Runs `fn` only if this instance holds the scrape advisory lock; null when another instance does. */
export function withScrapeLock<T>(handle: DbHandle, fn: () => Promise<T>): Promise<T | null> {
  return withAdvisoryLock(handle, SCRAPE_LOCK_KEY, fn);
}

/** One tick: under the lock, scrape what is due. */
export function runScrapeTick(handle: DbHandle, now = new Date(), opts: ScrapeOptions = {}) {
  return withScrapeLock(handle, () => scrapeDueTargets(handle.db, now, opts));
}

/**
 * Starts the scrape loop once per process (idempotent: Next.js may load this module from several
 * bundles). Each tick scrapes the due targets under the advisory lock; a failing tick is logged
 * and retried by the shared job loop.
 */
export function startScrapeLoop(runtime: Runtime, tickMs: number = ENGINE_LIMITS.tickMs): LoopHandle {
  return startLoopOnce("scrape", async () => (await runScrapeTick(runtime.handle))?.length ?? 0, tickMs);
}
