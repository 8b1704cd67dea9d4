"use client";
import { formatCount, formatPercent } from "@/components/charts/prepare/format";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { Skeleton } from "@/components/ui/skeleton";
import { StatCard } from "@/components/ui/stat-card";
import { useReliability } from "./use-reliability";

export function ReliabilityStats({ input }: { input: DashboardQuery }) {
  const query = useReliability(input);
  if (query.isPending) return <Skeleton className="h-[74px]" />;
  if (!query.data || query.data.totals.requests === 0) return null;
  const t = query.data.totals;
  const bad = (v: number | null, limit: number) => ((v ?? 0) > limit ? "bad" : "default");
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4 2xl:grid-cols-8">
      <StatCard label="Requests" value={formatCount(t.requests)} />
      <StatCard label="Error rate" value={formatPercent(t.errorRate)} tone={bad(t.errorRate, 0.05)} />
      <StatCard label="429 rate" value={formatPercent(t.rate429)} hint="of attempts" />
      <StatCard label="Timeout rate" value={formatPercent(t.timeoutRate)} hint="of attempts" />
      <StatCard label="5xx rate" value={formatPercent(t.rate5xx)} hint="of attempts" tone={bad(t.rate5xx, 0.02)} />
      <StatCard label="Retry rate" value={formatPercent(t.retryRate)} hint="of attempts" />
      <StatCard label="Fallback rate" value={formatPercent(t.fallbackRate)} hint="of requests" />
      <StatCard label="Attempts / request" value={t.attemptsPerRequest == null ? "—" : t.attemptsPerRequest.toFixed(2)} hint="retry amplification" />
    </div>
  );
}
