import "server-only";
import { TRPCError } from "@trpc/server";
import { getTrace } from "@/server/traces/get";
import { listTraces } from "@/server/traces/list";
import { traceGetInput, traceListInput } from "@/server/traces/schema";
import { dashboardProcedure, router } from "../trpc";

export const tracesRouter = router({
  list: dashboardProcedure.input(traceListInput).query(({ ctx, input }) => listTraces(ctx.db, ctx.projectId, input)),
  get: dashboardProcedure.input(traceGetInput).query(async ({ ctx, input }) => {
    const found = await getTrace(ctx.db, ctx.projectId, input.traceId);
    if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `no trace ${input.traceId} in this project` });
    return found;
  }),
});
