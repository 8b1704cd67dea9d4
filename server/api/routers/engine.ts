import "server-only";
import { TRPCError } from "@trpc/server";
import { createTargetInput, setTargetEnabledInput, targetIdInput } from "@/server/engine/schema";
import { createTarget, deleteTarget, listTargets, setTargetEnabled } from "@/server/engine/targets";
import { dashboardProcedure, memberProcedure, router } from "../trpc";

const notFound = () => new TRPCError({ code: "NOT_FOUND", message: "no such scrape target in this project" });

/** Prometheus scrape targets (DCGM, vLLM, TGI, Triton) polled by the background scrape job. */
export const engineRouter = router({
  targets: router({
    list: dashboardProcedure.query(({ ctx }) => listTargets(ctx.db, ctx.projectId)),
    create: memberProcedure.input(createTargetInput).mutation(({ ctx, input }) => createTarget(ctx.db, ctx.projectId, input)),
    setEnabled: memberProcedure.input(setTargetEnabledInput).mutation(async ({ ctx, input }) => {
      if (!(await setTargetEnabled(ctx.db, ctx.projectId, input))) throw notFound();
      return { ok: true };
    }),
    remove: memberProcedure.input(targetIdInput).mutation(async ({ ctx, input }) => {
      if (!(await deleteTarget(ctx.db, ctx.projectId, input.id))) throw notFound();
      return { ok: true };
    }),
  }),
});
