import { z } from "zod";
import { STAGES } from "@/db/constants";
import { RANGE_PRESETS, type RangePreset } from "./range";

const dim = z.string().min(1).max(256).optional();

/** Filters every metric query accepts. */
export const metricFilters = z
  .object({
    environment: dim,
    model: dim,
    provider: dim,
    taskType: dim,
    feature: dim,
    userId: dim,
  })
  .default({});
export type MetricFilters = z.infer<typeof metricFilters>;

export const GROUP_BYS = ["model", "provider", "taskType", "feature", "environment", "stage", "status"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const LATENCY_METRICS = ["duration", "ttft", "tpot"] as const;
export type LatencyMetric = (typeof LATENCY_METRICS)[number];

export const latencyInput = z
  .object({
    range: z.enum(Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]]).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    filters: metricFilters,
    groupBy: z.enum(GROUP_BYS).optional(),
    metric: z.enum(LATENCY_METRICS).default("duration"),
    /** "request" for end-to-end latency, or one pipeline stage */
    stage: z.enum(["request", ...STAGES]).default("request"),
    /** force exact percentiles over raw rows */
    exact: z.boolean().default(false),
  })
  .refine((r) => r.range || (r.from !== undefined && r.to !== undefined && r.from < r.to), {
    message: "give a preset range, or from < to (epoch ms)",
  });
export type LatencyInput = z.infer<typeof latencyInput>;

/** Input of the metric families: a range, filters and an optional group-by. */
export const metricQueryInput = z
  .object({
    range: z.enum(Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]]).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    filters: metricFilters,
    groupBy: z.enum(GROUP_BYS).optional(),
  })
  .refine((r) => r.range || (r.from !== undefined && r.to !== undefined && r.from < r.to), {
    message: "give a preset range, or from < to (epoch ms)",
  });
export type MetricQueryInput = z.infer<typeof metricQueryInput>;

export const costUsersInput = z
  .object({
    range: z.enum(Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]]).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    filters: metricFilters,
    search: z.string().max(256).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .refine((r) => r.range || (r.from !== undefined && r.to !== undefined && r.from < r.to), {
    message: "give a preset range, or from < to (epoch ms)",
  });
