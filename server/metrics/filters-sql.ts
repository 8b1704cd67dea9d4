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

const COLUMNS = sql.raw(`project_id, minute, stage, environment, model, provider, task_type, feature, status, count,
  rate_limited, timeouts, server_errors, retries, attempts, fallbacks, circuit_open, cache_exact, cache_semantic,
  cache_lookups, input_tokens, output_tokens, cached_tokens, cost_usd, duration_sum_ms, duration_max_ms,
  duration_sketch, ttft_sketch, tpot_sketch`);
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_SETTLE_MS = 120_000;
const ts = (ms: number) => sql`to_timestamp(${ms / 1000})`;

/**
 * The rollup rows for a range, from the coarsest tier that fits: whole UTC days from rollup_day,
 * whole hours around them from rollup_hour, the partial hours at either end from rollup_minute.
 * Every tier is exact, so the answer is the same as from minutes alone, from far fewer rows.
 * A coarser row is only read while it is current: an hour with a pending merge mark (its minutes
 * were rebuilt after it was merged: late data, or a backlog the job has not reached) is read from
 * its minutes, and a day with a pending mark or a pending hour from its hours (and minutes), so a
 * rebuilt minute counts at once, whatever the merge job's backlog.
 * Time-bucketed reads use tiers no coarser than their bucket; `{ ...r, bucketS: 86400 }` asks for
 * whole-range totals; `minutes` forces minute rows.
 */
export function rollupFrom(r: ResolvedRange, minutes = false, nowMs = Date.now()): SQL {
  const firstHour = Math.ceil(r.fromMs / HOUR_MS) * HOUR_MS;
  // the hour under way (and one just over, for a settle and clock skew) is only merged into
  // rollup_hour once it is over: read it from minutes
  const lastHour = Math.floor(Math.min(r.toMs, nowMs - HOUR_SETTLE_MS) / HOUR_MS) * HOUR_MS;
  if (minutes || r.bucketS % HOUR_S !== 0 || lastHour <= firstHour) return sql`rollup_minute`;
  const edges = sql`SELECT ${COLUMNS} FROM rollup_minute WHERE minute < ${ts(firstHour)} OR minute >= ${ts(lastHour)}`;
  // (marks of every project: reading another project's pending hour from minutes is still exact)
  const staleHours = sql`SELECT hour FROM rollup_dirty_hour WHERE hour >= ${ts(firstHour)} AND hour < ${ts(lastHour)}`;
  const staleHourMinutes = sql`SELECT ${COLUMNS} FROM rollup_minute
    JOIN (${staleHours}) AS stale(stale_hour) ON minute >= stale.stale_hour AND minute < stale.stale_hour + interval '1 hour'`;
  const firstDay = Math.ceil(firstHour / DAY_MS) * DAY_MS;
  const lastDay = Math.floor(lastHour / DAY_MS) * DAY_MS;
  if (r.bucketS % 86_400 !== 0 || lastDay <= firstDay) {
    return sql`(SELECT ${COLUMNS} FROM rollup_hour WHERE minute >= ${ts(firstHour)} AND minute < ${ts(lastHour)}
        AND minute NOT IN (${staleHours})
      UNION ALL ${staleHourMinutes}
      UNION ALL ${edges}) AS rollup`;
  }
  const staleDays = sql`SELECT day FROM rollup_dirty_day WHERE day >= ${ts(firstDay)} AND day < ${ts(lastDay)}
    UNION SELECT date_bin('1 day', hour, 'epoch'::timestamptz) FROM rollup_dirty_hour WHERE hour >= ${ts(firstDay)} AND hour < ${ts(lastDay)}`;
  return sql`(SELECT ${COLUMNS} FROM rollup_day WHERE minute >= ${ts(firstDay)} AND minute < ${ts(lastDay)}
      AND minute NOT IN (${staleDays})
    UNION ALL
    SELECT ${COLUMNS} FROM rollup_hour
    WHERE ((minute >= ${ts(firstHour)} AND minute < ${ts(firstDay)}) OR (minute >= ${ts(lastDay)} AND minute < ${ts(lastHour)})
        OR date_bin('1 day', minute, 'epoch'::timestamptz) IN (${staleDays}))
      AND minute NOT IN (${staleHours})
    UNION ALL ${staleHourMinutes}
    UNION ALL ${edges}) AS rollup`;
}

/** Rollup rows for totals over the whole range (no time buckets): days, hours and minutes. */
export const rollupTotalsFrom = (r: ResolvedRange) => rollupFrom({ ...r, bucketS: 86_400 });

export function bucketStarts(r: ResolvedRange): number[] {
  const first = Math.floor(r.fromMs / 1000 / r.bucketS);
  const last = Math.floor((r.toMs - 1) / 1000 / r.bucketS);
  const out: number[] = [];
  for (let b = first; b <= last; b++) out.push(b * r.bucketS * 1000);
  return out;
}
