import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { counterSeries, counterTotals } from "./counters";
import type { ResolvedRange } from "./range";
import type { GroupBy, MetricFilters } from "./schema";

/** Cost and tokens over time, optionally one series per model / feature / …; cost per request. */
export async function costSeries(db: Database, projectId: string, r: ResolvedRange, filters: MetricFilters = {}, groupBy?: GroupBy) {
  const series = await counterSeries(db, projectId, r, { filters, groupBy });
  return series.map((s) => ({
    key: s.key,
    totalUsd: s.totals.costUsd,
    costPerRequestUsd: s.totals.count ? s.totals.costUsd / s.totals.count : null,
    points: s.points.map((p) => ({ t: p.t, costUsd: p.costUsd, inputTokens: p.inputTokens, outputTokens: p.outputTokens, requests: p.count })),
  }));
}

/** Cost, tokens and requests per model, feature, task type…, largest first. */
export async function costBreakdown(db: Database, projectId: string, r: ResolvedRange, groupBy: GroupBy, filters: MetricFilters = {}) {
  const rows = await counterTotals(db, projectId, r, { filters, groupBy });
  return rows
    .map((x) => ({
      key: x.key[0] || "(none)",
      costUsd: x.costUsd,
      requests: x.count,
      inputTokens: x.inputTokens,
      outputTokens: x.outputTokens,
      costPerRequestUsd: x.count ? x.costUsd / x.count : null,
    }))
    .sort((a, b) => b.costUsd - a.costUsd);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Cost per user: the top N, or those whose id contains `search`. Users are not a rollup key
 * (unbounded cardinality); whole UTC days of the range come from the per-day per-user aggregate
 * (rollup_user_day), whole hours around them from the per-hour one (rollup_user_hour), the partial
 * hours at either end from traces. An hour the rollup job has yet to rebuild (a dirty minute or
 * hour mark in it) is read from traces too, and a day that holds such an hour or is itself yet to
 * be re-merged (a dirty day mark) from its hours instead, all in the same statement, so the answer
 * always equals summing the raw rows (up to float rounding). Users are ranked by cost rounded to
 * 1e-9 USD, then id: sums that differ only by the order they were added in tie.
 * The user filter of `filters` is not applied (nor was it when this read only traces); the
 * others are.
 */
export async function costPerUser(
  db: Database,
  projectId: string,
  r: ResolvedRange,
  opts: { limit?: number; search?: string; filters?: MetricFilters } = {},
) {
  const f = opts.filters ?? {};
  const ts = (ms: number) => sql`to_timestamp(${ms / 1000})`;
  // the same conditions hold on traces and on the per-user aggregates ('' there for an absent
  // dimension, which a filter, never empty, cannot match, as NULL cannot in traces)
  const where = sql`
    ${opts.search ? sql`AND strpos(lower(user_id), lower(${opts.search})) > 0` : sql``}
    ${f.environment ? sql`AND environment = ${f.environment}` : sql``}
    ${f.model ? sql`AND model = ${f.model}` : sql``}
    ${f.feature ? sql`AND feature = ${f.feature}` : sql``}
    ${f.taskType ? sql`AND task_type = ${f.taskType}` : sql``}`;
  const raw = (lo: SQL, hi: SQL) => sql`
    SELECT user_id, cost_usd AS usd, 1 AS n, input_tokens AS itok, output_tokens AS otok FROM traces
    WHERE project_id = ${projectId}::uuid AND user_id IS NOT NULL AND start_time >= ${lo} AND start_time < ${hi} ${where}`;
  // current hours of rollup_user_hour in [lo, hi): the stale ones come from traces
  const hours = (lo: SQL, hi: SQL) => sql`
    SELECT user_id, cost_usd AS usd, requests AS n, input_tokens AS itok, output_tokens AS otok
    FROM rollup_user_hour
    WHERE project_id = ${projectId}::uuid AND hour >= ${lo} AND hour < ${hi}
      AND hour <> ALL (ARRAY(SELECT h FROM stale)) ${where}`;
  const firstHour = Math.ceil(r.fromMs / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(r.toMs / HOUR_MS) * HOUR_MS;
  let parts: SQL;
  if (firstHour >= lastHour) parts = raw(ts(r.fromMs), ts(r.toMs));
  else {
    const firstDay = Math.ceil(firstHour / DAY_MS) * DAY_MS;
    const lastDay = Math.floor(lastHour / DAY_MS) * DAY_MS;
    const ctes = [
      // hours not rebuilt yet: a pending hour mark, or a pending minute mark in the hour
      sql`stale AS (
        SELECT hour AS h FROM rollup_dirty_hour
        WHERE project_id = ${projectId}::uuid AND hour >= ${ts(firstHour)} AND hour < ${ts(lastHour)}
        UNION
        SELECT date_trunc('hour', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM rollup_dirty
        WHERE project_id = ${projectId}::uuid AND minute >= ${ts(firstHour)} AND minute < ${ts(lastHour)}
      )`,
    ];
    const branches: SQL[] = [];
    if (firstDay < lastDay) {
      // days not to read from rollup_user_day: not re-merged since a change (a pending day mark),
      // or holding a stale hour (the day is re-merged only after that hour is rebuilt)
      ctes.push(sql`stale_day AS (
        SELECT day AS d FROM rollup_dirty_day
        WHERE project_id = ${projectId}::uuid AND day >= ${ts(firstDay)} AND day < ${ts(lastDay)}
        UNION
        SELECT date_trunc('day', h AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM stale
        WHERE h >= ${ts(firstDay)} AND h < ${ts(lastDay)}
      )`);
      branches.push(
        sql`SELECT user_id, cost_usd AS usd, requests AS n, input_tokens AS itok, output_tokens AS otok
          FROM rollup_user_day
          WHERE project_id = ${projectId}::uuid AND day >= ${ts(firstDay)} AND day < ${ts(lastDay)}
            AND day <> ALL (ARRAY(SELECT d FROM stale_day)) ${where}`,
        // a stale day's current hours, one index range each (24 hours, not '1 day': a day of the
        // session's time zone may not be 24 hours long)
        sql`SELECT x.* FROM stale_day CROSS JOIN LATERAL (${hours(sql`stale_day.d`, sql`stale_day.d + interval '24 hours'`)} OFFSET 0) x`,
      );
      if (firstHour < firstDay) branches.push(hours(ts(firstHour), ts(firstDay)));
      if (lastDay < lastHour) branches.push(hours(ts(lastDay), ts(lastHour)));
    } else branches.push(hours(ts(firstHour), ts(lastHour)));
    branches.push(
      // stale hours, one index range each (OFFSET 0 keeps the subquery per hour, not a join the
      // planner may turn into a scan of the project's traces)
      sql`SELECT x.* FROM stale CROSS JOIN LATERAL (${raw(sql`stale.h`, sql`stale.h + interval '1 hour'`)} OFFSET 0) x`,
    );
    if (r.fromMs < firstHour) branches.push(raw(ts(r.fromMs), ts(firstHour)));
    if (lastHour < r.toMs) branches.push(raw(ts(lastHour), ts(r.toMs)));
    parts = sql`
      WITH ${sql.join(ctes, sql`, `)}
      ${sql.join(branches, sql` UNION ALL `)}`;
  }
  const found = await jsonRows<{ user_id: string; usd: number; n: number; itok: number; otok: number }>(
    db,
    sql`SELECT user_id, sum(usd) AS usd, sum(n) AS n, sum(itok) AS itok, sum(otok) AS otok
      FROM (${parts}) p
      GROUP BY user_id ORDER BY round(sum(usd)::numeric, 9) DESC, user_id LIMIT ${Math.min(opts.limit ?? 50, 500)}`,
  );
  return found.map((u) => ({
    userId: u.user_id,
    costUsd: Number(u.usd),
    requests: Number(u.n),
    inputTokens: Number(u.itok),
    outputTokens: Number(u.otok),
  }));
}
