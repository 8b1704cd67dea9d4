import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { ResolvedRange } from "./range";
import type { GroupBy, MetricFilters } from "./schema";

/** Rollup column of each group-by / filter dimension. */
export const ROLLUP_COLUMN: Record<GroupBy, string> = {
  model: "model",
  provider: "provider",
  taskType: "task_type",
  feature: "feature",
  environment: "environment",
  stage: "stage",
  status: "status",
};

/** WHERE clause over rollup_minute for a project, a stage ("request" = end-to-end rows), a range and filters. */
export function rollupWhere(projectId: string, r: ResolvedRange, stage: string | null, f: MetricFilters): SQL {
  const parts: SQL[] = [
    sql`project_id = ${projectId}::uuid`,
    sql`minute >= to_timestamp(${Math.floor(r.fromMs / 60_000) * 60}) AND minute < to_timestamp(${r.toMs / 1000})`,
  ];
  if (stage) parts.push(sql`stage = ${stage}`);
  if (f.environment) parts.push(sql`environment = ${f.environment}`);
  if (f.model) parts.push(sql`model = ${f.model}`);
  if (f.provider) parts.push(sql`provider = ${f.provider}`);
  if (f.taskType) parts.push(sql`task_type = ${f.taskType}`);
  if (f.feature) parts.push(sql`feature = ${f.feature}`);
  return sql.join(parts, sql` AND `);
}

const HOUR_S = 3600;

/**
 * Rollup reads never use buckets under a minute; past two days they use whole hours, so the
 * hourly rollups can answer them (at most 30 days / 2 h = 360 points).
 */
export function rollupRange(r: ResolvedRange): ResolvedRange {
  const spanS = (r.toMs - r.fromMs) / 1000;
  if (spanS > 2 * 86_400) return { ...r, bucketS: Math.max(HOUR_S, Math.ceil(r.bucketS / HOUR_S) * HOUR_S) };
  return { ...r, bucketS: Math.max(60, r.bucketS) };
}

/**
 * The rollup rows for a range: whole hours from rollup_hour and the partial hours at either end
 * from rollup_minute — both exact, so the answer is the same as from minutes alone, from 60× fewer
 * rows. Buckets shorter than an hour (or `minutes`) read minute rows only.
 */
export function rollupFrom(r: ResolvedRange, minutes = false): SQL {
  const firstHour = Math.ceil(r.fromMs / 3_600_000) * 3600;
  const lastHour = Math.floor(r.toMs / 3_600_000) * 3600;
  if (minutes || r.bucketS % HOUR_S !== 0 || lastHour <= firstHour) return sql`rollup_minute`;
  return sql`(SELECT * FROM rollup_hour WHERE minute >= to_timestamp(${firstHour}) AND minute < to_timestamp(${lastHour})
    UNION ALL
    SELECT * FROM rollup_minute WHERE minute < to_timestamp(${firstHour}) OR minute >= to_timestamp(${lastHour})) AS rollup`;
}

export function bucketStarts(r: ResolvedRange): number[] {
  const first = Math.floor(r.fromMs / 1000 / r.bucketS);
  const last = Math.floor((r.toMs - 1) / 1000 / r.bucketS);
  const out: number[] = [];
  for (let b = first; b <= last; b++) out.push(b * r.bucketS * 1000);
  return out;
}
