import { parseDashboardParams, rangeOf, type SearchParams } from "@/components/filters/dashboard-params";
import { PageHeader } from "@/components/layout/page-header";
import { OverviewPanel } from "@/components/overview/overview-panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const parsed = parseDashboardParams(await searchParams);
  // the overview is the whole project: a range (preset or custom window), no filters
  const input = rangeOf(parsed.window ?? { range: parsed.range });
  await getQueryClient().prefetchQuery(trpc.metrics.overview.queryOptions(input));
  return (
    <HydrateClient>
      <PageHeader title="Overview" range={parsed.range} window={parsed.window} />
      <OverviewPanel input={input} />
    </HydrateClient>
  );
}
