import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { bucketStarts } from "./filters-sql";
import type { ResolvedRange } from "./range";

export interface GpuPoint {
  t: number;
  gpuUtilPct: number | null;
  memUsedBytes: number | null;
  memTotalBytes: number | null;
  powerW: number | null;
  temperatureC: number | null;
  kvCacheUsagePct: number | null;
  requestsRunning: number | null;
  requestsWaiting: number | null;
}

const FIELDS = ["gpuUtilPct", "memUsedBytes", "memTotalBytes", "powerW", "temperatureC", "kvCacheUsagePct", "requestsRunning", "requestsWaiting"] as const;

/** Per host and GPU (or engine), the mean of each gauge per bucket; gaps where nothing reported. */
export async function gpuSeries(db: Database, projectId: string, r: ResolvedRange, host?: string) {
  const found = await jsonRows<Record<string, unknown> & { b: number; host: string; gpu_key: string; source: string; gpu_name: string | null }>(
    db,
    sql`SELECT floor(extract(epoch from time) / ${r.bucketS})::bigint AS b, host, gpu_key, source, max(gpu_name) AS gpu_name,
        avg(gpu_util_pct) AS "gpuUtilPct", avg(mem_used_bytes) AS "memUsedBytes", max(mem_total_bytes) AS "memTotalBytes",
        avg(power_w) AS "powerW", avg(temperature_c) AS "temperatureC", avg(kv_cache_usage_pct) AS "kvCacheUsagePct",
        avg(requests_running) AS "requestsRunning", avg(requests_waiting) AS "requestsWaiting"
      FROM engine_samples WHERE project_id = ${projectId}::uuid
        AND time >= to_timestamp(${r.fromMs / 1000}) AND time < to_timestamp(${r.toMs / 1000})
        ${host ? sql`AND host = ${host}` : sql``}
      GROUP BY 1, 2, 3, 4`,
  );
  const starts = bucketStarts(r);
  const series = new Map<string, { host: string; gpuKey: string; source: string; gpuName: string | null; byT: Map<number, GpuPoint> }>();
  for (const row of found) {
    const id = `${row.host}|${row.gpu_key}|${row.source}`;
    const s = series.get(id) ?? { host: row.host, gpuKey: row.gpu_key, source: row.source, gpuName: row.gpu_name, byT: new Map() };
    const t = Number(row.b) * r.bucketS * 1000;
    const point = { t } as GpuPoint;
    for (const f of FIELDS) point[f] = row[f] == null ? null : Number(row[f]);
    s.byT.set(t, point);
    series.set(id, s);
  }
  const empty = (t: number): GpuPoint => ({ t, gpuUtilPct: null, memUsedBytes: null, memTotalBytes: null, powerW: null, temperatureC: null, kvCacheUsagePct: null, requestsRunning: null, requestsWaiting: null });
  return [...series.values()]
    .sort((a, b) => `${a.host}${a.gpuKey}`.localeCompare(`${b.host}${b.gpuKey}`))
    .map(({ byT, ...meta }) => ({ ...meta, points: starts.map((t) => byT.get(t) ?? empty(t)) }));
}
