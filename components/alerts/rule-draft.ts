import type { STAGES } from "@/db/constants";
import {
  ALERT_GROUP_BYS,
  formatDurationS,
  ruleSpec,
  type AlertMetric,
  type Comparator,
  type ErrorHandling,
  type NoDataHandling,
  type SEVERITIES,
} from "@/server/alerts/schema";
import { formatLabelLines } from "./label-lines";

export const FILTER_FIELDS = ["environment", "model", "provider", "taskType", "feature"] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** The rule form as typed: text fields stay text until submit, so a half-typed "1h3" is kept as is. */
export interface RuleDraft {
  name: string;
  kind: "threshold" | "slo";
  severity: (typeof SEVERITIES)[number];
  enabled: boolean;
  metric: AlertMetric;
  stage: "request" | (typeof STAGES)[number];
  filters: Record<FilterField, string>;
  groupBy: "" | (typeof ALERT_GROUP_BYS)[number];
  comparator: Comparator;
  threshold: string;
  window: string;
  forDuration: string;
  keepFiringFor: string;
  minRequests: string;
  noData: NoDataHandling;
  onError: ErrorHandling;
  sloObjective: "latency" | "success";
  sloMetric: "duration" | "ttft";
  sloThresholdMs: string;
  targetPct: string;
  labels: string;
  summary: string;
  description: string;
  runbookUrl: string;
  channelIds: string[];
}

const NO_FILTERS: Record<FilterField, string> = { environment: "", model: "", provider: "", taskType: "", feature: "" };

export const DEFAULT_SUMMARY = "{{ $labels.alertname }}: {{ $value }} (threshold {{ $threshold }})";

export function newRuleDraft(): RuleDraft {
  return {
    name: "",
    kind: "threshold",
    severity: "warning",
    enabled: true,
    metric: "latency_p95",
    stage: "request",
    filters: { ...NO_FILTERS },
    groupBy: "",
    comparator: ">",
    threshold: "2000",
    window: "5m",
    forDuration: "5m",
    keepFiringFor: "0s",
    minRequests: "20",
    noData: "nodata",
    onError: "error",
    sloObjective: "latency",
    sloMetric: "duration",
    sloThresholdMs: "2000",
    targetPct: "99",
    labels: "",
    summary: DEFAULT_SUMMARY,
    description: "",
    runbookUrl: "",
    channelIds: [],
  };
}

/** The form for an existing rule; a stored spec this client does not understand keeps the defaults. */
export function draftFromRule(rule: {
  name: string;
  enabled: boolean;
  severity: string;
  spec: unknown;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  channelIds: string[];
}): RuleDraft {
  const base = newRuleDraft();
  const draft: RuleDraft = {
    ...base,
    name: rule.name,
    enabled: rule.enabled,
    severity: (["critical", "warning", "info"] as const).find((s) => s === rule.severity) ?? base.severity,
    labels: formatLabelLines(rule.labels),
    summary: rule.annotations.summary ?? "",
    description: rule.annotations.description ?? "",
    runbookUrl: rule.annotations.runbookUrl ?? "",
    channelIds: [...rule.channelIds],
  };
  const parsed = ruleSpec.safeParse(rule.spec);
  if (!parsed.success) return draft;
  const spec = parsed.data;
  const filters = { ...NO_FILTERS, ...spec.filters };
  if (spec.kind === "slo") {
    return {
      ...draft,
      kind: "slo",
      filters,
      minRequests: String(spec.minRequests),
      sloObjective: spec.objective.type,
      sloMetric: spec.objective.type === "latency" ? spec.objective.metric : base.sloMetric,
      sloThresholdMs: spec.objective.type === "latency" ? String(spec.objective.thresholdMs) : base.sloThresholdMs,
      targetPct: String(spec.targetPct),
    };
  }
  return {
    ...draft,
    kind: "threshold",
    metric: spec.metric,
    stage: spec.stage,
    filters,
    groupBy: spec.groupBy ?? "",
    comparator: spec.comparator,
    threshold: String(spec.threshold),
    window: formatDurationS(spec.windowS),
    forDuration: formatDurationS(spec.forS),
    keepFiringFor: formatDurationS(spec.keepFiringForS),
    minRequests: String(spec.minRequests),
    noData: spec.noData,
    onError: spec.onError,
  };
}
