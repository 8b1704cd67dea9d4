import "server-only";
import { ingestRouter } from "./routers/ingest";
import { metricsRouter } from "./routers/metrics";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  ingest: ingestRouter,
  metrics: metricsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
