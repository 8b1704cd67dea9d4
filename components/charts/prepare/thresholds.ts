import type { DashboardFilters } from "@/components/filters/dashboard-params";

export interface ThresholdRule {
  id: string;
  name: string;
  state: string;
  metric: string;
  comparator: string;
  threshold: number;
  stage: string;
  filters: Record<string, string>;
}

export interface ThresholdLine {
  y: number;
  label: string;
  color: string;
}

const STATE_COLOR: Record<string, string> = { firing: "#e11d48", pending: "#f59e0b" };

/**
 * The alert thresholds to draw on a chart: rules on one of the chart's metrics (end-to-end), whose
 * filters all hold in the view (a rule for one model shows only when the view is that model).
 * `scale` converts the rule's unit to the chart's (rates: percent → fraction).
 */
export function thresholdLines(rules: ThresholdRule[], metrics: readonly string[], view: DashboardFilters, scale = 1): ThresholdLine[] {
  return rules
    .filter((r) => metrics.includes(r.metric) && r.stage === "request")
    .filter((r) => Object.entries(r.filters).every(([k, v]) => view[k as keyof DashboardFilters] === v))
    .map((r) => ({ y: r.threshold * scale, label: `${r.name}${r.state === "firing" ? " (firing)" : ""}`, color: STATE_COLOR[r.state] ?? "#94a3b8" }));
}

/** The traces behind one bucket of a chart, slowest first (or failed only): the click-through target. */
export function bucketTracesHref(t: number, bucketS: number, filters: DashboardFilters & { user?: string }, opts: { failed?: boolean } = {}): string {
  const q = new URLSearchParams({ from: String(t), to: String(t + bucketS * 1000), sort: "duration" });
  if (opts.failed) q.set("status", "error");
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  return `/traces?${q.toString()}`;
}
