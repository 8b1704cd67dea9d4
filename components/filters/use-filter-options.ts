"use client";
import { useQueries } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import type { RangePreset } from "@/server/metrics/range";
import type { FilterKey } from "./dashboard-params";

const keysOf = (rows: Array<{ key: string }> | undefined) =>
  [...new Set((rows ?? []).map((r) => r.key).filter((k) => k && k !== "(none)"))].sort();

/**
 * Values seen in the range for each filter dimension, from the cost rollups (cheap, and
 * unfiltered so a chosen filter never hides its siblings).
 */
export function useFilterOptions(range: RangePreset): Partial<Record<FilterKey, string[]>> {
  const trpc = useTRPC();
  const opts = { staleTime: 60_000, refetchInterval: 120_000 };
  const [byProvider, byTask, byEnv] = useQueries({
    queries: [
      { ...trpc.metrics.cost.queryOptions({ range, filters: {}, groupBy: "provider" }), ...opts },
      { ...trpc.metrics.cost.queryOptions({ range, filters: {}, groupBy: "taskType" }), ...opts },
      { ...trpc.metrics.cost.queryOptions({ range, filters: {}, groupBy: "environment" }), ...opts },
    ],
  });
  return {
    model: keysOf(byProvider.data?.byModel),
    feature: keysOf(byProvider.data?.byFeature),
    provider: keysOf(byProvider.data?.series),
    taskType: keysOf(byTask.data?.series),
    environment: keysOf(byEnv.data?.series),
  };
}
