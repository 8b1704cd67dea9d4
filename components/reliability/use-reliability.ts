"use client";
import { useQuery } from "@tanstack/react-query";
import { type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";

/** The one reliability query every panel of the page reads (fetched once, shared through the cache). */
export function useReliability(input: DashboardQuery) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.metrics.reliability.queryOptions(input), refetchInterval: useRefreshMs() });
}
