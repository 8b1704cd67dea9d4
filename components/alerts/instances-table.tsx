"use client";
import { DataTable, type Column } from "@/components/ui/data-table";
import type { RuleSpec } from "@/server/alerts/schema";
import { formatLabelList, groupLabels } from "./label-lines";
import { RelativeTime } from "./relative-time";
import { formatRuleValue } from "./rule-summary";
import { StateBadge } from "./state-badge";
import type { AlertInstanceRow } from "./types";

const RANK: Record<string, number> = { firing: 0, pending: 1, error: 2, nodata: 3, inactive: 4 };

/** One row per alert of the rule (per group of a grouped rule), worst first. */
export function InstancesTable({ instances, spec }: { instances: AlertInstanceRow[]; spec: RuleSpec | null }) {
  const rows = [...instances].sort((a, b) => (RANK[a.state] ?? 9) - (RANK[b.state] ?? 9) || a.instanceKey.localeCompare(b.instanceKey));
  const columns: Column<AlertInstanceRow>[] = [
    { header: "Alert", cell: (i) => <span className="font-mono text-xs">{formatLabelList(groupLabels(i.labels)) || i.instanceKey || "all requests"}</span> },
    { header: "State", cell: (i) => <StateBadge state={i.state} /> },
    { header: "Value", align: "right", cell: (i) => formatRuleValue(spec, i.lastValue) },
    { header: "Requests", align: "right", cell: (i) => (i.lastCount === null ? "—" : i.lastCount.toLocaleString("en-US")) },
    {
      header: "Since",
      cell: (i) => (
        <span className="text-xs">
          {i.state === "firing" ? <RelativeTime at={i.firingSince} prefix="firing " /> : i.state === "pending" ? <RelativeTime at={i.pendingSince} prefix="pending " /> : "—"}
        </span>
      ),
    },
    { header: "Evaluated", cell: (i) => <span className="text-xs text-slate-500 dark:text-slate-400"><RelativeTime at={i.lastEvalAt} /></span> },
  ];
  return <DataTable label="Alerts of this rule" columns={columns} rows={rows} rowKey={(i) => i.instanceKey || "-"} />;
}
