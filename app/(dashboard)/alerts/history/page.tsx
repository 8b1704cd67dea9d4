import { Suspense } from "react";
import { z } from "zod";
import { AlertsHeader } from "@/components/alerts/alerts-header";
import { HISTORY_LIMIT, HistoryPanels } from "@/components/alerts/history-panels";
import { HistoryRuleFilter } from "@/components/alerts/history-rule-filter";
import type { SearchParams } from "@/components/filters/dashboard-params";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function AlertHistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = (await searchParams).rule;
  const ruleId = typeof raw === "string" && z.uuid().safeParse(raw).success ? raw : undefined;
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.alerts.history.queryOptions({ ruleId, limit: HISTORY_LIMIT })),
    queryClient.prefetchQuery(trpc.alerts.rules.list.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <AlertsHeader />
      <div className="mb-3 flex items-center justify-between gap-3">
        <p className="text-sm text-slate-500 dark:text-slate-400">The last {HISTORY_LIMIT} state changes and notifications, newest first.</p>
        <Suspense>
          <HistoryRuleFilter value={ruleId} />
        </Suspense>
      </div>
      <HistoryPanels ruleId={ruleId} />
    </HydrateClient>
  );
}
