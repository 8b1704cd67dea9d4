"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import { HistoryPanels } from "./history-panels";
import { InstancesTable } from "./instances-table";
import { RuleActions } from "./rule-actions";
import { RuleAnnotations } from "./rule-annotations";
import { RulePreviewPanel } from "./rule-preview-panel";
import { RelativeTime } from "./relative-time";
import { ruleStateOf } from "./rule-state";
import { RuleStats } from "./rule-stats";
import { describeCondition, describeScope, specOf } from "./rule-summary";
import { SilenceForm } from "./silence-form";
import { StateBadge } from "./state-badge";

/** One rule: its state (polled), alerts, the metric with its threshold, and what happened. */
export function RuleDetail({ ruleId }: { ruleId: string }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.alerts.rules.get.queryOptions({ id: ruleId }), refetchInterval: 5_000 });
  const [silencing, setSilencing] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => setNow(Date.now()), [query.dataUpdatedAt]);
  if (query.isPending) return <Skeleton className="h-96" />;
  if (query.isError) return <ErrorNotice what="the rule" message={query.error.message} />;
  const { rule, instances } = query.data;
  const spec = specOf(rule.spec);
  const { state, since } = ruleStateOf(rule, instances);
  const worst = instances.find((i) => i.state === state) ?? instances[0];
  const scope = spec ? describeScope(spec) : "";
  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-xl font-semibold tracking-tight">{rule.name}</h1>
            <StateBadge state={state} testId="rule-state" />
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600 dark:bg-slate-800 dark:text-slate-300">{rule.severity}</span>
            {since ? <span className="text-xs text-slate-500 dark:text-slate-400"><RelativeTime at={since} prefix="since " /></span> : null}
          </div>
          <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
            {spec ? describeCondition(spec) : "a rule this version cannot show"}
            {scope && ` · ${scope}`}
          </p>
        </div>
        <RuleActions ruleId={rule.id} enabled={rule.enabled} onSilence={() => setSilencing(true)} />
      </header>
      {silencing && (
        <Panel title="Silence this rule" subtitle="Notifications stop for the duration; states and history keep being recorded">
          <SilenceForm ruleId={rule.id} onDone={() => setSilencing(false)} />
        </Panel>
      )}
      {rule.lastError && <ErrorNotice what="the last evaluation" message={rule.lastError} />}
      <RuleStats rule={rule} spec={spec} state={state} value={worst?.lastValue ?? null} now={now} />
      <div className="grid gap-4 2xl:grid-cols-2">
        <RulePreviewPanel spec={spec} refetchMs={30_000} />
        <Panel title="Alerts" subtitle={spec?.kind === "threshold" && spec.groupBy ? `one per ${spec.groupBy}` : "one for the whole rule"} testId="panel-instances">
          {instances.length ? <InstancesTable instances={instances} spec={spec} /> : <p className="text-sm text-slate-500 dark:text-slate-400">Not evaluated yet: the evaluator runs every few seconds.</p>}
          <RuleAnnotations rule={rule} />
        </Panel>
      </div>
      <HistoryPanels ruleId={rule.id} />
    </div>
  );
}
