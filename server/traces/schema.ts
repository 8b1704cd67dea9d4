import { z } from "zod";
import { checkRange, rangeFields } from "@/server/metrics/range";
import { metricFilters } from "@/server/metrics/schema";

export const TRACE_SORTS = ["time", "duration", "ttft", "cost"] as const;
export type TraceSort = (typeof TRACE_SORTS)[number];

export const traceListInput = z
  .object({
    ...rangeFields,
    filters: metricFilters,
    status: z.enum(["ok", "error"]).optional(),
    /** a trace id (exact) or a user id (prefix) */
    search: z.string().trim().max(256).optional(),
    sort: z.enum(TRACE_SORTS).default("time"),
    /** opaque cursor from the previous page */
    cursor: z.string().max(512).nullish(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .superRefine(checkRange);
export type TraceListInput = z.infer<typeof traceListInput>;

export const traceGetInput = z.object({ traceId: z.string().min(1).max(256) });
