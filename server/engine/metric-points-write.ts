import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import type { MetricPointWire } from "./metric-series";

/** Rows per statement (histogram points carry their buckets, so fewer than plain samples). */
const CHUNK = 2_000;

const RECORD = sql.raw(`x(time_ms double precision, host text, source text, name text, series_key text,
  labels jsonb, kind text, value double precision, histogram jsonb)`);

/**
 * Upserts points (already through finalizePoints: finite, one per series and time) in bulk with
 * json_to_recordset; a re-sent point replaces the stored one. Rows go in key order so that
 * concurrent writers lock them in the same order. Returns how many were written.
 */
export async function upsertMetricPoints(tx: Database, projectId: string, points: MetricPointWire[]): Promise<number> {
  for (let i = 0; i < points.length; i += CHUNK) {
    const part = points.slice(i, i + CHUNK).map((p) => ({
      time_ms: p.time,
      host: p.host,
      source: p.source,
      name: p.name,
      series_key: p.seriesKey,
      labels: p.labels,
      kind: p.kind,
      value: p.value,
      histogram: p.histogram,
    }));
    await tx.execute(sql`
      INSERT INTO metric_points (project_id, time, host, source, name, series_key, labels, kind, value, histogram)
      SELECT ${projectId}::uuid, to_timestamp(time_ms / 1000.0), host, source, name, series_key,
        coalesce(labels, '{}'::jsonb), kind, value, histogram
      FROM json_to_recordset(${JSON.stringify(part)}::json) AS ${RECORD}
      ORDER BY host, series_key, time_ms
      ON CONFLICT (project_id, host, series_key, time) DO UPDATE SET
        source = excluded.source, name = excluded.name, labels = excluded.labels, kind = excluded.kind,
        value = excluded.value, histogram = excluded.histogram`);
  }
  return points.length;
}
