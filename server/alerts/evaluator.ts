import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { alertmanagerPayload, matchesSilence, renderTemplate, type AlertNotice } from "./notify/payload";
import { observeRules, type InstanceObservation } from "./observe";
import { ALERT_METRICS, formatMetricValue, ruleSpec, type RuleSpec } from "./schema";
import { INACTIVE, step, type AlertState, type InstanceState, type Timing } from "./state-machine";

export interface EvaluateOptions {
  nowMs?: number;
  /** late data gets this long to arrive before a minute is judged */
  settleMs?: number;
  /** the dashboard's address, for links in notifications */
  externalURL: string;
}

interface RuleRow {
  id: string;
  enabled: boolean;
  project_id: string;
  name: string;
  severity: string;
  spec: unknown;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  channel_ids: string[];
  version: number;
}

interface InstanceRow {
  rule_id: string;
  instance_key: string;
  rule_version: number;
  labels: Record<string, string>;
  state: AlertState;
  pending_since: string | null;
  firing_since: string | null;
  last_held_at: string | null;
  keep_firing_since: string | null;
  last_notified_at: string | null;
}

interface ChannelRow {
  id: string;
  project_id: string;
  name: string;
  repeat_interval_s: number;
}

const ms = (t: string | Date | null) => (t === null ? null : t instanceof Date ? t.getTime() : Date.parse(t));
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function timingOf(spec: RuleSpec): Timing {
  if (spec.kind === "slo") return { forMs: 0, keepFiringForMs: 0, noData: "ok", onError: "error" };
  return { forMs: spec.forS * 1000, keepFiringForMs: spec.keepFiringForS * 1000, noData: spec.noData, onError: spec.onError };
}

export interface EvaluationSummary {
  rules: number;
  transitions: number;
  notifications: number;
  durationMs: number;
  endMs: number;
}

/**
 * One evaluation of every enabled rule: observe, step each instance's state machine, and write
 * the new states, the transitions (alert_events) and the notifications they cause (outbox) in
 * one transaction — so a crash either loses the whole evaluation (re-done next tick) or none of it,
 * and a restart never re-sends what was already enqueued.
 */
export async function evaluateRules(db: Database, opts: EvaluateOptions): Promise<EvaluationSummary> {
  const started = performance.now();
  const nowMs = opts.nowMs ?? Date.now();
  const endMs = nowMs - (opts.settleMs ?? 10_000);
  // disabled rules that still hold alerts are read too: their alerts are retired (resolved) below
  const allRules = await rows<RuleRow>(
    db,
    sql`SELECT id, project_id, name, severity, spec, labels, annotations, channel_ids, version, enabled FROM alert_rules r
      WHERE enabled OR EXISTS (SELECT 1 FROM alert_instances i WHERE i.rule_id = r.id)`,
  );
  if (!allRules.length) return { rules: 0, transitions: 0, notifications: 0, durationMs: 0, endMs };
  const instances = await rows<InstanceRow>(
    db,
    sql`SELECT rule_id, instance_key, rule_version, labels, state, pending_since, firing_since, last_held_at, keep_firing_since, last_notified_at
      FROM alert_instances`,
  );
  const stored = new Map<string, InstanceRow[]>();
  for (const i of instances) stored.set(i.rule_id, [...(stored.get(i.rule_id) ?? []), i]);
  const rules = allRules.filter((r) => r.enabled);
  const observations = await observeRules(
    db,
    rules.map((r) => ({ id: r.id, projectId: r.project_id, spec: r.spec, knownInstances: (stored.get(r.id) ?? []).map((i) => i.instance_key) })),
    endMs,
  );
  const channels = await rows<ChannelRow>(db, sql`SELECT id, project_id, name, repeat_interval_s FROM notification_channels WHERE enabled`);
  const silences = await rows<{ project_id: string; rule_id: string | null; matchers: Record<string, string> }>(
    db,
    sql`SELECT project_id, rule_id, matchers FROM alert_silences WHERE starts_at <= to_timestamp(${nowMs / 1000}) AND ends_at > to_timestamp(${nowMs / 1000})`,
  );

  const ruleById = new Map(allRules.map((r) => [r.id, r]));
  for (const rule of allRules.filter((r) => !r.enabled)) {
    // retiring a disabled rule: every instance is observed as cleared, then forgotten
    const keys = (stored.get(rule.id) ?? []).map((i) => i.instance_key);
    observations.push({ ruleId: rule.id, error: null, instances: keys.map((k) => ({ instanceKey: k, labels: {}, observation: { kind: "value", holds: false }, value: null, count: 0, threshold: NaN })) });
  }
  const upserts: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const outbox: Record<string, unknown>[] = [];
  const ruleStatus: Record<string, unknown>[] = [];
  const removals: Array<{ rule_id: string; instance_key: string }> = [];

  for (const obs of observations) {
    const rule = ruleById.get(obs.ruleId)!;
    const spec = ruleSpec.safeParse(rule.spec);
    ruleStatus.push({ id: rule.id, error: obs.error });
    if (!spec.success) continue;
    const timing = rule.enabled ? timingOf(spec.data) : { ...timingOf(spec.data), keepFiringForMs: 0 };
    const before = new Map((stored.get(rule.id) ?? []).map((i) => [i.instance_key, i]));
    const notices: Array<{ notice: AlertNotice; kind: "firing" | "resolved" }> = [];
    const firingNow: AlertNotice[] = [];
    let lastNotified: number | null = null;

    for (const o of obs.instances) {
      const row = before.get(o.instanceKey);
      const labels = alertLabels(rule, spec.data, Object.keys(o.labels).length ? o.labels : (row?.labels ?? {}));
      // an edited rule starts over: a firing instance of the old version is resolved first
      const edited = row !== undefined && row.rule_version !== rule.version;
      const prev: InstanceState = row && !edited ? fromRow(row) : INACTIVE;
      if (edited && row.state === "firing") {
        const notice = toNotice(rule, spec.data, labels, o, fromRow(row), "resolved", nowMs, opts.externalURL);
        notices.push({ notice, kind: "resolved" });
        events.push(eventRow(rule, o, labels, nowMs, "firing", "inactive", "the rule was edited"));
      }
      const s = step(prev, o.observation, timing, nowMs);
      if (s.transition) events.push(eventRow(rule, o, labels, nowMs, s.transition.from, s.transition.to, null));
      if (s.notify) notices.push({ notice: toNotice(rule, spec.data, labels, o, s.notify === "resolved" ? prev : s.next, s.notify, nowMs, opts.externalURL), kind: s.notify });
      if (s.next.state === "firing" && s.notify !== "firing") {
        firingNow.push(toNotice(rule, spec.data, labels, o, s.next, "firing", nowMs, opts.externalURL));
        const n = ms(row?.last_notified_at ?? null);
        if (n !== null) lastNotified = Math.max(lastNotified ?? 0, n);
      }
      // a disabled rule's alerts, and a grouped series that went away and is quiet, are forgotten
      const quietSeries = spec.data.kind === "threshold" && !!spec.data.groupBy && s.next.state === "inactive" && o.count === 0 && !s.transition;
      if (!rule.enabled || quietSeries) {
        if (row) removals.push({ rule_id: rule.id, instance_key: o.instanceKey });
        continue;
      }
      upserts.push({
        rule_id: rule.id, instance_key: o.instanceKey, project_id: rule.project_id, rule_version: rule.version, labels: JSON.stringify(labels),
        state: s.next.state, pending_since: iso(s.next.pendingSince), firing_since: iso(s.next.firingSince), last_held_at: iso(s.next.lastHeldAt),
        keep_firing_since: iso(s.next.keepFiringSince), last_value: o.value !== null && Number.isFinite(o.value) ? o.value : null, last_count: o.count,
        last_notified_at: s.notify ? iso(nowMs) : (row?.last_notified_at ?? null),
      });
    }

    const ruleChannels = channels.filter((c) => c.project_id === rule.project_id && rule.channel_ids.includes(c.id));
    const changed = notices.length > 0;
    const repeatEvery = Math.min(...ruleChannels.map((c) => c.repeat_interval_s * 1000));
    const repeatDue = !changed && firingNow.length > 0 && lastNotified !== null && nowMs - lastNotified >= repeatEvery;
    if (!changed && !repeatDue) continue;
    const kind = notices.some((n) => n.kind === "firing") ? "firing" : changed ? "resolved" : "repeat";
    const alerts = [...notices.map((n) => n.notice), ...firingNow];
    if (repeatDue) for (const u of upserts) if (u.rule_id === rule.id && u.state === "firing") u.last_notified_at = iso(nowMs);
    const ruleSilences = silences.filter((x) => x.project_id === rule.project_id && (x.rule_id === null || x.rule_id === rule.id));
    const audible = alerts.filter((a) => !ruleSilences.some((x) => matchesSilence(a.labels, x.matchers)));
    for (const ch of ruleChannels) {
      const payload = alertmanagerPayload(ch.name, opts.externalURL, audible.length ? audible : alerts);
      outbox.push({
        project_id: rule.project_id, channel_id: ch.id, rule_id: rule.id, rule_name: rule.name, kind,
        payload: JSON.stringify(payload), status: audible.length ? "pending" : "silenced",
        dedup_key: `${rule.id}:${ch.id}:${kind}:${nowMs}`,
      });
    }
  }

  await db.transaction(async (tx) => {
    if (upserts.length) {
      await tx.execute(sql`INSERT INTO alert_instances (rule_id, instance_key, project_id, rule_version, labels, state, pending_since,
          firing_since, last_held_at, keep_firing_since, last_value, last_count, last_eval_at, last_notified_at)
        SELECT rule_id, instance_key, project_id, rule_version, labels::jsonb, state, pending_since, firing_since, last_held_at,
          keep_firing_since, last_value, last_count, to_timestamp(${nowMs / 1000}), last_notified_at
        FROM json_to_recordset(${JSON.stringify(upserts)}::json) AS x(rule_id uuid, instance_key text, project_id uuid, rule_version int,
          labels text, state text, pending_since timestamptz, firing_since timestamptz, last_held_at timestamptz,
          keep_firing_since timestamptz, last_value float8, last_count bigint, last_notified_at timestamptz)
        ON CONFLICT (rule_id, instance_key) DO UPDATE SET rule_version = excluded.rule_version, labels = excluded.labels,
          state = excluded.state, pending_since = excluded.pending_since, firing_since = excluded.firing_since,
          last_held_at = excluded.last_held_at, keep_firing_since = excluded.keep_firing_since, last_value = excluded.last_value,
          last_count = excluded.last_count, last_eval_at = excluded.last_eval_at, last_notified_at = excluded.last_notified_at`);
    }
    if (removals.length) {
      await tx.execute(sql`DELETE FROM alert_instances i USING json_to_recordset(${JSON.stringify(removals)}::json) AS x(rule_id uuid, instance_key text)
        WHERE i.rule_id = x.rule_id AND i.instance_key = x.instance_key`);
    }
    if (events.length) {
      await tx.execute(sql`INSERT INTO alert_events (project_id, rule_id, rule_name, instance_key, labels, at, from_state, to_state, value, threshold, message)
        SELECT project_id, rule_id, rule_name, instance_key, labels::jsonb, at, from_state, to_state, value, threshold, message
        FROM json_to_recordset(${JSON.stringify(events)}::json) AS x(project_id uuid, rule_id uuid, rule_name text, instance_key text,
          labels text, at timestamptz, from_state text, to_state text, value float8, threshold float8, message text)`);
    }
    if (outbox.length) {
      await tx.execute(sql`INSERT INTO alert_notifications (project_id, channel_id, rule_id, rule_name, kind, payload, status, dedup_key, created_at, next_attempt_at)
        SELECT project_id, channel_id, rule_id, rule_name, kind, payload::jsonb, status, dedup_key, to_timestamp(${nowMs / 1000}), to_timestamp(${nowMs / 1000})
        FROM json_to_recordset(${JSON.stringify(outbox)}::json) AS x(project_id uuid, channel_id uuid, rule_id uuid, rule_name text,
          kind text, payload text, status text, dedup_key text)
        ON CONFLICT (dedup_key) DO NOTHING`);
    }
    await tx.execute(sql`UPDATE alert_rules r SET last_eval_at = to_timestamp(${nowMs / 1000}), last_eval_ms = ${Math.round(performance.now() - started)}, last_error = x.error
      FROM json_to_recordset(${JSON.stringify(ruleStatus)}::json) AS x(id uuid, error text) WHERE r.id = x.id`);
  });
  return { rules: rules.length, transitions: events.length, notifications: outbox.length, durationMs: performance.now() - started, endMs };
}

function fromRow(row: InstanceRow): InstanceState {
  return {
    state: row.state,
    pendingSince: ms(row.pending_since),
    firingSince: ms(row.firing_since),
    lastHeldAt: ms(row.last_held_at),
    keepFiringSince: ms(row.keep_firing_since),
  };
}

function alertLabels(rule: RuleRow, spec: RuleSpec, instance: Record<string, string>): Record<string, string> {
  const severity = spec.kind === "slo" ? (instance.slo_alert === "page" ? "critical" : "warning") : rule.severity;
  return { ...rule.labels, ...instance, alertname: rule.name, severity };
}

function describe(spec: RuleSpec, o: InstanceObservation): { value: string; threshold: string; summary: string } {
  if (spec.kind === "slo") {
    const v = o.value === null ? "no data" : `${Math.round(o.value * 10) / 10}×`;
    const objective = spec.objective.type === "success" ? `${spec.targetPct} % success` : `${spec.targetPct} % of requests under ${spec.objective.thresholdMs} ms`;
    return { value: v, threshold: `${o.threshold}×`, summary: `error budget of "${objective}" burning at ${v} (alert above ${o.threshold}×)` };
  }
  const value = formatMetricValue(spec.metric, o.value);
  const threshold = formatMetricValue(spec.metric, spec.threshold);
  return { value, threshold, summary: `${ALERT_METRICS[spec.metric].label} ${spec.comparator} ${threshold} over ${spec.windowS / 60} min: now ${value}` };
}

function toNotice(
  rule: RuleRow, spec: RuleSpec, labels: Record<string, string>, o: InstanceObservation, st: InstanceState,
  status: "firing" | "resolved", nowMs: number, externalURL: string,
): AlertNotice {
  const d = describe(spec, o);
  const vars = { value: d.value, threshold: d.threshold, labels };
  const annotations: Record<string, string> = {
    summary: rule.annotations.summary ? renderTemplate(rule.annotations.summary, vars) : d.summary,
    value: d.value,
  };
  if (rule.annotations.description) annotations.description = renderTemplate(rule.annotations.description, vars);
  if (rule.annotations.runbookUrl) annotations.runbook_url = rule.annotations.runbookUrl;
  return {
    status,
    labels,
    annotations,
    startsAt: st.firingSince ?? nowMs,
    endsAt: status === "resolved" ? nowMs : null,
    generatorURL: `${externalURL.replace(/\/$/, "")}/alerts/${rule.id}`,
  };
}

function eventRow(rule: RuleRow, o: InstanceObservation, labels: Record<string, string>, nowMs: number, from: string, to: string, message: string | null) {
  return {
    project_id: rule.project_id, rule_id: rule.id, rule_name: rule.name, instance_key: o.instanceKey, labels: JSON.stringify(labels),
    at: iso(nowMs), from_state: from, to_state: to, value: o.value !== null && Number.isFinite(o.value) ? o.value : null,
    threshold: Number.isFinite(o.threshold) ? o.threshold : null, message,
  };
}
