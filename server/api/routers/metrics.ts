import "server-only";
import { cacheSavings, cacheSeries } from "@/server/metrics/cache";
import { costBreakdown, costPerUser, costSeries } from "@/server/metrics/cost";
import { counterSeries } from "@/server/metrics/counters";
import { diagnosis } from "@/server/metrics/diagnosis";
import { errorSeries } from "@/server/metrics/errors";
import { rollupRange } from "@/server/metrics/filters-sql";
import { gpuSeries } from "@/server/metrics/gpu";
import { latencySeries, RAW_MAX_RANGE_MS } from "@/server/metrics/latency";
import { loadCurves } from "@/server/metrics/load";
import { worstMovers } from "@/server/metrics/movers";
import { overviewTotals, overviewTotalsFromRollups } from "@/server/metrics/overview";
import { rangeInput, resolveRange } from "@/server/metrics/range";
import { circuitOpenIntervals, errorsByType, fallbackPaths, reliabilitySeries } from "@/server/metrics/reliability";
import { costUsersInput, latencyInput, metricQueryInput } from "@/server/metrics/schema";
import { stageBreakdown } from "@/server/metrics/stages";
import { dashboardProcedure, router } from "../trpc";

/** Rollup-backed families read whole minutes: their buckets are a minute or more. */
const rollupRangeOf = (input: Parameters<typeof resolveRange>[0]) => rollupRange(resolveRange(input));

export const metricsRouter = router({
  /** Headline numbers and the request/p95 series for the Overview page. */
  overview: dashboardProcedure.input(rangeInput).query(async ({ ctx, input }) => {
    const now = Date.now();
    const range = resolveRange(input, now);
    const short = range.toMs - range.fromMs <= RAW_MAX_RANGE_MS;
    const [totals, latency] = await Promise.all([
      short ? overviewTotals(ctx.db, ctx.projectId, range) : overviewTotalsFromRollups(ctx.db, ctx.projectId, range),
      latencySeries(ctx.db, ctx.projectId, latencyInput.parse({ ...input, filters: {} }), now),
    ]);
    const errorsByBucket = await errorSeries(ctx.db, ctx.projectId, latency.range);
    const series = (latency.series[0]?.points ?? []).map((p) => ({
      t: p.t,
      requests: p.count,
      errors: errorsByBucket.get(p.t) ?? 0,
      p95Ms: p.p95,
    }));
    return { range: latency.range, totals, series };
  }),

  /** The series (per model, provider, task type, feature) whose p95 or error rate moved most against the period before. */
  movers: dashboardProcedure.input(rangeInput).query(({ ctx, input }) => worstMovers(ctx.db, ctx.projectId, rollupRangeOf(input))),

  /** Percentiles over time (p50/p90/p95/p99/max) by an optional group-by; rollups past 1 h, exact below. */
  latency: dashboardProcedure.input(latencyInput).query(({ ctx, input }) => latencySeries(ctx.db, ctx.projectId, input)),

  /** Each stage's share of time and p50/p95 per task type; TTFT vs decode of generation. */
  stages: dashboardProcedure.input(metricQueryInput).query(({ ctx, input }) =>
    stageBreakdown(ctx.db, ctx.projectId, rollupRangeOf(input), input.filters),
  ),

  /** Requests/s and mean in-flight requests (Little's law) per bucket. */
  throughput: dashboardProcedure.input(metricQueryInput).query(async ({ ctx, input }) => {
    const r = rollupRangeOf(input);
    const series = await counterSeries(ctx.db, ctx.projectId, r, { filters: input.filters, groupBy: input.groupBy });
    return {
      range: r,
      series: series.map((s) => ({
        key: s.key,
        points: s.points.map((p) => ({ t: p.t, rps: p.count / r.bucketS, concurrency: p.durationSumMs / (r.bucketS * 1000) })),
      })),
    };
  }),

  /** Error, 429, timeout, 5xx, retry and fallback rates; errors by type; fallback paths; breaker intervals. */
  reliability: dashboardProcedure.input(metricQueryInput).query(async ({ ctx, input }) => {
    const r = rollupRangeOf(input);
    const [rates, byType, paths, circuit] = await Promise.all([
      reliabilitySeries(ctx.db, ctx.projectId, r, input.filters),
      errorsByType(ctx.db, ctx.projectId, r, input.filters),
      fallbackPaths(ctx.db, ctx.projectId, r),
      circuitOpenIntervals(ctx.db, ctx.projectId, r),
    ]);
    return { range: r, ...rates, errorsByType: byType, fallbackPaths: paths, circuitOpen: circuit };
  }),

  /** Exact and semantic hit rates over time; latency and cost a hit saved per task type. */
  cache: dashboardProcedure.input(metricQueryInput).query(async ({ ctx, input }) => {
    const r = rollupRangeOf(input);
    const [series, savings] = await Promise.all([
      cacheSeries(ctx.db, ctx.projectId, r, input.filters),
      cacheSavings(ctx.db, ctx.projectId, r, input.filters),
    ]);
    return { range: r, ...series, savings };
  }),

  /** Cost and tokens over time and per model and feature. */
  cost: dashboardProcedure.input(metricQueryInput).query(async ({ ctx, input }) => {
    const r = rollupRangeOf(input);
    const [series, byModel, byFeature] = await Promise.all([
      costSeries(ctx.db, ctx.projectId, r, input.filters, input.groupBy),
      costBreakdown(ctx.db, ctx.projectId, r, "model", input.filters),
      costBreakdown(ctx.db, ctx.projectId, r, "feature", input.filters),
    ]);
    return { range: r, series, byModel, byFeature };
  }),

  /** Cost per user: top N, or a search by user id. */
  costUsers: dashboardProcedure.input(costUsersInput).query(({ ctx, input }) =>
    costPerUser(ctx.db, ctx.projectId, resolveRange(input), { limit: input.limit, search: input.search, filters: input.filters }),
  ),

  /** GPU and serving-engine gauges per host and GPU over time. */
  gpu: dashboardProcedure.input(metricQueryInput).query(async ({ ctx, input }) => {
    const r = resolveRange(input);
    return { range: r, series: await gpuSeries(ctx.db, ctx.projectId, r) };
  }),

  /** p50/p95/p99 against offered load and against concurrency, with the queueing knee. */
  load: dashboardProcedure.input(metricQueryInput).query(({ ctx, input }) =>
    loadCurves(ctx.db, ctx.projectId, rollupRangeOf(input), input.filters),
  ),

  /** Signals that tell a model problem from a serving-stack problem, with their evidence. */
  diagnosis: dashboardProcedure.input(metricQueryInput).query(({ ctx, input }) =>
    diagnosis(ctx.db, ctx.projectId, rollupRangeOf(input), input.filters),
  ),
});
