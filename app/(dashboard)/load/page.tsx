import { dashboardQuery, parseDashboardParams, type SearchParams } from "@/components/filters/dashboard-params";
import { PageHeader } from "@/components/layout/page-header";
import { LoadPanel } from "@/components/load/load-panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function LoadPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const parsed = parseDashboardParams(await searchParams);
  const { range, filters } = parsed;
  const input = dashboardQuery(parsed);
  await getQueryClient().prefetchQuery(trpc.metrics.load.queryOptions(input));
  return (
    <HydrateClient>
      <PageHeader title="Load" description="How the tail grows with traffic: where queueing starts" range={range} window={parsed.window} filters={filters} />
      <div className="grid gap-4 2xl:grid-cols-2">
        <LoadPanel input={input} axis="rps" />
        <LoadPanel input={input} axis="concurrency" />
      </div>
    </HydrateClient>
  );
}
