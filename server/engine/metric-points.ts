import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import type { MetricPointHistogram, MetricPointKind } from "./metric-series";

/**
 * Reads of `metric_points`: what metrics a project has, and the points of one metric by name.
 * Time ranges are half-open, [fromMs, toMs).
 */

export interface MetricName {
  name: string;
  /** Usually one; several when sources disagree about the type. */
  kinds: MetricPointKind[];
  sources: string[];
  hosts: number;
  series: number;
  points: number;
  lastMs: number;
}

export interface MetricSeriesPoint {
  t: number;
  /** gauge, counter, untyped. */
  value: number | null;
  /** histogram, summary. */
  histogram: MetricPointHistogram | null;
}

export interface MetricSeries {
  host: string;
  source: string;
  seriesKey: string;
  labels: Record<string, string>;
  kind: MetricPointKind;
  points: MetricSeriesPoint[];
}

export interface MetricSeriesQuery {
  name: string;
  fromMs: number;
  toMs: number;
  host?: string;
  /** Most points returned (oldest series first); default 10 000, at most 100 000. */
  maxPoints?: number;
}

const MAX_POINTS = 100_000;

function checkRange(fromMs: number, toMs: number) {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw new RangeError(`invalid time range [${fromMs}, ${toMs})`);
  }
}

/** Metric names with points in [fromMs, toMs), by name. */
export async function listMetricNames(db: Database, projectId: string, fromMs: number, toMs: number): Promise<MetricName[]> {
  checkRange(fromMs, toMs);
  const found = await jsonRows<{ name: string; kinds: MetricPointKind[]; sources: string[]; hosts: number; series: number; points: number; last_ms: number }>(
    db,
    sql`SELECT name, array_agg(DISTINCT kind ORDER BY kind) AS kinds, array_agg(DISTINCT source ORDER BY source) AS sources,
        count(DISTINCT host) AS hosts, count(DISTINCT (host, series_key)) AS series, count(*) AS points,
        extract(epoch from max(time)) * 1000 AS last_ms
      FROM metric_points
      WHERE project_id = ${projectId}::uuid
        AND time >= to_timestamp(${fromMs / 1000}) AND time < to_timestamp(${toMs / 1000})
      GROUP BY name
      ORDER BY name COLLATE "C"`,
  );
  return found.map((r) => ({
    name: r.name,
    kinds: r.kinds,
    sources: r.sources,
    hosts: Number(r.hosts),
    series: Number(r.series),
    points: Number(r.points),
    lastMs: Math.round(Number(r.last_ms)),
  }));
}

/**
 * The points of metric `name` in [fromMs, toMs), per series (host + labels), in time order.
 * `truncated` when more than `maxPoints` matched: the series and points returned come first in
 * (host, series key, time) order.
 */
export async function metricSeries(
  db: Database,
  projectId: string,
  q: MetricSeriesQuery,
): Promise<{ series: MetricSeries[]; truncated: boolean }> {
  checkRange(q.fromMs, q.toMs);
  const limit = Math.max(1, Math.min(Math.floor(q.maxPoints ?? 10_000), MAX_POINTS));
  const found = await jsonRows<{
    host: string;
    source: string;
    series_key: string;
    labels: Record<string, string>;
    kind: MetricPointKind;
    t: number;
    value: number | null;
    histogram: MetricPointHistogram | null;
  }>(
    db,
    sql`SELECT host, source, series_key, labels, kind, extract(epoch from time) * 1000 AS t, value, histogram
      FROM metric_points
      WHERE project_id = ${projectId}::uuid AND name = ${q.name}
        AND time >= to_timestamp(${q.fromMs / 1000}) AND time < to_timestamp(${q.toMs / 1000})
        ${q.host !== undefined ? sql`AND host = ${q.host}` : sql``}
      ORDER BY host COLLATE "C", series_key, time
      LIMIT ${limit + 1}`,
  );
  const truncated = found.length > limit;
  const bySeries = new Map<string, MetricSeries>();
  for (const r of found.slice(0, limit)) {
    const id = `${r.host}\u0000${r.series_key}`;
    let s = bySeries.get(id);
    if (!s) {
      s = { host: r.host, source: r.source, seriesKey: r.series_key, labels: r.labels, kind: r.kind, points: [] };
      bySeries.set(id, s);
    }
    // the newest point's source and kind describe the series
    s.source = r.source;
    s.kind = r.kind;
    s.points.push({ t: Math.round(Number(r.t)), value: r.value === null ? null : Number(r.value), histogram: r.histogram });
  }
  return { series: [...bySeries.values()], truncated };
}
