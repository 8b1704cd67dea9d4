"use client";
import { useQuery } from "@tanstack/react-query";
import { REFRESH_MS, type DashboardQuery } from "@/components/filters/dashboard-params";
import { useTRPC } from "@/components/trpc/client";

/** The one reliability query every panel of the page reads (fetched once, shared through the cache). */
export function useReliability(input: DashboardQuery) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.metrics.reliability.queryOptions(input), refetchInterval: REFRESH_MS });
}
