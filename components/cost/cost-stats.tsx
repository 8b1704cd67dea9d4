"use client";
import { costTotals, prepareCostSeries } from "@/components/charts/prepare/cost";
import { formatCount, formatUsd, formatUsdPerUnit } from "@/components/charts/prepare/format";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { Skeleton } from "@/components/ui/skeleton";
import { StatCard } from "@/components/ui/stat-card";
import { useCost } from "./use-cost";

export function CostStats({ input }: { input: DashboardQuery }) {
  const query = useCost(input);
  if (query.isPending) return <Skeleton className="h-[74px]" />;
  if (!query.data) return null;
  const t = costTotals(prepareCostSeries(query.data));
  if (t.requests === 0) return null;
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 2xl:grid-cols-6">
      <StatCard label="Cost" value={formatUsd(t.costUsd)} />
      <StatCard label="Requests" value={formatCount(t.requests)} />
      <StatCard label="Cost / request" value={formatUsdPerUnit(t.costPerRequestUsd)} />
      <StatCard label="Input tokens" value={formatCount(t.inputTokens)} />
      <StatCard label="Output tokens" value={formatCount(t.outputTokens)} />
      <StatCard label="Per 1k output tokens" value={formatUsdPerUnit(t.costPer1kOutputTokensUsd)} hint="all cost over output tokens" />
    </div>
  );
}
