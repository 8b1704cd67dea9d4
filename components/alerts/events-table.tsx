"use client";
import Link from "next/link";
import { DataTable, type Column } from "@/components/ui/data-table";
import type { RuleSpec } from "@/server/alerts/schema";
import { formatUtc } from "./alert-time";
import { formatLabelList, groupLabels } from "./label-lines";
import { RelativeTime } from "./relative-time";
import { formatRuleValue } from "./rule-summary";
import { StateBadge } from "./state-badge";
import type { AlertEventRow } from "./types";

/** State transitions, newest first, with the value that caused each. `specOf` formats values in their rule's unit. */
export function EventsTable({ events, showRule, specOf }: { events: AlertEventRow[]; showRule: boolean; specOf: (ruleId: string) => RuleSpec | null }) {
  const columns: Column<AlertEventRow>[] = [
    {
      header: "When",
      cell: (e) => (
        <div className="whitespace-nowrap text-xs">
          <RelativeTime at={e.at} />
          <div className="text-[11px] text-slate-400 dark:text-slate-500">{formatUtc(e.at).slice(5)}</div>
        </div>
      ),
    },
    ...(showRule
      ? [{ header: "Rule", cell: (e: AlertEventRow) => <Link href={`/alerts/${e.ruleId}`} className="font-medium hover:text-indigo-600 hover:underline dark:hover:text-indigo-400">{e.ruleName}</Link> }]
      : []),
    {
      header: "Change",
      cell: (e) => (
        <span className="inline-flex items-center gap-1.5" data-testid="event-change">
          <StateBadge state={e.fromState} />
          <span aria-label="to" className="text-slate-400">→</span>
          <StateBadge state={e.toState} />
        </span>
      ),
    },
    { header: "Alert", cell: (e) => <span className="font-mono text-xs text-slate-600 dark:text-slate-300">{formatLabelList(groupLabels(e.labels)) || e.instanceKey || "all requests"}</span>, className: "max-w-96 truncate" },
    {
      header: "Value",
      align: "right",
      cell: (e) => {
        const spec = specOf(e.ruleId);
        return (
          <span className="whitespace-nowrap">
            {formatRuleValue(spec, e.value)}
            {e.threshold !== null && Number.isFinite(e.threshold) && <span className="text-xs text-slate-400"> / {formatRuleValue(spec, e.threshold)}</span>}
          </span>
        );
      },
    },
    { header: "Note", cell: (e) => <span className="text-xs text-slate-500 dark:text-slate-400">{e.message ?? ""}</span> },
  ];
  return <DataTable label="State changes" columns={columns} rows={events} rowKey={(e) => String(e.id)} />;
}
