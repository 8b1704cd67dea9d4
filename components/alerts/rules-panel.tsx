"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { primaryButtonClass } from "@/components/settings/field-styles";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { NoData } from "@/components/ui/no-data";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { countStates, sortByUrgency, stateLook, type DisplayState } from "./rule-state";
import { RulesEmptyState } from "./rules-empty-state";
import { RulesTable } from "./rules-table";
import { StateFilter } from "./state-filter";

/** Every rule with its live state (polled), filtered by `?state=`. */
export function RulesPanel({ state }: { state: DisplayState | undefined }) {
  const trpc = useTRPC();
  const rules = useQuery({ ...trpc.alerts.rules.list.queryOptions(), refetchInterval: 10_000 });
  const newRule = (
    <Link href="/alerts/new" className={primaryButtonClass}>
      New rule
    </Link>
  );
  if (rules.isPending) return <Skeleton className="h-64" />;
  if (rules.isError) return <ErrorNotice what="alert rules" message={rules.error.message} />;
  if (rules.data.length === 0) return <RulesEmptyState />;
  const shown = sortByUrgency(rules.data.filter((r) => !state || r.state === state));
  return (
    <Panel
      title="Rules"
      subtitle="Worst state first; states refresh every 10 s"
      actions={newRule}
      testId="panel-rules"
    >
      <div className="mb-3">
        <StateFilter counts={countStates(rules.data)} total={rules.data.length} value={state} />
      </div>
      {shown.length ? (
        <RulesTable rows={shown} />
      ) : (
        <NoData title={`No rule is ${stateLook(state ?? "").label.toLowerCase()} right now`}>
          <Link href="/alerts" className="text-indigo-600 hover:underline dark:text-indigo-400">Show all rules</Link>
        </NoData>
      )}
    </Panel>
  );
}
