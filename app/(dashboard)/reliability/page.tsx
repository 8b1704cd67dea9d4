import { dashboardQuery, parseDashboardParams, type SearchParams } from "@/components/filters/dashboard-params";
import { PageHeader } from "@/components/layout/page-header";
import { AmplificationPanel } from "@/components/reliability/amplification-panel";
import { BreakerPanel } from "@/components/reliability/breaker-panel";
import { ErrorsByTypePanel } from "@/components/reliability/errors-by-type-panel";
import { FallbackPathsPanel } from "@/components/reliability/fallback-paths-panel";
import { RatesPanel } from "@/components/reliability/rates-panel";
import { ReliabilityStats } from "@/components/reliability/reliability-stats";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function ReliabilityPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const parsed = parseDashboardParams(await searchParams);
  const { range, filters } = parsed;
  const input = dashboardQuery(parsed);
  await getQueryClient().prefetchQuery(trpc.metrics.reliability.queryOptions(input));
  return (
    <HydrateClient>
      <PageHeader title="Reliability" description="What fails, how often requests are retried or fall back, and when breakers open" range={range} window={parsed.window} filters={filters} />
      <div className="flex flex-col gap-4">
        <ReliabilityStats input={input} />
        <div className="grid gap-4 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <RatesPanel input={input} />
          <AmplificationPanel input={input} />
        </div>
        <BreakerPanel input={input} />
        <div className="grid gap-4 lg:grid-cols-2">
          <ErrorsByTypePanel input={input} />
          <FallbackPathsPanel input={input} />
        </div>
      </div>
    </HydrateClient>
  );
}
