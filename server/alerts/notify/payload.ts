import { createHash } from "node:crypto";

/** One alert as notifications carry it. */
export interface AlertNotice {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  /** when it resolved; null while firing */
  endsAt: number | null;
  generatorURL: string;
}

/** Alertmanager's webhook body, version "4". */
export interface AlertmanagerPayload {
  version: "4";
  groupKey: string;
  truncatedAlerts: number;
  status: "firing" | "resolved";
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: Array<{
    status: "firing" | "resolved";
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
  }>;
}

/** Alertmanager's "zero time" for an alert that has not ended. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/** Stable identity of an alert: a hash of its sorted label set (16 hex digits, like Alertmanager). */
export function fingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u00ff${labels[k]}`)
    .join("\u00ff");
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

/** Key/values every entry shares. */
function common(maps: Array<Record<string, string>>): Record<string, string> {
  if (!maps.length) return {};
  const [first, ...rest] = maps;
  return Object.fromEntries(Object.entries(first!).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

/** The grouped webhook for one rule: every alert of the group, "firing" if any of them fires. */
export function alertmanagerPayload(receiver: string, externalURL: string, alerts: AlertNotice[]): AlertmanagerPayload {
  const status = alerts.some((a) => a.status === "firing") ? "firing" : "resolved";
  const groupLabels = { alertname: alerts[0]?.labels.alertname ?? "" };
  return {
    version: "4",
    groupKey: `{}:{alertname=${JSON.stringify(groupLabels.alertname)}}`,
    truncatedAlerts: 0,
    status,
    receiver,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL,
    alerts: alerts.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: a.endsAt === null ? ZERO_TIME : new Date(a.endsAt).toISOString(),
      generatorURL: a.generatorURL,
      fingerprint: fingerprint(a.labels),
    })),
  };
}

/** A Slack-compatible incoming-webhook body (text with mrkdwn; Mattermost and others accept it too). */
export function slackPayload(p: AlertmanagerPayload): { text: string } {
  const firing = p.alerts.filter((a) => a.status === "firing").length;
  const head = p.status === "firing" ? `:red_circle: *[FIRING:${firing}] ${p.groupLabels.alertname}*` : `:large_green_circle: *[RESOLVED] ${p.groupLabels.alertname}*`;
  const lines = p.alerts.slice(0, 20).map((a) => {
    const extra = Object.entries(a.labels)
      .filter(([k]) => k !== "alertname" && k !== "severity")
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    const summary = a.annotations.summary ?? "";
    return `• ${a.status === "firing" ? "firing" : "resolved"}${extra ? ` (${extra})` : ""}: ${summary} <${a.generatorURL}|open>`;
  });
  const runbook = p.commonAnnotations.runbook_url ? `\nRunbook: ${p.commonAnnotations.runbook_url}` : "";
  return { text: [head, ...lines].join("\n") + runbook };
}

/** A plain-text e-mail for the same group. */
export function emailMessage(p: AlertmanagerPayload): { subject: string; text: string } {
  const firing = p.alerts.filter((a) => a.status === "firing").length;
  const subject = p.status === "firing" ? `[FIRING:${firing}] ${p.groupLabels.alertname}` : `[RESOLVED] ${p.groupLabels.alertname}`;
  const text = p.alerts
    .map((a) =>
      [
        `${a.status.toUpperCase()} since ${a.startsAt}${a.status === "resolved" ? `, resolved ${a.endsAt}` : ""}`,
        ...Object.entries(a.labels).map(([k, v]) => `  ${k} = ${v}`),
        ...Object.entries(a.annotations).map(([k, v]) => `  ${k}: ${v}`),
        `  ${a.generatorURL}`,
      ].join("\n"),
    )
    .join("\n\n");
  return { subject, text };
}

/**
 * Renders `{{ $value }}`, `{{ $threshold }}`, `{{ $labels.name }}` in an annotation (the
 * Prometheus template variables); anything else is left as written.
 */
export function renderTemplate(template: string, vars: { value: string; threshold: string; labels: Record<string, string> }): string {
  return template.replace(/\{\{\s*\$(value|threshold|labels\.([a-zA-Z_][a-zA-Z0-9_]*))\s*\}\}/g, (whole, name: string, label?: string) => {
    if (name === "value") return vars.value;
    if (name === "threshold") return vars.threshold;
    return label && label in vars.labels ? vars.labels[label]! : "";
  });
}

/** Do an alert's labels satisfy a silence's equality matchers? */
export function matchesSilence(labels: Record<string, string>, matchers: Record<string, string>): boolean {
  return Object.entries(matchers).every(([k, v]) => labels[k] === v);
}
