import { AlertsHeader } from "@/components/alerts/alerts-header";
import { isDisplayState } from "@/components/alerts/rule-state";
import { RulesPanel } from "@/components/alerts/rules-panel";
import type { SearchParams } from "@/components/filters/dashboard-params";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = (await searchParams).state;
  const state = typeof raw === "string" && isDisplayState(raw) ? raw : undefined;
  await getQueryClient().prefetchQuery(trpc.alerts.rules.list.queryOptions());
  return (
    <HydrateClient>
      <AlertsHeader />
      <RulesPanel state={state} />
    </HydrateClient>
  );
}
