"use client";
import Link from "next/link";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EnabledToggle } from "./enabled-toggle";
import { RelativeTime } from "./relative-time";
import { describeCondition, describeScope, formatRuleValue, formatThreshold, specOf } from "./rule-summary";
import { RuleSparkline } from "./rule-sparkline";
import { StateBadge } from "./state-badge";
import type { RuleListRow } from "./types";

const SEVERITY_CLASS: Record<string, string> = {
  critical: "text-rose-700 dark:text-rose-300",
  warning: "text-amber-700 dark:text-amber-300",
  info: "text-sky-700 dark:text-sky-300",
};

const columns: Column<RuleListRow>[] = [
  { header: "State", cell: (r) => <StateBadge state={r.state} testId="rule-state" />, className: "w-28" },
  {
    header: "Rule",
    cell: (r) => {
      const spec = specOf(r.rule.spec);
      const scope = spec ? describeScope(spec) : "";
      return (
        <div className="min-w-56 py-0.5">
          <Link href={`/alerts/${r.rule.id}`} className="font-medium text-slate-900 hover:text-indigo-600 hover:underline dark:text-slate-100 dark:hover:text-indigo-400">
            {r.rule.name}
          </Link>
          <div className="text-xs text-slate-500 dark:text-slate-400">
            {spec ? describeCondition(spec) : "a rule this version cannot show"}
            {scope && <span className="text-slate-400 dark:text-slate-500"> · {scope}</span>}
          </div>
        </div>
      );
    },
  },
  { header: "Severity", cell: (r) => <span className={`text-xs font-medium ${SEVERITY_CLASS[r.rule.severity] ?? ""}`}>{r.rule.severity}</span> },
  {
    header: "Value",
    align: "right",
    cell: (r) => {
      const spec = specOf(r.rule.spec);
      return (
        <div className="whitespace-nowrap" data-testid="rule-value">
          <span className={r.state === "firing" ? "font-semibold text-rose-600 dark:text-rose-400" : ""}>{formatRuleValue(spec, r.value)}</span>
          {spec && <div className="text-[11px] text-slate-400 dark:text-slate-500">{spec.kind === "slo" ? `page at ${formatRuleValue(spec, 14.4)}` : formatThreshold(spec)}</div>}
        </div>
      );
    },
  },
  {
    header: "Last 6 h",
    cell: (r) => {
      const spec = specOf(r.rule.spec);
      return spec ? <RuleSparkline spec={spec} /> : null;
    },
  },
  { header: "Since", cell: (r) => <span className="text-xs text-slate-600 dark:text-slate-300">{r.since ? <RelativeTime at={r.since} /> : "—"}</span> },
  { header: "Enabled", align: "right", cell: (r) => <EnabledToggle ruleId={r.rule.id} ruleName={r.rule.name} enabled={r.rule.enabled} /> },
];

export function RulesTable({ rows }: { rows: RuleListRow[] }) {
  return <DataTable label="Alert rules" columns={columns} rows={rows} rowKey={(r) => r.rule.id} />;
}
