import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { ROLLUP_COLUMN, rollupWhere } from "@/server/metrics/filters-sql";
import { mergeStoredSketches } from "@/server/metrics/sketches";
import type { LatencySketch } from "@/server/rollup/sketch";
import { ALERT_METRICS, type AlertMetric, type ThresholdSpec } from "./schema";
import type { MinuteCell, Reducer } from "./window";

/**
 * Per-minute data behind threshold rules, read from the same rollups (and GPU samples) the
 * dashboards read. Rules that share a source (same stage, filters and group-by) share one query.
 */
interface RawMinute {
  t: number;
  count: number;
  errors: number;
  rateLimited: number;
  timeouts: number;
  retries: number;
  fallbacks: number;
  cacheHits: number;
  cacheLookups: number;
  costUsd: number;
  maxMs: number | null;
  buckets?: Record<string, number>;
  gauges?: Record<GaugeField, { sum: number; n: number }>;
}

export interface SourceGroup {
  labels: Record<string, string>;
  minutes: RawMinute[];
}
export type SourceData = Map<string, SourceGroup>;

type GaugeField = "util" | "mem" | "kv" | "waiting";
const GAUGE_OF: Partial<Record<AlertMetric, GaugeField>> = { gpu_util: "util", gpu_memory: "mem", kv_cache_usage: "kv", requests_waiting: "waiting" };

/** Attempt-level rates read generation spans; request-level ones read end-to-end rows. */
const GENERATION_METRICS = new Set<AlertMetric>(["rate_429", "timeout_rate", "retry_rate"]);

export function sourceOf(spec: ThresholdSpec) {
  const def = ALERT_METRICS[spec.metric];
  if (def.family === "gpu") return { family: "gpu" as const };
  const stage = def.family === "sketch" ? spec.stage : GENERATION_METRICS.has(spec.metric) ? "generation" : "request";
  return {
    family: def.family,
    column: def.family === "sketch" ? def.column : undefined,
    stage,
    filters: spec.filters,
    groupBy: spec.groupBy,
  };
}
export type Source = ReturnType<typeof sourceOf>;

/** Rules with equal keys read the same data. */
export const sourceKey = (s: Source) => JSON.stringify(s, Object.keys(s).sort());

const MINUTE_SUMS = sql.raw(`sum(count) AS count, coalesce(sum(count) FILTER (WHERE status = 'error'), 0) AS errors,
  sum(rate_limited) AS "rateLimited", sum(timeouts) AS timeouts, sum(retries) AS retries, sum(fallbacks) AS fallbacks,
  sum(cache_exact + cache_semantic) AS "cacheHits", sum(cache_lookups) AS "cacheLookups", sum(cost_usd) AS "costUsd",
  max(duration_max_ms) AS "maxMs"`);

/** Loads a source's minutes in [fromMs, toMs) — every minute that overlaps the range. */
export async function loadSource(db: Database, projectId: string, source: Source, fromMs: number, toMs: number): Promise<SourceData> {
  const r = { fromMs, toMs, bucketS: 60 };
  if (source.family === "gpu") return loadGauges(db, projectId, fromMs, toMs);
  const where = rollupWhere(projectId, r, source.stage, source.filters);
  const group: SQL = sql.raw(source.groupBy ? ROLLUP_COLUMN[source.groupBy] : "''");
  const minuteMs = sql.raw("(extract(epoch from minute) * 1000)::bigint");
  const [counters, sketches] = await Promise.all([
    jsonRows<Omit<RawMinute, "t" | "buckets"> & { t: number; g: string }>(
      db,
      sql`SELECT ${minuteMs} AS t, ${group} AS g, ${MINUTE_SUMS} FROM rollup_minute WHERE ${where} GROUP BY 1, 2`,
    ),
    source.family === "sketch"
      ? mergeStoredSketches(db, {
          from: sql`rollup_minute`,
          where,
          column: `${source.column ?? "duration"}_sketch`,
          key: sql`concat(${minuteMs}, '|', ${group})`,
        })
      : Promise.resolve(new Map<string, LatencySketch>()),
  ]);
  // per-minute counts (bucket index → count), what the sliding windows add and subtract
  const buckets = new Map([...sketches].map(([key, sk]) => [key, sk.toStored()]));
  const out: SourceData = new Map();
  for (const row of counters) {
    const g = out.get(row.g) ?? { labels: source.groupBy ? { [source.groupBy]: row.g || "(none)" } : {}, minutes: [] };
    g.minutes.push({
      t: Number(row.t),
      count: Number(row.count),
      errors: Number(row.errors),
      rateLimited: Number(row.rateLimited),
      timeouts: Number(row.timeouts),
      retries: Number(row.retries),
      fallbacks: Number(row.fallbacks),
      cacheHits: Number(row.cacheHits),
      cacheLookups: Number(row.cacheLookups),
      costUsd: Number(row.costUsd),
      maxMs: row.maxMs == null ? null : Number(row.maxMs),
      buckets: buckets.get(`${row.t}|${row.g}`),
    });
    out.set(row.g, g);
  }
  for (const g of out.values()) g.minutes.sort((a, b) => a.t - b.t);
  return out;
}

async function loadGauges(db: Database, projectId: string, fromMs: number, toMs: number): Promise<SourceData> {
  const found = await jsonRows<{ t: number; host: string; gpu: string } & Record<string, number | null>>(
    db,
    sql`SELECT (floor(extract(epoch from time) / 60) * 60000)::bigint AS t, host, gpu_key AS gpu,
        sum(gpu_util_pct) AS util_s, count(gpu_util_pct) AS util_n,
        sum(mem_used_bytes::float8 * 100 / nullif(mem_total_bytes, 0)) AS mem_s, count(mem_used_bytes::float8 / nullif(mem_total_bytes, 0)) AS mem_n,
        sum(kv_cache_usage_pct) AS kv_s, count(kv_cache_usage_pct) AS kv_n,
        sum(requests_waiting) AS waiting_s, count(requests_waiting) AS waiting_n
      FROM engine_samples
      WHERE project_id = ${projectId}::uuid
        AND time >= to_timestamp(${Math.floor(fromMs / 60_000) * 60}) AND time < to_timestamp(${toMs / 1000})
      GROUP BY 1, 2, 3`,
  );
  const out: SourceData = new Map();
  for (const row of found) {
    const key = `${row.host}|${row.gpu}`;
    const g = out.get(key) ?? { labels: { host: row.host, gpu: row.gpu }, minutes: [] };
    const gauge = (f: GaugeField) => ({ sum: Number(row[`${f}_s`] ?? 0), n: Number(row[`${f}_n`] ?? 0) });
    g.minutes.push({
      t: Number(row.t), count: 0, errors: 0, rateLimited: 0, timeouts: 0, retries: 0, fallbacks: 0, cacheHits: 0,
      cacheLookups: 0, costUsd: 0, maxMs: null,
      gauges: { util: gauge("util"), mem: gauge("mem"), kv: gauge("kv"), waiting: gauge("waiting") },
    });
    out.set(key, g);
  }
  for (const g of out.values()) g.minutes.sort((a, b) => a.t - b.t);
  return out;
}

/** The reducer that turns a window of a metric's cells into its value. */
export function reducerOf(metric: AlertMetric): Reducer {
  const def = ALERT_METRICS[metric];
  if (def.family === "sketch") return def.q === 1 ? { kind: "max" } : { kind: "quantile", q: def.q };
  if (def.family === "gpu") return { kind: "mean" };
  if (metric === "requests_per_s") return { kind: "per_second" };
  if (metric === "cost_per_hour") return { kind: "per_hour" };
  return { kind: "percent" };
}

/** A metric's view of a source's minutes: the numerator, denominator and sketch its reducer reads. */
export function cellsOf(metric: AlertMetric, minutes: RawMinute[]): MinuteCell[] {
  const def = ALERT_METRICS[metric];
  const gauge = GAUGE_OF[metric];
  return minutes.map((m): MinuteCell => {
    if (gauge) {
      const g = m.gauges?.[gauge] ?? { sum: 0, n: 0 };
      return { t: m.t, count: g.n, num: g.sum, den: g.n };
    }
    if (def.family === "sketch") {
      const sketchCount = m.buckets ? Object.values(m.buckets).reduce((a, b) => a + Number(b), 0) : 0;
      return { t: m.t, count: sketchCount, num: 0, den: 0, buckets: m.buckets, max: def.column === "duration" ? m.maxMs : null };
    }
    const [num, den] = ((): [number, number] => {
      switch (metric) {
        case "error_rate": return [m.errors, m.count];
        case "rate_429": return [m.rateLimited, m.count];
        case "timeout_rate": return [m.timeouts, m.count];
        case "retry_rate": return [m.retries, m.count];
        case "fallback_rate": return [m.fallbacks, m.count];
        case "cache_hit_rate": return [m.cacheHits, m.cacheLookups];
        case "requests_per_s": return [m.count, 0];
        case "cost_per_hour": return [m.costUsd, 0];
        default: return [0, 0];
      }
    })();
    return { t: m.t, count: m.count, num, den };
  });
}

/** Metrics whose value is meaningful with no traffic at all (0 req/s is an answer, not "no data"). */
export const ZERO_IS_VALUE = new Set<AlertMetric>(["requests_per_s", "cost_per_hour"]);
