"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/trpc/client";
import { NoData } from "@/components/ui/no-data";
import { QueryPanel } from "@/components/ui/query-panel";
import { EventsTable } from "./events-table";
import { NotificationsTable } from "./notifications-table";
import { specOf } from "./rule-summary";

export const HISTORY_LIMIT = 200;

/** State changes and notifications, newest first, of one rule or of all; polled so a firing shows up live. */
export function HistoryPanels({ ruleId }: { ruleId?: string }) {
  const trpc = useTRPC();
  const history = useQuery({ ...trpc.alerts.history.queryOptions({ ruleId, limit: HISTORY_LIMIT }), refetchInterval: 10_000 });
  const rules = useQuery({ ...trpc.alerts.rules.list.queryOptions(), refetchInterval: 10_000 });
  const specs = useMemo(() => new Map((rules.data ?? []).map((r) => [r.rule.id, specOf(r.rule.spec)])), [rules.data]);
  const showRule = !ruleId;
  return (
    <div className="flex flex-col gap-4">
      <QueryPanel
        title="State changes"
        subtitle="Every transition with the value that caused it"
        query={history}
        isEmpty={(h) => h.events.length === 0}
        empty={<NoData title="No state changes yet">A rule records one when it starts pending, fires, resolves, or has no data.</NoData>}
        testId="panel-events"
        skeletonClassName="h-40"
      >
        {(h) => <EventsTable events={h.events} showRule={showRule} specOf={(id) => specs.get(id) ?? null} />}
      </QueryPanel>
      <QueryPanel
        title="Notifications"
        subtitle="Firing, resolved and repeat messages per channel, with delivery attempts"
        query={history}
        isEmpty={(h) => h.notifications.length === 0}
        empty={<NoData title="Nothing sent yet">A rule with channels sends when it fires and when it resolves; silenced ones are kept here too.</NoData>}
        testId="panel-notifications"
        skeletonClassName="h-40"
      >
        {(h) => <NotificationsTable notifications={h.notifications} showRule={showRule} />}
      </QueryPanel>
    </div>
  );
}
