import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { drainRollups } from "@/server/rollup/recompute";
import { readEnv } from "@/server/env";
import { ALERTS_LOCK_KEY } from "@/server/jobs/leader";
import { BACKENDS, createTestProject, databaseUrlOf, freshDatabase } from "@/test/helpers/backends";
import pg from "pg";
import { createChannel } from "./channels";
import { evaluateRules } from "./evaluator";
import { alertEvaluationLagSeconds, runAlertTick } from "./job";
import { dispatchNotifications, MAX_ATTEMPTS } from "./notify/dispatch";
import type { AlertmanagerPayload } from "./notify/payload";
import { backtestThreshold } from "./preview";
import { createRule, setRuleEnabled, updateRule } from "./rules";
import { ruleInput, type RuleInput } from "./schema";
import { createSilence } from "./silences";

const M = 60_000;
const T0 = Date.UTC(2026, 10, 20, 10, 0);

/** A local Alertmanager-style receiver that answers with the given statuses in turn (then 200). */
async function receiver(statuses: number[] = []) {
  const got: AlertmanagerPayload[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) got.push(JSON.parse(body));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise((r) => server.close(r)) };
}

/** 20 requests a minute for 30 minutes: 500 ms, except minutes 10–19 at 3 s (the incident). */
async function incident(handle: DbHandle, projectId: string, model = "gpt-4o") {
  const traces = Array.from({ length: 30 * 20 }, (_, i) => {
    const minute = Math.floor(i / 20);
    return {
      traceId: `${model}-${i}`,
      startTime: T0 + minute * M + (i % 20) * 2000,
      durationMs: minute >= 10 && minute < 20 ? 3000 : 500,
      model,
      status: "ok" as const,
    };
  });
  await ingestBatch(handle.db, projectId, { traces });
  await drainRollups(handle.db);
}

const p95Rule = (over: Partial<RuleInput["spec"]> = {}, channelIds: string[] = []): RuleInput =>
  ruleInput.parse({
    name: "p95 latency over 2 s",
    severity: "critical",
    spec: { kind: "threshold", metric: "latency_p95", comparator: ">", threshold: 2000, windowS: 300, forS: 180, ...over },
    annotations: { summary: "p95 is {{ $value }} for {{ $labels.model }}", runbookUrl: "https://runbooks.example/p95" },
    channelIds,
  });

/** Evaluates at each minute from `from` to `to` (minutes after T0), settle 0; returns each rule's state per minute. */
async function evaluateMinutes(handle: DbHandle, from: number, to: number, receiverDispatch = false) {
  const seen: Array<{ minute: number; state: string; key: string }> = [];
  for (let m = from; m <= to; m++) {
    await evaluateRules(handle.db, { nowMs: T0 + m * M, settleMs: 0, externalURL: "http://tailwatch.test" });
    if (receiverDispatch) await dispatchNotifications(handle.db, {}, T0 + m * M);
    const inst = await rows<{ state: string; instance_key: string }>(handle.db, sql`SELECT state, instance_key FROM alert_instances ORDER BY instance_key`);
    for (const i of inst) seen.push({ minute: m, state: i.state, key: i.instance_key });
  }
  return seen;
}

const transitions = (handle: DbHandle, ruleId: string) =>
  rows<{ from_state: string; to_state: string; at: Date; value: number | null }>(
    handle.db,
    sql`SELECT from_state, to_state, at, value FROM alert_events WHERE rule_id = ${ruleId}::uuid ORDER BY id`,
  );

describe.each(BACKENDS)("alert evaluation on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId } = await createTestProject(handle));
    await incident(handle, projectId);
  });
  afterAll(async () => handle.close());

  it("goes pending, fires after `for`, resolves after the incident — and the webhook gets Alertmanager v4 payloads", async () => {
    const hook = await receiver();
    try {
      const channel = await createChannel(handle.db, projectId, { name: "ops hook", config: { type: "webhook", url: hook.url }, repeatIntervalS: 3600, enabled: true });
      const rule = await createRule(handle.db, projectId, p95Rule({}, [channel.id]));
      await evaluateMinutes(handle, 5, 30, true);
      const events = await transitions(handle, rule.id);
      // the window [end − 5 min) first holds ≥ 5 % slow requests at minute 11; for 3 min → firing at 14;
      // the last window with slow minutes ends at 24 (minute 19), so it resolves at 25
      expect(events.map((e) => [e.from_state, e.to_state, (new Date(e.at).getTime() - T0) / M])).toEqual([
        ["inactive", "pending", 11],
        ["pending", "firing", 14],
        ["firing", "inactive", 25],
      ]);
      expect(events[1]!.value).toBeGreaterThan(2000);
      expect(hook.got.map((p) => p.status)).toEqual(["firing", "resolved"]);
      const [firing, resolved] = hook.got;
      expect(firing).toMatchObject({
        version: "4",
        receiver: "ops hook",
        groupLabels: { alertname: "p95 latency over 2 s" },
        commonLabels: { alertname: "p95 latency over 2 s", severity: "critical" },
        externalURL: "http://tailwatch.test",
      });
      expect(firing!.alerts[0]).toMatchObject({
        status: "firing",
        startsAt: new Date(T0 + 14 * M).toISOString(),
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: `http://tailwatch.test/alerts/${rule.id}`,
        annotations: { runbook_url: "https://runbooks.example/p95" },
      });
      expect(firing!.alerts[0]!.annotations.summary).toMatch(/^p95 is 3 s for $/);
      expect(resolved!.alerts[0]).toMatchObject({ status: "resolved", endsAt: new Date(T0 + 25 * M).toISOString(), fingerprint: firing!.alerts[0]!.fingerprint });
      await setRuleEnabled(handle.db, projectId, rule.id, false);
      await evaluateMinutes(handle, 31, 31);
    } finally {
      await hook.close();
    }
  });

  it("keeps the pending clock across a restart and never re-sends what was sent", async () => {
    const hook = await receiver();
    try {
      const channel = await createChannel(handle.db, projectId, { name: "restart hook", config: { type: "webhook", url: hook.url }, repeatIntervalS: 3600, enabled: true });
      const rule = await createRule(handle.db, projectId, p95Rule({}, [channel.id]));
      await evaluateMinutes(handle, 11, 12, true);
      // "restart": nothing survives but the database; the same evaluation may even run twice
      await evaluateRules(handle.db, { nowMs: T0 + 12 * M, settleMs: 0, externalURL: "http://tailwatch.test" });
      await evaluateMinutes(handle, 13, 16, true);
      await evaluateRules(handle.db, { nowMs: T0 + 16 * M, settleMs: 0, externalURL: "http://tailwatch.test" });
      await dispatchNotifications(handle.db, {}, T0 + 17 * M);
      const events = await transitions(handle, rule.id);
      expect(events.map((e) => [e.to_state, (new Date(e.at).getTime() - T0) / M])).toEqual([["pending", 11], ["firing", 14]]);
      expect(hook.got.map((p) => p.status)).toEqual(["firing"]);
      await setRuleEnabled(handle.db, projectId, rule.id, false);
      // retiring the disabled rule resolves its firing alert
      await evaluateMinutes(handle, 17, 17, true);
      expect(hook.got.map((p) => p.status)).toEqual(["firing", "resolved"]);
      expect(await rows(handle.db, sql`SELECT 1 FROM alert_instances WHERE rule_id = ${rule.id}::uuid`)).toHaveLength(0);
    } finally {
      await hook.close();
    }
  });

  it("retries a failing receiver with backoff, then gives up after MAX_ATTEMPTS", async () => {
    const flaky = await receiver([500, 503]);
    const dead = await receiver(Array(MAX_ATTEMPTS + 2).fill(500));
    try {
      const a = await createChannel(handle.db, projectId, { name: "flaky", config: { type: "webhook", url: flaky.url }, repeatIntervalS: 3600, enabled: true });
      const b = await createChannel(handle.db, projectId, { name: "dead", config: { type: "webhook", url: dead.url }, repeatIntervalS: 3600, enabled: true });
      const rule = await createRule(handle.db, projectId, p95Rule({ forS: 0 }, [a.id, b.id]));
      await evaluateMinutes(handle, 11, 11);
      let now = T0 + 11 * M;
      for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
        await dispatchNotifications(handle.db, {}, now);
        now += 10 * M; // past any backoff
      }
      const sent = await rows<{ channel_id: string; status: string; attempts: number; last_error: string | null }>(
        handle.db,
        sql`SELECT channel_id, status, attempts, last_error FROM alert_notifications WHERE rule_id = ${rule.id}::uuid`,
      );
      expect(sent.find((s) => s.channel_id === a.id)).toMatchObject({ status: "sent", attempts: 3, last_error: null });
      expect(sent.find((s) => s.channel_id === b.id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, last_error: "the receiver answered HTTP 500" });
      expect(flaky.got).toHaveLength(1);
      await setRuleEnabled(handle.db, projectId, rule.id, false);
      await evaluateMinutes(handle, 12, 12);
    } finally {
      await flaky.close();
      await dead.close();
    }
  });

  it("a silenced rule records its notifications as silenced and sends nothing", async () => {
    const hook = await receiver();
    try {
      const channel = await createChannel(handle.db, projectId, { name: "muted", config: { type: "webhook", url: hook.url }, repeatIntervalS: 3600, enabled: true });
      const rule = await createRule(handle.db, projectId, p95Rule({ forS: 0 }, [channel.id]));
      await createSilence(handle.db, projectId, { ruleId: rule.id, matchers: {}, durationS: 3600, reason: "maintenance" });
      // silences are judged at the wall clock: evaluate "now" with the incident's data still in the window
      const wallNow = Date.now();
      await evaluateRules(handle.db, { nowMs: wallNow, settleMs: wallNow - (T0 + 12 * M), externalURL: "http://x" });
      await dispatchNotifications(handle.db, {}, wallNow + 1000);
      const [n] = await rows<{ status: string }>(handle.db, sql`SELECT status FROM alert_notifications WHERE rule_id = ${rule.id}::uuid`);
      expect(n?.status).toBe("silenced");
      expect(hook.got).toHaveLength(0);
      await setRuleEnabled(handle.db, projectId, rule.id, false);
      await evaluateRules(handle.db, { nowMs: wallNow, settleMs: 0, externalURL: "http://x" });
    } finally {
      await hook.close();
    }
  });

  it("a grouped rule keeps one alert per model; an edit starts the rule over", async () => {
    const other = await createTestProject(handle, "grouped");
    await incident(handle, other.projectId, "gpt-4o");
    // a second model that never slows down
    await ingestBatch(handle.db, other.projectId, {
      traces: Array.from({ length: 600 }, (_, i) => ({ traceId: `fast-${i}`, startTime: T0 + Math.floor(i / 20) * M + (i % 20) * 2000, durationMs: 400, model: "claude" })),
    });
    await drainRollups(handle.db);
    const rule = await createRule(handle.db, other.projectId, p95Rule({ forS: 0, groupBy: "model" }));
    await evaluateMinutes(handle, 12, 12);
    const states = await rows<{ instance_key: string; state: string; labels: Record<string, string> }>(
      handle.db,
      sql`SELECT instance_key, state, labels FROM alert_instances WHERE rule_id = ${rule.id}::uuid ORDER BY instance_key`,
    );
    expect(states.map((s) => [s.instance_key, s.state])).toEqual([["claude", "inactive"], ["gpt-4o", "firing"]]);
    expect(states[1]!.labels).toMatchObject({ alertname: "p95 latency over 2 s", model: "gpt-4o", severity: "critical" });
    await updateRule(handle.db, other.projectId, rule.id, p95Rule({ forS: 600, groupBy: "model" }));
    await evaluateMinutes(handle, 13, 13);
    const events = await transitions(handle, rule.id);
    expect(events.map((e) => `${e.from_state}>${e.to_state}`)).toEqual(["inactive>firing", "firing>inactive", "inactive>pending"]);
    await setRuleEnabled(handle.db, other.projectId, rule.id, false);
    await evaluateMinutes(handle, 14, 14);
  });

  it("exactly one instance evaluates at a time (advisory lock)", async () => {
    const env = readEnv({});
    if (backend === "postgres") {
      // another instance holds the evaluator's lock: this one skips its tick
      const other = new pg.Client({ connectionString: await databaseUrlOf(handle) });
      await other.connect();
      await other.query("SELECT pg_advisory_lock($1::bigint)", [ALERTS_LOCK_KEY]);
      expect(await runAlertTick(handle, env, T0 + 40 * M)).toBeNull();
      await other.query("SELECT pg_advisory_unlock($1::bigint)", [ALERTS_LOCK_KEY]);
      await other.end();
    }
    expect(await runAlertTick(handle, env, T0 + 40 * M)).toMatchObject({ transitions: 0 });
  });

  it("reports how far evaluation is behind (for /api/metrics)", async () => {
    const lonely = await createTestProject(handle, "lag");
    const rule = await createRule(handle.db, lonely.projectId, p95Rule());
    await handle.db.execute(sql`UPDATE alert_rules SET enabled = false WHERE id <> ${rule.id}::uuid`);
    await handle.db.execute(sql`UPDATE alert_rules SET last_eval_at = now() - interval '100 seconds' WHERE id = ${rule.id}::uuid`);
    expect(await alertEvaluationLagSeconds(handle.db, 30)).toBeCloseTo(70, 0);
    await handle.db.execute(sql`UPDATE alert_rules SET last_eval_at = now() WHERE id = ${rule.id}::uuid`);
    expect(await alertEvaluationLagSeconds(handle.db, 30)).toBe(0);
    await handle.db.execute(sql`UPDATE alert_rules SET enabled = false`);
    expect(await alertEvaluationLagSeconds(handle.db, 30)).toBeNull();
  });

  it("backtests a rule over past data with the same state machine", async () => {
    const result = await backtestThreshold(
      handle.db,
      projectId,
      p95Rule().spec as Extract<RuleInput["spec"], { kind: "threshold" }>,
      T0,
      T0 + 40 * M,
    );
    expect(result.fires).toBe(1);
    expect(result.intervals).toEqual([{ key: "", from: T0 + 14 * M, to: T0 + 25 * M }]);
  });

  it("an SLO rule pages when the fast-burn windows both burn", async () => {
    const rule = await createRule(
      handle.db,
      projectId,
      ruleInput.parse({ name: "latency SLO", spec: { kind: "slo", objective: { type: "latency", metric: "duration", thresholdMs: 2000 }, targetPct: 99 } }),
    );
    // at minute 15: the last hour holds 100 slow of 300 (33 % bad → 33× burn), the last 5 minutes are all slow
    await evaluateRules(handle.db, { nowMs: T0 + 15 * M, settleMs: 0, externalURL: "http://x" });
    const inst = await rows<{ instance_key: string; state: string; last_value: number }>(
      handle.db,
      sql`SELECT instance_key, state, last_value FROM alert_instances WHERE rule_id = ${rule.id}::uuid ORDER BY instance_key`,
    );
    expect(inst.map((i) => [i.instance_key, i.state])).toEqual([["page", "firing"], ["ticket", "firing"]]);
    expect(inst[0]!.last_value).toBeCloseTo((100 / 300) / 0.01, 6);
    await setRuleEnabled(handle.db, projectId, rule.id, false);
    await evaluateRules(handle.db, { nowMs: T0 + 16 * M, settleMs: 0, externalURL: "http://x" });
  });
});
