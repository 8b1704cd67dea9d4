import { ALERT_METRICS, formatDurationS, formatMetricValue, ruleSpec, type AlertMetric, type RuleSpec } from "@/server/alerts/schema";

/** The metric select's groups, in the order people look for them; a metric added later lands in "Other". */
const GROUPS: Array<[string, (m: AlertMetric) => boolean]> = [
  ["Latency", (m) => m.startsWith("latency_")],
  ["Time to first token", (m) => m.startsWith("ttft_")],
  ["Time per output token", (m) => m.startsWith("tpot_")],
  ["Rates", (m) => ALERT_METRICS[m].unit === "%" && ALERT_METRICS[m].family === "counter"],
  ["Throughput", (m) => m === "requests_per_s"],
  ["Cost", (m) => m === "cost_per_hour"],
  ["GPU and serving engine", (m) => ALERT_METRICS[m].family === "gpu"],
];

export function metricGroups(): Array<{ label: string; metrics: AlertMetric[] }> {
  const all = Object.keys(ALERT_METRICS) as AlertMetric[];
  const groups = GROUPS.map(([label, test]) => ({ label, metrics: all.filter(test) }));
  const placed = new Set(groups.flatMap((g) => g.metrics));
  const other = all.filter((m) => !placed.has(m));
  return other.length ? [...groups, { label: "Other", metrics: other }] : groups;
}

/** The stored spec, typed; null for one this client does not understand. */
export function specOf(stored: unknown): RuleSpec | null {
  const parsed = ruleSpec.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** A rule's value in its unit: "2.41 s", "5.2 %"; an SLO's value is its highest burn rate. */
export function formatRuleValue(spec: RuleSpec | null, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "—";
  if (!spec) return String(Math.round(v * 100) / 100);
  if (spec.kind === "slo") return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10}× burn`;
  return formatMetricValue(spec.metric, v);
}

/** "> 2 s", or the SLO's objective "99 % under 2 s" */
export function formatThreshold(spec: RuleSpec): string {
  if (spec.kind === "threshold") return `${spec.comparator} ${formatMetricValue(spec.metric, spec.threshold)}`;
  const o = spec.objective;
  const what = o.type === "success" ? "succeed" : `${o.metric === "ttft" ? "TTFT" : "latency"} under ${formatMetricValue("latency_p50", o.thresholdMs)}`;
  return `${spec.targetPct} % ${what}`;
}

/** One line for a table: "Latency p95 of generation > 2 s over 5m, for 5m" / "SLO: 99 % latency under 2 s" */
export function describeCondition(spec: RuleSpec): string {
  if (spec.kind === "slo") return `SLO: ${formatThreshold(spec)} (30 days, burn-rate alerts)`;
  const stage = spec.stage !== "request" ? ` of ${spec.stage}` : "";
  const forText = spec.forS ? `, for ${formatDurationS(spec.forS)}` : "";
  return `${ALERT_METRICS[spec.metric].label}${stage} ${formatThreshold(spec)} over ${formatDurationS(spec.windowS)}${forText}`;
}

/** "model=gpt-4o · per provider"; "" when the rule watches everything as one. */
export function describeScope(spec: RuleSpec): string {
  const parts = Object.entries(spec.filters)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`);
  if (spec.kind === "threshold" && spec.groupBy) parts.push(`per ${spec.groupBy}`);
  return parts.join(" · ");
}
