import { z } from "zod";
import { STAGES } from "@/db/constants";
import { checkRange, rangeFields } from "./range";

const dim = z.string().min(1).max(256).optional();
const dimensionFilters = { environment: dim, model: dim, provider: dim, taskType: dim, feature: dim };

/** Filters of queries over raw rows (latency, traces, cost per user): the rollup dimensions and the user. */
export const metricFilters = z.object({ ...dimensionFilters, userId: dim }).default({});
export type MetricFilters = z.infer<typeof metricFilters>;

/** Rollup-backed families: users are not a rollup key, so a user filter is refused, not ignored. */
export const rollupFilters = z
  .strictObject(dimensionFilters, { error: "filters: rollup-backed metrics filter by environment, model, provider, taskType and feature (not userId)" })
  .default({});

export const GROUP_BYS = ["model", "provider", "taskType", "feature", "environment", "stage", "status"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const LATENCY_METRICS = ["duration", "ttft", "tpot"] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

export const latencyInput = z
  .object({
    ...rangeFields,
    filters: metricFilters,
    groupBy: z.enum(GROUP_BYS).optional(),
    metric: z.enum(LATENCY_METRICS).default("duration"),
    /** "request" for end-to-end latency, or one pipeline stage */
    stage: z.enum(["request", ...STAGES]).default("request"),
    /** force exact percentiles over raw rows */
    exact: z.boolean().default(false),
  })
  .superRefine(checkRange);
export type LatencyInput = z.infer<typeof latencyInput>;

/** Input of the metric families: a range, filters and an optional group-by. */
export const metricQueryInput = z
  .object({
    ...rangeFields,
    filters: rollupFilters,
    groupBy: z.enum(GROUP_BYS).optional(),
  })
  .superRefine(checkRange);
export type MetricQueryInput = z.infer<typeof metricQueryInput>;

export const costUsersInput = z
  .object({
    ...rangeFields,
    filters: metricFilters,
    search: z.string().max(256).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .superRefine(checkRange);
