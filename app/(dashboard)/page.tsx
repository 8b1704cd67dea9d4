import { PageHeader } from "@/components/layout/page-header";
import { OverviewPanel } from "@/components/overview/overview-panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";
import { rangeFromSearchParams } from "@/server/metrics/parse-range";

export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const range = rangeFromSearchParams(await searchParams);
  await getQueryClient().prefetchQuery(trpc.metrics.overview.queryOptions({ range }));
  return (
    <HydrateClient>
      <PageHeader title="Overview" range={range} />
      <OverviewPanel range={range} />
    </HydrateClient>
  );
}
