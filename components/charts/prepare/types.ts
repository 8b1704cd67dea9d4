import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** What each `metrics.*` query returns, as the client receives it. */
export type MetricsOutput = inferRouterOutputs<AppRouter>["metrics"];

export interface TimeRange {
  fromMs: number;
  toMs: number;
  bucketS: number;
}
