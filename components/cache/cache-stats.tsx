"use client";
import { prepareCacheSavings } from "@/components/charts/prepare/cache";
import { formatCount, formatDuration, formatPercent, formatUsd } from "@/components/charts/prepare/format";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { Skeleton } from "@/components/ui/skeleton";
import { StatCard } from "@/components/ui/stat-card";
import { useCacheMetrics } from "./use-cache-metrics";

export function CacheStats({ input }: { input: DashboardQuery }) {
  const query = useCacheMetrics(input);
  if (query.isPending) return <Skeleton className="h-[74px]" />;
  if (!query.data || query.data.totals.lookups === 0) return null;
  const t = query.data.totals;
  const saved = prepareCacheSavings(query.data.savings);
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 2xl:grid-cols-6">
      <StatCard label="Lookups" value={formatCount(t.lookups)} />
      <StatCard label="Hit rate" value={formatPercent(t.hitRate, 1)} tone="good" />
      <StatCard label="Exact hits" value={formatPercent(t.exactRate, 1)} hint="of lookups" />
      <StatCard label="Semantic hits" value={formatPercent(t.semanticRate, 1)} hint="of lookups" />
      <StatCard label="Cost saved" value={formatUsd(saved.savedUsdTotal)} hint="hits vs misses of the same task type" />
      <StatCard label="Time saved" value={formatDuration(saved.savedMsTotal)} hint="summed over hits" />
    </div>
  );
}
