"use client";
import { StatCard } from "@/components/ui/stat-card";
import { formatDurationS, formatMetricValue, type RuleSpec } from "@/server/alerts/schema";
import { formatAgo } from "./alert-time";
import { formatRuleValue, formatThreshold } from "./rule-summary";
import type { AlertRuleRow, TimeValue } from "./types";

/** Value now, the condition, and how the evaluation went. */
export function RuleStats({ rule, spec, state, value, now }: { rule: AlertRuleRow; spec: RuleSpec | null; state: string; value: number | null; now: number }) {
  const lastEval = rule.lastEvalAt as TimeValue | null;
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <StatCard label="Value now" value={formatRuleValue(spec, value)} tone={state === "firing" ? "bad" : state === "inactive" ? "good" : "default"} hint={spec?.kind === "slo" ? "highest burn rate" : "worst alert of the rule"} />
      {spec?.kind === "slo" ? (
        <>
          <StatCard label="Objective" value={`${spec.targetPct} %`} hint={`${spec.objective.type === "success" ? "of requests succeed" : `under ${formatMetricValue("latency_p50", spec.objective.thresholdMs)}`} · 30 days`} />
          <StatCard label="Alerts" value="page + ticket" hint="page above 14.4× or 6×, ticket above 1×" />
        </>
      ) : (
        <>
          <StatCard label="Threshold" value={spec ? formatThreshold(spec) : "—"} hint={spec ? `window ${formatDurationS(spec.windowS)}` : undefined} />
          <StatCard
            label="Timing"
            value={spec ? `for ${formatDurationS(spec.forS)}` : "—"}
            hint={spec ? `keep firing ${formatDurationS(spec.keepFiringForS)} · min ${spec.minRequests} requests` : undefined}
          />
        </>
      )}
      <StatCard
        label="Last evaluated"
        value={lastEval ? formatAgo(lastEval, now) : "not yet"}
        hint={rule.lastEvalMs !== null ? `took ${Math.round(rule.lastEvalMs)} ms · version ${rule.version}` : `version ${rule.version}`}
        tone={rule.lastError ? "bad" : "default"}
      />
    </div>
  );
}
