import "server-only";
import { errorSeries } from "@/server/metrics/errors";
import { latencySeries, RAW_MAX_RANGE_MS } from "@/server/metrics/latency";
import { overviewTotals, overviewTotalsFromRollups } from "@/server/metrics/overview";
import { rangeInput, resolveRange } from "@/server/metrics/range";
import { latencyInput } from "@/server/metrics/schema";
import { dashboardProcedure, router } from "../trpc";

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

  /** Percentiles over time (p50/p90/p95/p99/max) by an optional group-by; rollups past 1 h, exact below. */
  latency: dashboardProcedure.input(latencyInput).query(({ ctx, input }) => latencySeries(ctx.db, ctx.projectId, input)),
});
