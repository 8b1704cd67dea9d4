import { parseDuration, ruleInput, ruleSpec, type RuleInput, type RuleSpec } from "@/server/alerts/schema";
import { parseLabelLines } from "./label-lines";
import { FILTER_FIELDS, type RuleDraft } from "./rule-draft";

/** The form fields an error can sit next to; "form" is everything else. */
export type RuleField =
  | "name" | "metric" | "stage" | "filters" | "groupBy" | "threshold" | "window" | "forDuration" | "keepFiringFor"
  | "minRequests" | "sloThresholdMs" | "targetPct" | "labels" | "summary" | "description" | "runbookUrl" | "channelIds" | "form";
export type FieldErrors = Partial<Record<RuleField, string>>;

export type ParsedRule = { ok: true; input: RuleInput } | { ok: false; errors: FieldErrors };

const SPEC_FIELDS: Record<string, RuleField> = {
  metric: "metric", stage: "stage", filters: "filters", groupBy: "groupBy", comparator: "threshold", threshold: "threshold",
  windowS: "window", forS: "forDuration", keepFiringForS: "keepFiringFor", minRequests: "minRequests", targetPct: "targetPct",
  objective: "sloThresholdMs",
};

/** Where an issue of `ruleInput` belongs in the form, from its path. */
export function fieldOfPath(path: ReadonlyArray<PropertyKey>): RuleField {
  const [head, next] = path.map(String);
  if (head === "spec") return SPEC_FIELDS[next ?? ""] ?? "form";
  if (head === "annotations") return (["summary", "description", "runbookUrl"] as const).find((f) => f === next) ?? "form";
  if (head === "name" || head === "labels" || head === "channelIds") return head;
  return "form";
}

/** The first issue of each field wins: one message per field reads better than a list. */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; issues?: ReadonlyArray<{ message: string }> }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldOfPath(issue.path);
    // a bad record key ("Invalid key in record") says why in its nested issue
    errors[field] ??= issue.issues?.[0]?.message ?? issue.message;
  }
  return errors;
}

/**
 * A tRPC input error carries the zod issues as JSON in its message: put them next to their
 * fields. Any other message (a channel of another project…) is shown for the whole form.
 */
export function serverFieldErrors(message: string): FieldErrors {
  try {
    const issues = JSON.parse(message) as unknown;
    if (Array.isArray(issues) && issues.every((i) => i && Array.isArray(i.path) && typeof i.message === "string")) {
      // rules.update wraps the rule as { id, rule }
      return fieldErrorsOf(issues.map((i) => ({ ...i, path: i.path[0] === "rule" ? i.path.slice(1) : i.path })));
    }
  } catch {
    // not JSON: a plain message
  }
  const known = /^(\w+): /.exec(message)?.[1];
  return known && known !== "form" && fieldOfPath([known]) !== "form" ? { [fieldOfPath([known])]: message } : { form: message };
}

const durationError = (what: string) => `${what}: a duration like 90s, 5m or 1h30m`;
const blankToUndefined = (v: string) => (v.trim() ? v.trim() : undefined);

function numberOrUndefined(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text.trim());
}

/** The spec object as typed (unvalidated), plus errors the text fields already show. */
function specCandidate(d: RuleDraft): { spec: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const filters = Object.fromEntries(FILTER_FIELDS.filter((f) => d.filters[f].trim()).map((f) => [f, d.filters[f].trim()]));
  const minRequests = d.minRequests.trim() === "" ? 0 : Number(d.minRequests);
  if (d.kind === "slo") {
    const objective = d.sloObjective === "success" ? { type: "success" } : { type: "latency", metric: d.sloMetric, thresholdMs: numberOrUndefined(d.sloThresholdMs) };
    return { spec: { kind: "slo", objective, targetPct: numberOrUndefined(d.targetPct), filters, minRequests }, errors };
  }
  const duration = (text: string, field: RuleField, what: string) => {
    const s = parseDuration(text);
    if (s === null) errors[field] = durationError(what);
    return s ?? undefined;
  };
  const spec = {
    kind: "threshold",
    metric: d.metric,
    stage: d.stage,
    filters,
    groupBy: d.groupBy || undefined,
    comparator: d.comparator,
    threshold: numberOrUndefined(d.threshold),
    windowS: duration(d.window, "window", "window"),
    forS: duration(d.forDuration, "forDuration", "for"),
    keepFiringForS: duration(d.keepFiringFor || "0s", "keepFiringFor", "keep firing for"),
    minRequests,
    noData: d.noData,
    onError: d.onError,
  };
  return { spec, errors };
}

/** The whole rule, validated with the schema the server uses. */
export function parseRuleDraft(d: RuleDraft): ParsedRule {
  const { spec, errors } = specCandidate(d);
  const labels = parseLabelLines(d.labels);
  if (!labels.ok) errors.labels = `labels: ${labels.error}`;
  const parsed = ruleInput.safeParse({
    name: d.name,
    enabled: d.enabled,
    severity: d.severity,
    spec,
    labels: labels.ok ? labels.labels : {},
    annotations: { summary: blankToUndefined(d.summary), description: blankToUndefined(d.description), runbookUrl: d.runbookUrl.trim() },
    channelIds: d.channelIds,
  });
  const all = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error.issues)), ...errors };
  if (Object.keys(all).length || !parsed.success) return { ok: false, errors: all };
  return { ok: true, input: parsed.data };
}

/** The spec alone, for the live preview and the backtest: null while it is not valid. */
export function previewSpecOf(d: RuleDraft): RuleSpec | null {
  const { spec, errors } = specCandidate(d);
  if (Object.keys(errors).length) return null;
  const parsed = ruleSpec.safeParse(spec);
  return parsed.success ? parsed.data : null;
}
