"use client";
import { useQuery } from "@tanstack/react-query";
import { REFRESH_MS, type DashboardQuery } from "@/components/filters/dashboard-params";
import { useTRPC } from "@/components/trpc/client";

export function useCacheMetrics(input: DashboardQuery) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.metrics.cache.queryOptions(input), refetchInterval: REFRESH_MS });
}
