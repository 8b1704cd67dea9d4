import { CostBreakdownPanel } from "@/components/cost/cost-breakdown-panel";
import { CostOverTimePanel } from "@/components/cost/cost-over-time-panel";
import { CostStats } from "@/components/cost/cost-stats";
import { TopUsersPanel } from "@/components/cost/top-users-panel";
import { TOP_USERS_LIMIT, userSearchFromParams } from "@/components/cost/top-users-params";
import { dashboardQuery, parseDashboardParams, type SearchParams } from "@/components/filters/dashboard-params";
import { PageHeader } from "@/components/layout/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function CostPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const parsed = parseDashboardParams(params);
  const { range, filters } = parsed;
  const input = dashboardQuery(parsed);
  const user = userSearchFromParams(params);
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.metrics.cost.queryOptions(input)),
    qc.prefetchQuery(trpc.metrics.costUsers.queryOptions({ ...input, search: user || undefined, limit: TOP_USERS_LIMIT })),
  ]);
  return (
    <HydrateClient>
      <PageHeader title="Cost" description="What the traffic costs over time, and which models, features and users spend it" range={range} window={parsed.window} filters={filters} />
      <div className="flex flex-col gap-4">
        <CostStats input={input} />
        <CostOverTimePanel input={input} />
        <div className="grid gap-4 xl:grid-cols-2">
          <CostBreakdownPanel input={input} by="model" />
          <CostBreakdownPanel input={input} by="feature" />
        </div>
        <TopUsersPanel input={input} initialSearch={user} />
      </div>
    </HydrateClient>
  );
}
