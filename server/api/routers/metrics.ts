import "server-only";
import { overviewSeries, overviewTotals } from "@/server/metrics/overview";
import { rangeInput, resolveRange } from "@/server/metrics/range";
import { dashboardProcedure, router } from "../trpc";

export const metricsRouter = router({
  overview: dashboardProcedure.input(rangeInput).query(async ({ ctx, input }) => {
    const range = resolveRange(input, Date.now(), 240);
    const [totals, series] = await Promise.all([
      overviewTotals(ctx.db, ctx.projectId, range),
      overviewSeries(ctx.db, ctx.projectId, range),
    ]);
    return { range, totals, series };
  }),
});
