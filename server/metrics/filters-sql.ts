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

/** Rollup reads never use buckets under a minute. */
export function rollupRange(r: ResolvedRange): ResolvedRange {
  return { ...r, bucketS: Math.max(60, r.bucketS) };
}

export function bucketStarts(r: ResolvedRange): number[] {
  const first = Math.floor(r.fromMs / 1000 / r.bucketS);
  const last = Math.floor((r.toMs - 1) / 1000 / r.bucketS);
  const out: number[] = [];
  for (let b = first; b <= last; b++) out.push(b * r.bucketS * 1000);
  return out;
}
