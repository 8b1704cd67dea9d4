import "server-only";
import { accessRouter } from "./routers/access";
import { alertsRouter } from "./routers/alerts";
import { engineRouter } from "./routers/engine";
import { ingestRouter } from "./routers/ingest";
import { metricsRouter } from "./routers/metrics";
import { settingsRouter } from "./routers/settings";
import { tracesRouter } from "./routers/traces";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  access: accessRouter,
  alerts: alertsRouter,
  engine: engineRouter,
  ingest: ingestRouter,
  metrics: metricsRouter,
  settings: settingsRouter,
  traces: tracesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
