"use client";
import { useQuery } from "@tanstack/react-query";
import { type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";

export function useCacheMetrics(input: DashboardQuery) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.metrics.cache.queryOptions(input), refetchInterval: useRefreshMs() });
}
