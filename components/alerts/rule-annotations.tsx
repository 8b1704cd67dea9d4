"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { formatLabelList } from "./label-lines";
import type { AlertRuleRow } from "./types";

/** Labels, annotations and channels of a rule: what its notifications carry and where they go. */
export function RuleAnnotations({ rule }: { rule: AlertRuleRow }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.alerts.channels.list.queryOptions());
  const names = rule.channelIds.map((id) => channels.data?.find((c) => c.id === id)?.name ?? "…");
  const rows: Array<[string, React.ReactNode]> = [
    ["Notifies", names.length ? names.join(", ") : <span className="text-slate-400">no channel: state changes are only recorded</span>],
    ["Labels", formatLabelList(rule.labels) || <span className="text-slate-400">none</span>],
    ["Summary", rule.annotations.summary ?? <span className="text-slate-400">none</span>],
  ];
  if (rule.annotations.description) rows.push(["Description", rule.annotations.description]);
  if (rule.annotations.runbookUrl) {
    rows.push([
      "Runbook",
      <a key="r" href={rule.annotations.runbookUrl} target="_blank" rel="noreferrer" className="text-indigo-600 hover:underline dark:text-indigo-400">
        {rule.annotations.runbookUrl}
      </a>,
    ]);
  }
  return (
    <dl className="mt-4 grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 border-t border-slate-100 pt-3 text-sm dark:border-slate-800">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-xs font-medium text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
