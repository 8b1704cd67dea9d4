"use client";
import { useQuery } from "@tanstack/react-query";
import type { DashboardFilters } from "@/components/filters/dashboard-params";
import { useTRPC } from "@/components/trpc/client";
import { thresholdLines, type ThresholdLine } from "./prepare/thresholds";

/** Alert thresholds for a chart's metrics in the current view (none while loading or on error). */
export function useThresholdLines(metrics: readonly string[], filters: DashboardFilters, scale = 1): ThresholdLine[] {
  const trpc = useTRPC();
  const rules = useQuery({ ...trpc.alerts.thresholds.queryOptions(), refetchInterval: 30_000, staleTime: 10_000 });
  return rules.data ? thresholdLines(rules.data, metrics, filters, scale) : [];
}
