import { CacheStats } from "@/components/cache/cache-stats";
import { HitRatePanel } from "@/components/cache/hit-rate-panel";
import { SavingsPanel } from "@/components/cache/savings-panel";
import { dashboardQuery, parseDashboardParams, type SearchParams } from "@/components/filters/dashboard-params";
import { PageHeader } from "@/components/layout/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function CachePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const parsed = parseDashboardParams(await searchParams);
  const { range, filters } = parsed;
  const input = dashboardQuery(parsed);
  await getQueryClient().prefetchQuery(trpc.metrics.cache.queryOptions(input));
  return (
    <HydrateClient>
      <PageHeader title="Cache" description="How often the exact and semantic caches answer, and what a hit saves" range={range} window={parsed.window} filters={filters} />
      <div className="flex flex-col gap-4">
        <CacheStats input={input} />
        <HitRatePanel input={input} />
        <SavingsPanel input={input} />
      </div>
    </HydrateClient>
  );
}
