import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { bucketStarts, ROLLUP_COLUMN, rollupFrom, rollupRange, rollupWhere } from "./filters-sql";
import { resolveRange, type ResolvedRange } from "./range";
import type { GroupBy, LatencyInput, MetricFilters } from "./schema";
import { mergeStoredSketches } from "./sketches";

export interface LatencyPoint {
  t: number;
  count: number;
  /** null where the bucket had no data: a gap, never a zero */
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface LatencySeriesResult {
  range: ResolvedRange;
  source: "rollup" | "raw";
  series: Array<{ key: string; points: LatencyPoint[] }>;
  /** bucket starts (ms) without any data in any series */
  emptyBuckets: number[];
}

const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;
/** Ranges up to this long read raw rows and give exact percentiles. */
export const RAW_MAX_RANGE_MS = 3_600_000;
const MAX_GROUPS = 10;

/** Raw facts for a stage: end-to-end rows come from traces, stage rows from spans joined to their trace. */
function rawFacts(projectId: string, r: ResolvedRange, stage: string, metric: LatencyInput["metric"], f: MetricFilters) {
  const span = stage !== "request";
  const a = span ? "s" : "t";
  const value =
    metric === "duration"
      ? sql.raw(`${a}.duration_ms`)
      : metric === "ttft"
        ? sql.raw(`${a}.ttft_ms`)
        : sql.raw(`CASE WHEN ${a}.output_tokens > 1 AND ${a}.ttft_ms IS NOT NULL THEN greatest(0, ${a}.duration_ms - ${a}.ttft_ms) / (${a}.output_tokens - 1) END`);
  const group = (g: GroupBy | undefined): SQL => {
    if (!g) return sql`''`;
    if (g === "stage") return span ? sql`s.stage` : sql`'request'`;
    if ((g === "model" || g === "provider" || g === "status") && span) return sql.raw(`coalesce(s.${ROLLUP_COLUMN[g]}, '')`);
    return sql.raw(`coalesce(t.${ROLLUP_COLUMN[g]}, '')`);
  };
  const where: SQL[] = [
    sql`${sql.raw(a)}.project_id = ${projectId}::uuid`,
    sql`${sql.raw(a)}.start_time >= to_timestamp(${r.fromMs / 1000}) AND ${sql.raw(a)}.start_time < to_timestamp(${r.toMs / 1000})`,
  ];
  if (span) where.push(sql`s.stage = ${stage}`);
  if (f.environment) where.push(sql`t.environment = ${f.environment}`);
  if (f.model) where.push(sql`${sql.raw(a)}.model = ${f.model}`);
  if (f.provider) where.push(sql`${sql.raw(a)}.provider = ${f.provider}`);
  if (f.taskType) where.push(sql`t.task_type = ${f.taskType}`);
  if (f.feature) where.push(sql`t.feature = ${f.feature}`);
  if (f.userId) where.push(sql`t.user_id = ${f.userId}`);
  const from = span
    ? sql`spans s LEFT JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id`
    : sql`traces t`;
  return { value, group, from, where: sql.join(where, sql` AND `), startCol: sql.raw(`${a}.start_time`) };
}

function emptyPoint(t: number): LatencyPoint {
  return { t, count: 0, p50: null, p90: null, p95: null, p99: null, max: null };
}

function assemble(r: ResolvedRange, source: "rollup" | "raw", byKey: Map<string, Map<number, LatencyPoint>>): LatencySeriesResult {
  const starts = bucketStarts(r);
  const ranked = [...byKey.entries()]
    .map(([key, pts]) => ({ key, total: [...pts.values()].reduce((n, p) => n + p.count, 0), pts }))
    .sort((a, b) => b.total - a.total)
    .slice(0, MAX_GROUPS);
  const series = ranked.map(({ key, pts }) => ({ key: key || "(none)", points: starts.map((t) => pts.get(t) ?? emptyPoint(t)) }));
  const emptyBuckets = starts.filter((t) => !ranked.some(({ pts }) => (pts.get(t)?.count ?? 0) > 0));
  return { range: r, source, series, emptyBuckets };
}

/** Percentiles over time (p50/p90/p95/p99/max), optionally one series per group. */
export async function latencySeries(db: Database, projectId: string, input: LatencyInput, nowMs = Date.now()): Promise<LatencySeriesResult> {
  const probe = resolveRange(input, nowMs);
  const short = probe.toMs - probe.fromMs <= RAW_MAX_RANGE_MS;
  const raw = short || input.exact || !!input.filters.userId;
  // buckets depend on the range only, so both sources answer on the same time axis
  const r = short ? probe : rollupRange(probe);
  return raw ? latencyFromRaw(db, projectId, input, r) : latencyFromRollups(db, projectId, input, r);
}

async function latencyFromRollups(db: Database, projectId: string, input: LatencyInput, r: ResolvedRange) {
  const column = input.metric === "duration" ? "duration_sketch" : input.metric === "ttft" ? "ttft_sketch" : "tpot_sketch";
  const groupCol = input.groupBy ? ROLLUP_COLUMN[input.groupBy] : "''";
  // key: "<bucket>|<group>" (the bucket is an integer, so the first "|" splits it)
  const merged = await mergeStoredSketches(db, {
    from: rollupFrom(r),
    where: rollupWhere(projectId, r, input.stage, input.filters),
    column,
    key: sql.raw(`concat(floor(extract(epoch from minute) / ${r.bucketS})::bigint, '|', ${groupCol})`),
    withMax: column === "duration_sketch",
  });
  const byKey = new Map<string, Map<number, LatencyPoint>>();
  for (const [id, sketch] of merged) {
    const cut = id.indexOf("|");
    const g = id.slice(cut + 1);
    const t = Number(id.slice(0, cut)) * r.bucketS * 1000;
    const [p50, p90, p95, p99] = QUANTILES.map((q) => sketch.quantile(q));
    const pts = byKey.get(g) ?? new Map<number, LatencyPoint>();
    pts.set(t, { t, count: sketch.count, p50: p50!, p90: p90!, p95: p95!, p99: p99!, max: sketch.quantile(1) });
    byKey.set(g, pts);
  }
  return assemble(r, "rollup", byKey);
}

async function latencyFromRaw(db: Database, projectId: string, input: LatencyInput, r: ResolvedRange) {
  const f = rawFacts(projectId, r, input.stage, input.metric, input.filters);
  const found = await rows<{ b: string; g: string; n: string; p50: number; p90: number; p95: number; p99: number; mx: number }>(
    db,
    sql`SELECT floor(extract(epoch from ${f.startCol}) / ${r.bucketS})::bigint AS b, ${f.group(input.groupBy)} AS g,
        count(v) AS n,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY v) AS p95, percentile_cont(0.99) WITHIN GROUP (ORDER BY v) AS p99,
        max(v) AS mx
      FROM ${f.from} CROSS JOIN LATERAL (SELECT ${f.value} AS v) val
      WHERE ${f.where} AND v IS NOT NULL
      GROUP BY 1, 2`,
  );
  const byKey = new Map<string, Map<number, LatencyPoint>>();
  for (const row of found) {
    if (Number(row.n) === 0) continue;
    const t = Number(row.b) * r.bucketS * 1000;
    const pts = byKey.get(row.g) ?? new Map<number, LatencyPoint>();
    pts.set(t, { t, count: Number(row.n), p50: Number(row.p50), p90: Number(row.p90), p95: Number(row.p95), p99: Number(row.p99), max: Number(row.mx) });
    byKey.set(row.g, pts);
  }
  return assemble(r, "raw", byKey);
}
