"use client";
import { useQuery } from "@tanstack/react-query";
import { type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";

/** The cost query the panels of the page share. */
export function useCost(input: DashboardQuery) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.metrics.cost.queryOptions(input), refetchInterval: useRefreshMs() });
}
