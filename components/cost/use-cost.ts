"use client";
import { useQuery } from "@tanstack/react-query";
import { REFRESH_MS, type DashboardQuery } from "@/components/filters/dashboard-params";
import { useTRPC } from "@/components/trpc/client";

/** The cost query the panels of the page share. */
export function useCost(input: DashboardQuery) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.metrics.cost.queryOptions(input), refetchInterval: REFRESH_MS });
}
