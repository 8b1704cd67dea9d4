import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { rollupFrom } from "./filters-sql";
import { RAW_MAX_RANGE_MS } from "./latency";
import type { ResolvedRange } from "./range";

/** Failed requests per bucket start (ms); buckets without failures are absent (zero). */
export async function errorSeries(db: Database, projectId: string, r: ResolvedRange): Promise<Map<number, number>> {
  const raw = r.toMs - r.fromMs <= RAW_MAX_RANGE_MS;
  const found = raw
    ? await rows<{ b: string; n: string }>(
        db,
        sql`SELECT floor(extract(epoch from start_time) / ${r.bucketS})::bigint AS b, count(*) AS n FROM traces
          WHERE project_id = ${projectId}::uuid AND status = 'error'
            AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})
          GROUP BY 1`,
      )
    : await rows<{ b: string; n: string }>(
        db,
        sql`SELECT floor(extract(epoch from minute) / ${r.bucketS})::bigint AS b, sum(count) AS n FROM ${rollupFrom(r)}
          WHERE project_id = ${projectId}::uuid AND stage = 'request' AND status = 'error'
            AND minute >= to_timestamp(${Math.floor(r.fromMs / 60_000) * 60}) AND minute < to_timestamp(${r.toMs / 1000})
          GROUP BY 1`,
      );
  return new Map(found.map((f) => [Number(f.b) * r.bucketS * 1000, Number(f.n)]));
}
