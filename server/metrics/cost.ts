import "server-only";
import { sql } from "drizzle-orm";
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

/**
 * Cost per user: the top N, or those whose id contains `search`. Users are not a rollup key
 * (unbounded cardinality); this reads traces through (project_id, user_id, start_time).
 */
export async function costPerUser(
  db: Database,
  projectId: string,
  r: ResolvedRange,
  opts: { limit?: number; search?: string; filters?: MetricFilters } = {},
) {
  const f = opts.filters ?? {};
  const found = await jsonRows<{ user_id: string; usd: number; n: number; itok: number; otok: number }>(
    db,
    sql`SELECT user_id, sum(cost_usd) AS usd, count(*) AS n, sum(input_tokens) AS itok, sum(output_tokens) AS otok
      FROM traces WHERE project_id = ${projectId}::uuid AND user_id IS NOT NULL
        AND start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})
        ${opts.search ? sql`AND strpos(lower(user_id), lower(${opts.search})) > 0` : sql``}
        ${f.environment ? sql`AND environment = ${f.environment}` : sql``}
        ${f.model ? sql`AND model = ${f.model}` : sql``}
        ${f.feature ? sql`AND feature = ${f.feature}` : sql``}
        ${f.taskType ? sql`AND task_type = ${f.taskType}` : sql``}
      GROUP BY user_id ORDER BY usd DESC, user_id LIMIT ${Math.min(opts.limit ?? 50, 500)}`,
  );
  return found.map((u) => ({
    userId: u.user_id,
    costUsd: Number(u.usd),
    requests: Number(u.n),
    inputTokens: Number(u.itok),
    outputTokens: Number(u.otok),
  }));
}
