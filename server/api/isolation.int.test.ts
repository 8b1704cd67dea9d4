import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST as pushEngine } from "@/app/api/engine/push/route";
import { POST as postOtlpMetrics } from "@/app/api/otel/v1/metrics/route";
import { POST as postOtlpTraces } from "@/app/api/otel/v1/traces/route";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { createApiKey } from "@/server/auth/api-keys";
import { otlpGpuRequest } from "@/test/fixtures/engine/otlp-gpu-request";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { signedInUser } from "@/test/helpers/sessions";
import { appRouter, createCaller } from "./root";

/**
 * Project isolation and roles. Every dashboard procedure of the router (listed from the router
 * itself, so a new one is covered without touching this file) is called by people and keys of
 * project A asking for project B, and by each role; the key-authenticated ingest routes are
 * checked to write only where the key belongs.
 */
const KEY_ROUTES = new Set(["ingest.batch"]);
/** Procedures only admins may call; every other mutation needs a member, every other query a viewer. */
const ADMIN_ONLY = new Set([
  "access.keys.list", "access.keys.create", "access.keys.revoke",
  "access.members.list", "access.members.add", "access.members.setRole", "access.members.remove",
  "access.audit.list",
  "settings.data.update", "settings.data.preview", "settings.data.deleteUser",
]);
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" } }>)
  .map(([path, p]) => ({ path, type: p._def.type }))
  .filter((p) => !KEY_ROUTES.has(p.path));
const neededRole = (p: { path: string; type: string }) => (ADMIN_ONLY.has(p.path) ? "admin" : p.type === "mutation" ? "member" : "viewer");

type AnyCaller = Record<string, unknown>;
async function call(headers: Headers, path: string, input: unknown): Promise<{ ok: true; data: unknown } | { ok: false; code: string; message: string }> {
  const fn = path.split(".").reduce<unknown>((o, k) => (o as AnyCaller)[k], createCaller({ headers })) as (i: unknown) => Promise<unknown>;
  try {
    return { ok: true, data: await fn(input) };
  } catch (err) {
    if (err instanceof TRPCError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}

const MIN = 60_000;

describe.each(BACKENDS)("project isolation and roles on %s", (backend) => {
  let handle: DbHandle;
  let a: Awaited<ReturnType<typeof createTestProject>>;
  let b: Awaited<ReturnType<typeof createTestProject>>;
  let adminA: Awaited<ReturnType<typeof signedInUser>>;
  let adminB: Awaited<ReturnType<typeof signedInUser>>;
  let people: Record<"viewer" | "member" | "admin", Headers>;
  let readKeyA: string;
  let readKeyB: string;
  const seededB: Record<string, string> = {};

  const count = async (table: string, projectId: string) =>
    Number((await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE project_id = ${projectId}::uuid`))[0]!.n);
  /** Everything project B holds, to prove that nothing from A changed it. */
  const snapshotB = async () => {
    const out: Record<string, unknown> = {};
    for (const t of ["traces", "spans", "engine_samples", "alert_rules", "notification_channels", "alert_silences", "scrape_targets", "api_keys", "project_settings"]) {
      out[t] = await rows(handle.db, sql`SELECT * FROM ${sql.identifier(t)} WHERE project_id = ${b.projectId}::uuid ORDER BY 1`);
    }
    out.members = await rows(handle.db, sql`SELECT user_id, role FROM memberships WHERE organization_id = ${b.organizationId}::uuid ORDER BY 1`);
    return JSON.stringify(out);
  };

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    a = await createTestProject(handle, "alpha");
    b = await createTestProject(handle, "bravo");
    serveFrom(handle, a.projectId);
    adminA = await signedInUser(a.organizationId, "admin");
    adminB = await signedInUser(b.organizationId, "admin");
    people = {
      viewer: (await signedInUser(a.organizationId, "viewer")).headersFor(),
      member: (await signedInUser(a.organizationId, "member")).headersFor(),
      admin: adminA.headersFor(),
    };
    readKeyA = (await createApiKey(handle.db, { projectId: a.projectId, name: "read A", scope: "read" })).secret;
    readKeyB = (await createApiKey(handle.db, { projectId: b.projectId, name: "read B", scope: "read" })).secret;

    // project B gets one of everything, made by its own admin through the routers
    const asB = createCaller({ headers: adminB.headersFor() });
    const now = Date.now();
    const ingest = (key: string, traceId: string) =>
      trpcPost(
        new Request("http://localhost/api/trpc/ingest.batch", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ traces: [{ traceId, name: "chat", userId: "u-b", startTime: now - 5 * MIN, durationMs: 800, spans: [] }] }),
        }),
      );
    expect((await ingest(b.key, "b0000000000000000000000000000001")).status).toBe(200);
    expect((await ingest(a.key, "a0000000000000000000000000000001")).status).toBe(200);
    seededB.traceId = "b0000000000000000000000000000001";
    const channel = await asB.alerts.channels.create({ name: "ops", config: { type: "webhook", url: "http://hooks.example/b" } });
    seededB.channelId = channel.id;
    const rule = await asB.alerts.rules.create({ name: "p95 B", spec: { kind: "threshold", metric: "latency_p95", comparator: ">", threshold: 2000, windowS: 300, forS: 0 } });
    seededB.ruleId = rule.id;
    seededB.silenceId = (await asB.alerts.silences.create({ ruleId: rule.id, durationS: 3600, reason: "maintenance" })).id;
    seededB.targetId = (await asB.engine.targets.create({ url: "http://gpu-b:9400/metrics" })).id;
    seededB.keyId = (await asB.access.keys.create({ name: "B key", scope: "ingest" })).id;
    seededB.userId = adminB.id;
  });
  afterAll(async () => handle.close());

  it(`covers every dashboard procedure of the router (${procedures.length} now)`, () => {
    expect(procedures.length).toBeGreaterThan(30);
    for (const path of ADMIN_ONLY) expect(procedures.map((p) => p.path)).toContain(path);
  });

  it("refuses every dashboard procedure to callers without a session or key", async () => {
    for (const p of procedures) {
      const res = await call(new Headers(), p.path, {});
      expect(res, p.path).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    }
  });

  it("refuses every dashboard procedure to A's admin asking for project B, and to A's read key asking for B", async () => {
    const before = await snapshotB();
    for (const p of procedures) {
      const asAdmin = await call(adminA.headersFor(b.slug), p.path, {});
      expect(asAdmin, p.path).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringMatching(/no access/) });
      const asKey = await call(new Headers({ authorization: `Bearer ${readKeyA}`, "x-tailwatch-project": b.slug }), p.path, {});
      expect(asKey, p.path).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect(await snapshotB()).toBe(before);
  });

  it("never reaches B's rows by id from project A: reads find nothing, writes change nothing", async () => {
    const before = await snapshotB();
    const asA = adminA.headersFor();
    const byId: Array<[string, unknown]> = [
      ["traces.get", { traceId: seededB.traceId }],
      ["alerts.rules.get", { id: seededB.ruleId }],
      ["alerts.rules.update", { id: seededB.ruleId, rule: { name: "hijacked", spec: { kind: "threshold", metric: "latency_p95", comparator: ">", threshold: 1, windowS: 300, forS: 0 } } }],
      ["alerts.rules.setEnabled", { id: seededB.ruleId, enabled: false }],
      ["alerts.rules.remove", { id: seededB.ruleId }],
      ["alerts.channels.test", { id: seededB.channelId }],
      ["alerts.channels.remove", { id: seededB.channelId }],
      ["alerts.silences.expire", { id: seededB.silenceId }],
      ["engine.targets.setEnabled", { id: seededB.targetId, enabled: false }],
      ["engine.targets.remove", { id: seededB.targetId }],
      ["access.keys.revoke", { id: seededB.keyId }],
      ["access.members.setRole", { userId: seededB.userId, role: "viewer" }],
      ["access.members.remove", { userId: seededB.userId }],
    ];
    for (const [path, input] of byId) {
      expect(await call(asA, path, input), path).toMatchObject({ ok: false, code: "NOT_FOUND" });
    }
    // a rule of A may not point at B's channel, nor a silence at B's rule
    const rule = await call(asA, "alerts.rules.create", {
      name: "uses B's channel", channelIds: [seededB.channelId], spec: { kind: "threshold", metric: "latency_p95", comparator: ">", threshold: 1, windowS: 300, forS: 0 },
    });
    expect(rule).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(await call(asA, "alerts.silences.create", { ruleId: seededB.ruleId, durationS: 3600, reason: "x" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    // lists and totals of A hold A's rows only
    const list = (await call(asA, "traces.list", { range: "24h", filters: {} })) as { ok: true; data: { traces: Array<{ traceId: string }> } };
    expect(list.data.traces.map((t) => t.traceId)).toEqual(["a0000000000000000000000000000001"]);
    expect(await snapshotB()).toBe(before);
  });

  it("gives each role exactly its rights on every procedure", async () => {
    for (const role of ["viewer", "member", "admin"] as const) {
      for (const p of procedures) {
        const needed = neededRole(p);
        const allowed = role === "admin" || needed === "viewer" || (needed === "member" && role === "member");
        // {} is no valid input for most writes: an allowed caller gets past the role check and fails validation
        const res = await call(people[role], p.path, p.path === "access.keys.create" || p.path.endsWith(".add") ? { invalid: true } : {});
        if (allowed) expect(res.ok || !["UNAUTHORIZED", "FORBIDDEN"].includes(res.code), `${role} ${p.path}: ${JSON.stringify(res)}`).toBe(true);
        else expect(res, `${role} ${p.path}`).toMatchObject({ ok: false, code: "FORBIDDEN" });
      }
    }
  });

  it("lets a read key query its own project and nothing else; no key may change dashboard state", async () => {
    const key = new Headers({ authorization: `Bearer ${readKeyA}` });
    const list = (await call(key, "traces.list", { range: "24h", filters: {} })) as { ok: true; data: { traces: Array<{ traceId: string }> } };
    expect(list.data.traces.map((t) => t.traceId)).toEqual(["a0000000000000000000000000000001"]);
    expect(await call(key, "traces.get", { traceId: seededB.traceId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await call(new Headers({ authorization: `Bearer ${a.key}` }), "traces.list", { range: "24h", filters: {} })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    for (const p of procedures.filter((x) => x.type === "mutation")) {
      expect(await call(key, p.path, {}), p.path).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    // over HTTP too: B's key reads B, A's session cookie asking for B is refused
    const input = encodeURIComponent(JSON.stringify({ range: "24h", filters: {} }));
    const viaKeyB = await trpcGet(new Request(`http://localhost/api/trpc/traces.list?input=${input}`, { headers: { authorization: `Bearer ${readKeyB}` } }));
    expect(((await viaKeyB.json()) as { result: { data: { traces: Array<{ traceId: string }> } } }).result.data.traces.map((t) => t.traceId)).toEqual([seededB.traceId]);
    const crossed = await trpcGet(new Request(`http://localhost/api/trpc/traces.list?input=${input}`, { headers: { cookie: adminA.headersFor(b.slug).get("cookie")! } }));
    expect(crossed.status).toBe(403);
  });

  it("writes ingest, OTLP traces and metrics and Prometheus push only into the key's project, whatever the request names", async () => {
    const before = await snapshotB();
    const [tracesA, samplesA] = [await count("traces", a.projectId), await count("engine_samples", a.projectId)];
    const asksB = { "x-tailwatch-project": b.slug, cookie: adminB.cookie };
    const now = Date.now();
    const batch = await trpcPost(
      new Request("http://localhost/api/trpc/ingest.batch", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${a.key}`, ...asksB },
        body: JSON.stringify({ traces: [{ traceId: seededB.traceId, name: "overwrite?", startTime: now - MIN, durationMs: 5, spans: [] }] }),
      }),
    );
    expect(batch.status).toBe(200);
    const span = (traceId: string) => ({
      resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "t" }, spans: [{ traceId, spanId: "00000000000000a1", name: "op", kind: 2, startTimeUnixNano: String(BigInt(now - MIN) * 1_000_000n), endTimeUnixNano: String(BigInt(now - MIN + 10) * 1_000_000n) }] }] }],
    });
    const otlp = await postOtlpTraces(
      new Request("http://localhost/api/otel/v1/traces", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${a.key}`, ...asksB },
        body: JSON.stringify(span("c0000000000000000000000000000001")),
      }),
    );
    expect(otlp.status).toBe(200);
    const metrics = await postOtlpMetrics(
      new Request("http://localhost/api/otel/v1/metrics", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${a.key}`, ...asksB },
        body: JSON.stringify(otlpGpuRequest(now - MIN)),
      }),
    );
    expect(metrics.status).toBe(200);
    const push = await pushEngine(
      new Request(`http://localhost/api/engine/push?host=gpu-a&project=${b.slug}`, {
        method: "POST",
        headers: { "content-type": "text/plain", authorization: `Bearer ${a.key}`, ...asksB },
        body: 'DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-1",modelName="NVIDIA H100"} 87\n',
      }),
    );
    expect(push.status).toBe(200);
    expect(await count("traces", a.projectId)).toBe(tracesA + 2);
    expect(await count("engine_samples", a.projectId)).toBeGreaterThan(samplesA);
    expect(await snapshotB()).toBe(before);
    // a session cookie is no ingest credential
    const cookieOnly = await postOtlpTraces(
      new Request("http://localhost/api/otel/v1/traces", { method: "POST", headers: { "content-type": "application/json", cookie: adminA.cookie }, body: "{}" }),
    );
    expect(cookieOnly.status).toBe(401);
  });

  it("records who changed what in the audit log, without secrets, and shows it to admins of that project only", async () => {
    const asB = createCaller({ headers: adminB.headersFor() });
    await asB.settings.data.deleteUser({ userId: "erase-me@example.com", confirmUserId: "erase-me@example.com" });
    const log = await asB.access.audit.list({});
    // a privacy deletion is recorded, without the id it erased
    expect(log[0]).toMatchObject({ action: "settings.data.deleteUser", target: null, details: { input: { withheld: "personal data" } } });
    expect(JSON.stringify(log)).not.toContain("erase-me");
    const actions = log.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["alerts.channels.create", "alerts.rules.create", "alerts.silences.create", "engine.targets.create", "access.keys.create"]));
    expect(log.every((e) => e.userEmail === adminB.email)).toBe(true);
    expect(JSON.stringify(log)).not.toContain("hooks.example");
    expect(JSON.stringify(log)).not.toMatch(/tw_[A-Za-z0-9_-]{20,}/);
    const logA = await createCaller({ headers: adminA.headersFor() }).access.audit.list({});
    expect(logA.some((e) => e.userEmail === adminB.email)).toBe(false);
  });
});
