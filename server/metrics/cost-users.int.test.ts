import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rows, type DbHandle } from "@/db/client";
import { migrateDatabase, MIGRATIONS_DIR } from "@/db/migrate";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { deleteUserData, storedUserIds } from "@/server/retention/delete-user";
import { drainRollups } from "@/server/rollup/recompute";
import { BACKENDS, createTestProject, databaseUrlOf, freshDatabase } from "@/test/helpers/backends";
import { costPerUser } from "./cost";
import type { MetricFilters } from "./schema";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 21, 6, 0, 0);
/** A UTC midnight: the multi-day data runs from 5 h before it to 3 days and 7 h after it. */
const D1 = Date.UTC(2026, 10, 17);
const USERS = ["user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-10", "user-11", "alice@example.com"];
const MODELS = ["gpt-4o", "claude-haiku-4-5", "llama-3.1-8b-instruct"];

type Trace = Record<string, unknown> & { traceId: string };

/**
 * Deterministic traffic: users (some absent), environments, models, features, task types, failures;
 * by default six hours from T0, one request every 30 s or so.
 */
function dataset(start0 = T0, count = 720, stepMs = 30_000, prefix = "c"): Trace[] {
  let state = 4242;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const traces: Trace[] = [];
  for (let i = 0; i < count; i++) {
    const start = start0 + i * stepMs + Math.floor((rand() * stepMs * 2) / 3);
    const userId = i % 11 === 0 ? undefined : USERS[Math.floor(rand() * USERS.length)];
    const hit = i % 9 === 0; // a cache hit: no generation, so no model and no cost
    const failed = i % 13 === 0;
    const spans: Record<string, unknown>[] = [
      { spanId: "root", name: "req", kind: "server", startTime: start, endTime: start + 1500, ...(failed ? { status: "error", errorType: "timeout" } : {}) },
      { spanId: "cache", parentSpanId: "root", name: "cache", stage: "cache", startTime: start + 2, durationMs: 5, cacheOutcome: hit ? "exact_hit" : "miss" },
    ];
    if (!hit) {
      spans.push({
        spanId: "gen", parentSpanId: "root", name: "chat", stage: "generation", startTime: start + 20, durationMs: 900,
        model: MODELS[i % 3], provider: "p", inputTokens: 100 + Math.floor(rand() * 900), outputTokens: 10 + Math.floor(rand() * 300),
        costUsd: rand() * 0.02,
      });
    }
    traces.push({
      traceId: `${prefix}-${i}`,
      ...(userId ? { userId } : {}),
      ...(i % 4 === 0 ? { environment: "staging" } : {}),
      ...(i % 5 === 0 ? {} : { feature: i % 2 ? "search" : "support" }),
      ...(i % 7 === 0 ? {} : { taskType: i % 3 ? "chat" : "rag_answer" }),
      spans,
    });
  }
  return traces;
}

interface RawUser {
  user_id: string;
  usd: number;
  n: number;
  itok: number;
  otok: number;
}

/** What cost per user must answer: the GROUP BY over traces. */
async function rawPerUser(db: DbHandle["db"], projectId: string, fromMs: number, toMs: number, opts: { search?: string; filters?: MetricFilters } = {}) {
  const f = opts.filters ?? {};
  const found = await rows<RawUser>(
    db,
    sql`SELECT user_id, sum(cost_usd) AS usd, count(*) AS n, sum(input_tokens) AS itok, sum(output_tokens) AS otok
      FROM traces WHERE project_id = ${projectId}::uuid AND user_id IS NOT NULL
        AND start_time >= to_timestamp(${fromMs / 1000}) AND start_time < to_timestamp(${toMs / 1000})
        ${opts.search ? sql`AND strpos(lower(user_id), lower(${opts.search})) > 0` : sql``}
        ${f.environment ? sql`AND environment = ${f.environment}` : sql``}
        ${f.model ? sql`AND model = ${f.model}` : sql``}
        ${f.feature ? sql`AND feature = ${f.feature}` : sql``}
        ${f.taskType ? sql`AND task_type = ${f.taskType}` : sql``}
      GROUP BY user_id`,
  );
  return found.map((u) => ({ userId: u.user_id, costUsd: Number(u.usd), requests: Number(u.n), inputTokens: Number(u.itok), outputTokens: Number(u.otok) }));
}

type UserCost = Awaited<ReturnType<typeof costPerUser>>[number];

function expectSameUsers(got: UserCost[], want: UserCost[], label: string) {
  const byId = new Map(want.map((w) => [w.userId, w]));
  expect(got.map((g) => g.userId).sort(), label).toEqual([...byId.keys()].sort());
  for (const g of got) {
    const w = byId.get(g.userId)!;
    expect({ requests: g.requests, inputTokens: g.inputTokens, outputTokens: g.outputTokens }, `${label} ${g.userId}`).toEqual({
      requests: w.requests,
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
    });
    expect(Math.abs(g.costUsd - w.costUsd), `${label} ${g.userId} cost ${g.costUsd} vs ${w.costUsd}`).toBeLessThanOrEqual(1e-9 * Math.abs(w.costUsd));
  }
  for (let i = 1; i < got.length; i++) expect(got[i - 1]!.costUsd).toBeGreaterThanOrEqual(got[i]!.costUsd);
}

/** rollup_user_hour (or rollup_user_day) of a project, and what it must hold: the per-hour (per-day) GROUP BY over traces. */
async function userRollup(db: DbHandle["db"], projectId: string, tier: "hour" | "day" = "hour") {
  const t = sql.raw(tier);
  const stored = await rows<Record<string, unknown>>(
    db,
    sql`SELECT extract(epoch from ${t}) * 1000 AS h, user_id, environment, model, feature, task_type, requests, errors,
        input_tokens, output_tokens, cost_usd
      FROM ${sql.raw(`rollup_user_${tier}`)} WHERE project_id = ${projectId}::uuid`,
  );
  const expected = await rows<Record<string, unknown>>(
    db,
    sql`SELECT extract(epoch from date_trunc(${tier}, start_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') * 1000 AS h, user_id,
        environment, coalesce(model, '') AS model, coalesce(feature, '') AS feature, coalesce(task_type, '') AS task_type,
        count(*) AS requests, count(*) FILTER (WHERE status = 'error') AS errors, sum(input_tokens) AS input_tokens,
        sum(output_tokens) AS output_tokens, sum(cost_usd) AS cost_usd
      FROM traces WHERE project_id = ${projectId}::uuid AND user_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  const norm = (list: Record<string, unknown>[]) =>
    new Map(
      list.map((r) => [
        [Number(r.h), r.user_id, r.environment, r.model, r.feature, r.task_type].join("|"),
        { requests: Number(r.requests), errors: Number(r.errors), inputTokens: Number(r.input_tokens), outputTokens: Number(r.output_tokens), costUsd: Number(r.cost_usd) },
      ]),
    );
  return { stored: norm(stored), expected: norm(expected) };
}
const userHours = (db: DbHandle["db"], projectId: string) => userRollup(db, projectId, "hour");
const userDays = (db: DbHandle["db"], projectId: string) => userRollup(db, projectId, "day");

/** The stored per-user hours (or days) equal the per-hour (per-day) GROUP BY over traces (integers exactly, cost to 1e-9). */
async function expectUserRollupExact(db: DbHandle["db"], projectId: string, tier: "hour" | "day") {
  const { stored, expected } = await userRollup(db, projectId, tier);
  expect([...stored.keys()].sort(), tier).toEqual([...expected.keys()].sort());
  for (const [k, s] of stored) {
    const e = expected.get(k)!;
    expect({ ...s, costUsd: 0 }, `${tier} ${k}`).toEqual({ ...e, costUsd: 0 });
    expect(Math.abs(s.costUsd - e.costUsd), `${tier} ${k}`).toBeLessThanOrEqual(1e-9 * Math.abs(e.costUsd));
  }
  return stored;
}
const expectUserHoursExact = (db: DbHandle["db"], projectId: string) => expectUserRollupExact(db, projectId, "hour");
const expectUserDaysExact = (db: DbHandle["db"], projectId: string) => expectUserRollupExact(db, projectId, "day");

const dirtyCount = async (db: DbHandle["db"]) => {
  const [r] = await rows<{ n: string }>(
    db,
    sql`SELECT (SELECT count(*) FROM rollup_dirty) + (SELECT count(*) FROM rollup_dirty_hour) + (SELECT count(*) FROM rollup_dirty_day) AS n`,
  );
  return Number(r!.n);
};

describe.each(BACKENDS)("cost per user on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  const traces = dataset();
  // five UTC days: 5 h of the first, three whole ones, 7 h of the last; a request every 10 min or so
  const dayTraces = dataset(D1 - 5 * HOUR, 504, 10 * 60_000, "d");
  let daysProjectId: string;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId } = await createTestProject(handle));
    for (let i = 0; i < traces.length; i += 240) await ingestBatch(handle.db, projectId, { traces: traces.slice(i, i + 240) });
    ({ projectId: daysProjectId } = await createTestProject(handle, "days"));
    await ingestBatch(handle.db, daysProjectId, { traces: dayTraces });
    await drainRollups(handle.db);
  });
  afterAll(async () => handle.close());

  it("keeps one row per UTC hour, user and dimensions, equal to the GROUP BY over traces", async () => {
    const stored = await expectUserHoursExact(handle.db, projectId);
    // six hours, many users and dimensions
    expect(new Set([...stored.keys()].map((k) => k.split("|")[0])).size).toBe(6);
    expect(stored.size).toBeGreaterThan(200);
    const total = [...stored.values()].reduce((n, s) => n + s.requests, 0);
    expect(total).toBe(traces.filter((t) => t.userId).length);
    expect([...stored.values()].reduce((n, s) => n + s.errors, 0)).toBeGreaterThan(0);
    // absent dimensions are '' (cache hits have no model; some requests no feature or task type)
    const keys = [...stored.keys()].map((k) => k.split("|"));
    expect(keys.some((k) => k[3] === "")).toBe(true);
    expect(keys.some((k) => k[4] === "")).toBe(true);
    expect(keys.some((k) => k[5] === "")).toBe(true);
  });

  it("keeps one row per UTC day, user and dimensions, equal to the per-day GROUP BY over traces", async () => {
    const stored = await expectUserDaysExact(handle.db, daysProjectId);
    const days = new Set([...stored.keys()].map((k) => Number(k.split("|")[0])));
    expect([...days].sort()).toEqual([D1 - DAY, D1, D1 + DAY, D1 + 2 * DAY, D1 + 3 * DAY]);
    expect([...stored.values()].reduce((n, s) => n + s.requests, 0)).toBe(dayTraces.filter((t) => t.userId).length);
    expect([...stored.values()].reduce((n, s) => n + s.errors, 0)).toBeGreaterThan(0);
    // fewer rows than the hours it sums (users and dimensions repeat within a day)
    expect(stored.size).toBeLessThan((await userHours(handle.db, daysProjectId)).stored.size);
    // the six-hour project: one day
    const one = await expectUserDaysExact(handle.db, projectId);
    expect(new Set([...one.keys()].map((k) => Number(k.split("|")[0])))).toEqual(new Set([Date.UTC(2026, 10, 21)]));
    expect(await dirtyCount(handle.db)).toBe(0);
  });

  it("over ranges with partial hours at either end, equals the raw GROUP BY", async () => {
    const ranges: Array<[number, number, string]> = [
      [T0 + 17 * 60_000 + 123, T0 + 5 * HOUR + 23 * 60_000 + 456, "partial hours at both ends"],
      [T0 - HOUR, T0 + 8 * HOUR, "whole hours only"],
      [T0 + 59 * 60_000, T0 + 2 * HOUR + 60_000, "one minute each side of one whole hour"],
      [T0 + 30 * 60_000, T0 + HOUR + 30 * 60_000, "across one hour boundary, no whole hour"],
      [T0 + 2 * HOUR + 10 * 60_000, T0 + 2 * HOUR + 50 * 60_000, "inside one hour"],
    ];
    for (const [fromMs, toMs, label] of ranges) {
      const got = await costPerUser(handle.db, projectId, { fromMs, toMs, bucketS: 3600 }, { limit: 500 });
      const want = await rawPerUser(handle.db, projectId, fromMs, toMs);
      expect(want.length, label).toBeGreaterThan(3);
      expectSameUsers(got, want, label);
    }
  });

  it("over ranges spanning whole days, partial days and partial hours, equals the raw GROUP BY", async () => {
    const ranges: Array<[number, number, string]> = [
      [D1 - 3 * HOUR + 17 * 60_000 + 123, D1 + 3 * DAY + 5 * HOUR + 23 * 60_000 + 456, "whole days, partial days and partial hours at both ends"],
      [D1, D1 + 3 * DAY, "whole days only"],
      [D1 - HOUR, D1 + 2 * DAY + 2 * HOUR, "whole hours around whole days"],
      [D1 + 12 * HOUR + 60_000, D1 + 2 * DAY + 12 * HOUR - 60_000, "one whole day, whole and partial hours around it"],
      [D1 + 60_000, D1 + 2 * DAY - 60_000, "two partial days, no whole day"],
      [D1 - 6 * HOUR, D1 + 4 * DAY, "all of it"],
    ];
    for (const [fromMs, toMs, label] of ranges) {
      const got = await costPerUser(handle.db, daysProjectId, { fromMs, toMs, bucketS: 3600 }, { limit: 500 });
      const want = await rawPerUser(handle.db, daysProjectId, fromMs, toMs);
      expect(want.length, label).toBe(USERS.length);
      expectSameUsers(got, want, label);
    }
    const [fromMs, toMs] = ranges[0]!;
    const cases: Array<{ search?: string; filters?: MetricFilters }> = [
      { filters: { environment: "staging" } },
      { filters: { environment: "production", model: "gpt-4o" } },
      { filters: { feature: "search", taskType: "chat" } },
      { search: "USER-1" },
      { search: "user-1", filters: { model: "claude-haiku-4-5" } },
      { search: "nobody" },
    ];
    for (const c of cases) {
      const got = await costPerUser(handle.db, daysProjectId, { fromMs, toMs, bucketS: 3600 }, { limit: 500, ...c });
      expectSameUsers(got, await rawPerUser(handle.db, daysProjectId, fromMs, toMs, c), JSON.stringify(c));
      // (alice's pseudonym, user-<20 hex digits>, holds "user-1" one time in 16)
      if (c.search === "USER-1") expect(got.map((u) => u.userId).filter((id) => !/^user-[0-9a-f]{20}$/.test(id)).sort()).toEqual(["user-1", "user-10", "user-11"]);
      if (c.search === "nobody") expect(got).toEqual([]);
    }
    const want = (await rawPerUser(handle.db, daysProjectId, fromMs, toMs)).sort((a, b) => b.costUsd - a.costUsd || (a.userId < b.userId ? -1 : 1));
    const top = await costPerUser(handle.db, daysProjectId, { fromMs, toMs, bucketS: 3600 }, { limit: 4 });
    expect(top.map((u) => u.userId)).toEqual(want.slice(0, 4).map((u) => u.userId));
  });

  it("reads whole days from the day aggregate; a pending day, or one holding a stale hour, from its hours and traces", async () => {
    const p = await createTestProject(handle, "day-probe");
    await ingestBatch(handle.db, p.projectId, { traces: dayTraces });
    await drainRollups(handle.db);
    const D2 = D1 + DAY;
    // one of user-2's hours inside D2 (not its first)
    const [h] = await rows<{ ms: number }>(
      handle.db,
      sql`SELECT extract(epoch from hour) * 1000 AS ms FROM rollup_user_hour WHERE project_id = ${p.projectId}::uuid AND user_id = 'user-2'
        AND hour >= to_timestamp(${D2 / 1000}) AND hour < to_timestamp(${(D2 + DAY) / 1000}) GROUP BY hour ORDER BY hour OFFSET 2 LIMIT 1`,
    );
    const H = Number(h!.ms);
    // markers only the aggregates hold: +1000 USD on one of user-2's rows of day D2, +100 on one of hour H
    await handle.db.execute(sql`UPDATE rollup_user_day SET cost_usd = cost_usd + 1000 WHERE ctid = (SELECT ctid FROM rollup_user_day
      WHERE project_id = ${p.projectId}::uuid AND day = to_timestamp(${D2 / 1000}) AND user_id = 'user-2' LIMIT 1)`);
    await handle.db.execute(sql`UPDATE rollup_user_hour SET cost_usd = cost_usd + 100 WHERE ctid = (SELECT ctid FROM rollup_user_hour
      WHERE project_id = ${p.projectId}::uuid AND hour = to_timestamp(${H / 1000}) AND user_id = 'user-2' LIMIT 1)`);
    const user2 = async (fromMs: number, toMs: number) =>
      (await costPerUser(handle.db, p.projectId, { fromMs, toMs, bucketS: 3600 }, { search: "user-2" }))[0]!.costUsd -
      (await rawPerUser(handle.db, p.projectId, fromMs, toMs, { search: "user-2" }))[0]!.costUsd;
    const wide: [number, number] = [D1 + 3 * HOUR + 7 * 60_000, D2 + DAY + 20 * HOUR + 3 * 60_000]; // D2 is its one whole day
    expect(await user2(...wide)).toBeCloseTo(1000, 6); // the whole day
    expect(await user2(D2 + 60_000, D2 + DAY + HOUR)).toBeCloseTo(100, 6); // not all of it: hours
    const mark = async (table: "rollup_dirty_day" | "rollup_dirty_hour" | "rollup_dirty", column: string, ms: number) =>
      handle.db.execute(sql`INSERT INTO ${sql.raw(table)} (project_id, ${sql.raw(column)}) VALUES (${p.projectId}::uuid, to_timestamp(${ms / 1000}))`);
    const unmark = async () => {
      for (const table of ["rollup_dirty_day", "rollup_dirty_hour", "rollup_dirty"]) {
        await handle.db.execute(sql`DELETE FROM ${sql.raw(table)} WHERE project_id = ${p.projectId}::uuid`);
      }
    };
    // a day not yet re-merged (its hours are current): read from its hours
    await mark("rollup_dirty_day", "day", D2);
    expect(await user2(...wide)).toBeCloseTo(100, 6);
    // and its stale hour from traces
    await mark("rollup_dirty_hour", "hour", H);
    expect(await user2(...wide)).toBeCloseTo(0, 9);
    // a stale hour keeps its day off the day aggregate even without a day mark (re-merged before that hour)
    await unmark();
    await mark("rollup_dirty_hour", "hour", H);
    expect(await user2(...wide)).toBeCloseTo(0, 9);
    await unmark();
    await mark("rollup_dirty", "minute", H + 42 * 60_000); // a minute not yet rebuilt makes its hour stale
    expect(await user2(...wide)).toBeCloseTo(0, 9);
    await unmark();
    await mark("rollup_dirty", "minute", D2 + 5 * DAY); // a mark outside the range changes nothing
    await mark("rollup_dirty_day", "day", D2 + 3 * DAY);
    expect(await user2(...wide)).toBeCloseTo(1000, 6);
    // every reading is exact meanwhile for every other user
    const R = { fromMs: wide[0], toMs: wide[1], bucketS: 3600 };
    expectSameUsers(
      (await costPerUser(handle.db, p.projectId, R, { limit: 500 })).filter((u) => u.userId !== "user-2"),
      (await rawPerUser(handle.db, p.projectId, ...wide)).filter((u) => u.userId !== "user-2"),
      "others",
    );
    // the rollup job rebuilds the hour, then the day, from traces: the markers are gone
    await unmark();
    await mark("rollup_dirty_hour", "hour", H);
    await drainRollups(handle.db);
    expect(await user2(...wide)).toBeCloseTo(0, 9);
    expect(await user2(D2 + 60_000, D2 + DAY + HOUR)).toBeCloseTo(0, 9);
    await expectUserHoursExact(handle.db, p.projectId);
    await expectUserDaysExact(handle.db, p.projectId);
    expect(await dirtyCount(handle.db)).toBe(0);
  });

  it("top N is the raw top N, in order", async () => {
    const [fromMs, toMs] = [T0 + 17 * 60_000, T0 + 5 * HOUR + 23 * 60_000];
    const want = (await rawPerUser(handle.db, projectId, fromMs, toMs)).sort((a, b) => b.costUsd - a.costUsd || (a.userId < b.userId ? -1 : 1));
    const got = await costPerUser(handle.db, projectId, { fromMs, toMs, bucketS: 3600 }, { limit: 3 });
    expect(got.map((u) => u.userId)).toEqual(want.slice(0, 3).map((u) => u.userId));
    expectSameUsers(got, want.slice(0, 3), "top 3");
  });

  it("filters and search give the raw answer", async () => {
    const [fromMs, toMs] = [T0 + 17 * 60_000 + 1, T0 + 5 * HOUR + 23 * 60_000];
    const cases: Array<{ search?: string; filters?: MetricFilters }> = [
      { filters: { environment: "staging" } },
      { filters: { environment: "production", model: "gpt-4o" } },
      { filters: { feature: "search" } },
      { filters: { taskType: "rag_answer" } },
      { filters: { model: "claude-haiku-4-5", feature: "support", taskType: "chat" } },
      { search: "USER-1" },
      { search: "user-1", filters: { environment: "staging" } },
      { search: "nobody" },
      // the user filter is not applied to cost per user (it never was)
      { filters: { userId: "user-2" } },
    ];
    for (const c of cases) {
      const got = await costPerUser(handle.db, projectId, { fromMs, toMs, bucketS: 3600 }, { limit: 500, ...c });
      const want = await rawPerUser(handle.db, projectId, fromMs, toMs, { search: c.search, filters: { ...c.filters, userId: undefined } });
      expectSameUsers(got, want, JSON.stringify(c));
      // (alice's pseudonym, user-<20 hex digits>, holds "user-1" one time in 16)
      if (c.search === "USER-1") expect(got.map((u) => u.userId).filter((id) => !/^user-[0-9a-f]{20}$/.test(id)).sort()).toEqual(["user-1", "user-10", "user-11"]);
      if (c.search === "nobody") expect(got).toEqual([]);
    }
  });

  it("reads whole hours from the aggregate, partial ones from traces", async () => {
    const p = await createTestProject(handle, "probe");
    await ingestBatch(handle.db, p.projectId, { traces: traces.slice(0, 300) });
    await drainRollups(handle.db);
    // a marker only the aggregate holds: one row of one user in the hour T0+1h gets 1000 USD more
    await handle.db.execute(sql`UPDATE rollup_user_hour SET cost_usd = cost_usd + 1000 WHERE ctid = (SELECT ctid FROM rollup_user_hour
      WHERE project_id = ${p.projectId}::uuid AND hour = to_timestamp(${(T0 + HOUR) / 1000}) AND user_id = 'user-2' LIMIT 1)`);
    const user2 = async (fromMs: number, toMs: number) =>
      (await costPerUser(handle.db, p.projectId, { fromMs, toMs, bucketS: 3600 }, { search: "user-2" }))[0]!.costUsd -
      (await rawPerUser(handle.db, p.projectId, fromMs, toMs, { search: "user-2" }))[0]!.costUsd;
    expect(await user2(T0 + 30 * 60_000, T0 + 2 * HOUR + 60_000)).toBeCloseTo(1000, 6); // the whole hour
    expect(await user2(T0 + HOUR + 60_000, T0 + 2 * HOUR)).toBeCloseTo(0, 9); // part of it: traces
    // an hour with a pending mark (data the rollup job has yet to fold in) is read from traces
    await handle.db.execute(sql`INSERT INTO rollup_dirty_hour (project_id, hour) VALUES (${p.projectId}::uuid, to_timestamp(${(T0 + HOUR) / 1000}))`);
    expect(await user2(T0 + 30 * 60_000, T0 + 2 * HOUR + 60_000)).toBeCloseTo(0, 9);
    await handle.db.execute(sql`DELETE FROM rollup_dirty_hour WHERE project_id = ${p.projectId}::uuid`);
    await handle.db.execute(sql`INSERT INTO rollup_dirty (project_id, minute) VALUES (${p.projectId}::uuid, to_timestamp(${(T0 + HOUR + 42 * 60_000) / 1000}))`);
    expect(await user2(T0 + 30 * 60_000, T0 + 2 * HOUR + 60_000)).toBeCloseTo(0, 9);
    // the rollup job rebuilds that hour from traces: the marker is gone
    await drainRollups(handle.db);
    expect(await user2(T0 + 30 * 60_000, T0 + 2 * HOUR + 60_000)).toBeCloseTo(0, 9);
    await expectUserHoursExact(handle.db, p.projectId);
  });

  it("a late trace is counted at once, and folded into its hour by the rollup job", async () => {
    const p = await createTestProject(handle, "late");
    await ingestBatch(handle.db, p.projectId, { traces: traces.slice(0, 400) });
    await drainRollups(handle.db);
    const before = await userHours(handle.db, p.projectId);
    // hours after its hour were rolled up long ago; this one belongs in T0+1h
    const lateStart = T0 + HOUR + 25 * 60_000;
    const late = {
      traceId: "late-1", userId: "user-3", environment: "staging", feature: "search", taskType: "chat",
      spans: [
        { spanId: "root", name: "req", kind: "server", startTime: lateStart, endTime: lateStart + 800 },
        { spanId: "gen", parentSpanId: "root", name: "chat", stage: "generation", startTime: lateStart + 5, durationMs: 700, model: "gpt-4o", inputTokens: 777, outputTokens: 55, costUsd: 0.125 },
      ],
    };
    await ingestBatch(handle.db, p.projectId, { traces: [late] });
    const R = { fromMs: T0 + 10 * 60_000, toMs: T0 + 3 * HOUR + 10 * 60_000, bucketS: 3600 };
    // not yet in the aggregate, yet already in the answer (its hour is read from traces meanwhile)
    expect((await userHours(handle.db, p.projectId)).stored).toEqual(before.stored);
    expectSameUsers(await costPerUser(handle.db, p.projectId, R, { limit: 500 }), await rawPerUser(handle.db, p.projectId, R.fromMs, R.toMs), "before the tick");
    const narrow = { search: "ser-3", filters: { environment: "staging", model: "gpt-4o" } };
    const narrowed = await costPerUser(handle.db, p.projectId, R, narrow);
    expectSameUsers(narrowed, await rawPerUser(handle.db, p.projectId, R.fromMs, R.toMs, narrow), "before the tick, filtered");
    // (alice's pseudonym, user-<20 hex digits>, holds "ser-3" one time in 16)
    expect(narrowed.map((u) => u.userId).filter((id) => !/^user-[0-9a-f]{20}$/.test(id))).toEqual(["user-3"]);
    await drainRollups(handle.db);
    const after = await expectUserHoursExact(handle.db, p.projectId);
    const key = [T0 + HOUR, "user-3", "staging", "gpt-4o", "search", "chat"].join("|");
    expect(after.get(key)!.inputTokens - (before.stored.get(key)?.inputTokens ?? 0)).toBe(777);
    expectSameUsers(await costPerUser(handle.db, p.projectId, R, { limit: 500 }), await rawPerUser(handle.db, p.projectId, R.fromMs, R.toMs), "after the tick");
  });

  it("a re-sent trace (same id, changed user, cost or hour) leaves the aggregate as if sent once", async () => {
    const start = T0 + 2 * HOUR + 5 * 60_000;
    const version = (userId: string, costUsd: number, at: number, inputTokens: number) => ({
      traceId: "again", userId, environment: "production", feature: "search", taskType: "chat",
      spans: [
        { spanId: "root", name: "req", kind: "server", startTime: at, endTime: at + 800 },
        { spanId: "gen", parentSpanId: "root", name: "chat", stage: "generation", startTime: at + 5, durationMs: 700, model: "gpt-4o", inputTokens, outputTokens: 40, costUsd },
      ],
    });
    // (no e-mail user ids: their pseudonyms differ between projects)
    const base = traces.slice(200, 400).filter((t) => t.userId !== "alice@example.com");
    const sentTwice = await createTestProject(handle, "twice");
    await ingestBatch(handle.db, sentTwice.projectId, { traces: [...base, version("user-4", 0.5, start, 100)] });
    await drainRollups(handle.db);
    await ingestBatch(handle.db, sentTwice.projectId, { traces: base }); // the same again, unchanged
    await ingestBatch(handle.db, sentTwice.projectId, { traces: [version("user-5", 0.75, start, 200)] }); // another user and cost
    await drainRollups(handle.db);
    // and again, now an hour later (every span moved)
    await ingestBatch(handle.db, sentTwice.projectId, { traces: [version("user-5", 0.75, start + HOUR, 200)] });
    await drainRollups(handle.db);

    const sentOnce = await createTestProject(handle, "once");
    await ingestBatch(handle.db, sentOnce.projectId, { traces: [...base, version("user-5", 0.75, start + HOUR, 200)] });
    await drainRollups(handle.db);

    const twice = await expectUserHoursExact(handle.db, sentTwice.projectId);
    const once = await expectUserHoursExact(handle.db, sentOnce.projectId);
    expect([...twice.keys()].sort()).toEqual([...once.keys()].sort());
    for (const [k, v] of once) {
      const t = twice.get(k)!;
      expect({ ...t, costUsd: 0 }, k).toEqual({ ...v, costUsd: 0 });
      expect(Math.abs(t.costUsd - v.costUsd), k).toBeLessThanOrEqual(1e-9 * v.costUsd);
    }
    // the request counts once, as user-5's, in the later hour
    const key = (h: number, user: string) => [h, user, "production", "gpt-4o", "search", "chat"].join("|");
    const baseOnly = await createTestProject(handle, "base");
    await ingestBatch(handle.db, baseOnly.projectId, { traces: base });
    await drainRollups(handle.db);
    const without = await expectUserHoursExact(handle.db, baseOnly.projectId);
    expect(twice.get(key(T0 + 3 * HOUR, "user-5"))!.inputTokens - (without.get(key(T0 + 3 * HOUR, "user-5"))?.inputTokens ?? 0)).toBe(200);
    expect(twice.get(key(T0 + 2 * HOUR, "user-4"))?.inputTokens).toBe(without.get(key(T0 + 2 * HOUR, "user-4"))?.inputTokens);
    expect(twice.get(key(T0 + 2 * HOUR, "user-5"))?.inputTokens).toBe(without.get(key(T0 + 2 * HOUR, "user-5"))?.inputTokens);
    const R = { fromMs: T0 + 2 * HOUR, toMs: T0 + 4 * HOUR, bucketS: 3600 };
    const got = await costPerUser(handle.db, sentTwice.projectId, R, { limit: 500 });
    expectSameUsers(got, await costPerUser(handle.db, sentOnce.projectId, R, { limit: 500 }), "twice vs once");
    expectSameUsers(got, await rawPerUser(handle.db, sentTwice.projectId, R.fromMs, R.toMs), "twice vs raw");
  });

  it("a late trace is folded into its day by the rollup job, and counted at once meanwhile", async () => {
    const p = await createTestProject(handle, "late-day");
    await ingestBatch(handle.db, p.projectId, { traces: dayTraces });
    await drainRollups(handle.db);
    const before = await userDays(handle.db, p.projectId);
    // its day (D1 + 1 day) and the days after it were rolled up long ago
    const lateStart = D1 + DAY + 5 * HOUR + 25 * 60_000;
    const late = {
      traceId: "late-day-1", userId: "user-3", environment: "staging", feature: "search", taskType: "chat",
      spans: [
        { spanId: "root", name: "req", kind: "server", startTime: lateStart, endTime: lateStart + 800 },
        { spanId: "gen", parentSpanId: "root", name: "chat", stage: "generation", startTime: lateStart + 5, durationMs: 700, model: "gpt-4o", inputTokens: 777, outputTokens: 55, costUsd: 0.125 },
      ],
    };
    await ingestBatch(handle.db, p.projectId, { traces: [late] });
    const R = { fromMs: D1 - 3 * HOUR + 7 * 60_000, toMs: D1 + 3 * DAY + 2 * HOUR + 11 * 60_000, bucketS: 3600 };
    // not yet in the day aggregate, yet already in the answer (its day is read from hours and traces meanwhile)
    expect((await userDays(handle.db, p.projectId)).stored).toEqual(before.stored);
    expectSameUsers(await costPerUser(handle.db, p.projectId, R, { limit: 500 }), await rawPerUser(handle.db, p.projectId, R.fromMs, R.toMs), "before the tick");
    const narrow = { search: "ser-3", filters: { environment: "staging", model: "gpt-4o" } };
    expectSameUsers(await costPerUser(handle.db, p.projectId, R, narrow), await rawPerUser(handle.db, p.projectId, R.fromMs, R.toMs, narrow), "before the tick, filtered");
    await drainRollups(handle.db);
    const after = await expectUserDaysExact(handle.db, p.projectId);
    const key = [D1 + DAY, "user-3", "staging", "gpt-4o", "search", "chat"].join("|");
    expect(after.get(key)!.inputTokens - (before.stored.get(key)?.inputTokens ?? 0)).toBe(777);
    expect(after.get(key)!.requests - (before.stored.get(key)?.requests ?? 0)).toBe(1);
    expectSameUsers(await costPerUser(handle.db, p.projectId, R, { limit: 500 }), await rawPerUser(handle.db, p.projectId, R.fromMs, R.toMs), "after the tick");
    expect(await dirtyCount(handle.db)).toBe(0);
  });

  it("a trace re-sent with another user and cost, then moved to another day, leaves the day aggregate as if sent once", async () => {
    const start = D1 + DAY + 2 * HOUR + 5 * 60_000;
    const version = (userId: string, costUsd: number, at: number, inputTokens: number) => ({
      traceId: "again", userId, environment: "production", feature: "search", taskType: "chat",
      spans: [
        { spanId: "root", name: "req", kind: "server", startTime: at, endTime: at + 800 },
        { spanId: "gen", parentSpanId: "root", name: "chat", stage: "generation", startTime: at + 5, durationMs: 700, model: "gpt-4o", inputTokens, outputTokens: 40, costUsd },
      ],
    });
    // (no e-mail user ids: their pseudonyms differ between projects)
    const base = dayTraces.filter((t, i) => i % 3 === 0 && t.userId !== "alice@example.com");
    const sentTwice = await createTestProject(handle, "twice-day");
    await ingestBatch(handle.db, sentTwice.projectId, { traces: [...base, version("user-4", 0.5, start, 100)] });
    await drainRollups(handle.db);
    await ingestBatch(handle.db, sentTwice.projectId, { traces: base.slice(30, 100) }); // some again, unchanged
    await ingestBatch(handle.db, sentTwice.projectId, { traces: [version("user-5", 0.75, start, 200)] }); // another user and cost
    await drainRollups(handle.db);
    // and again, now in the next day (every span moved)
    await ingestBatch(handle.db, sentTwice.projectId, { traces: [version("user-5", 0.75, start + DAY + HOUR, 200)] });
    await drainRollups(handle.db);

    const sentOnce = await createTestProject(handle, "once-day");
    await ingestBatch(handle.db, sentOnce.projectId, { traces: [...base, version("user-5", 0.75, start + DAY + HOUR, 200)] });
    await drainRollups(handle.db);
    const baseOnly = await createTestProject(handle, "base-day");
    await ingestBatch(handle.db, baseOnly.projectId, { traces: base });
    await drainRollups(handle.db);

    const twice = await expectUserDaysExact(handle.db, sentTwice.projectId);
    const once = await expectUserDaysExact(handle.db, sentOnce.projectId);
    const without = await expectUserDaysExact(handle.db, baseOnly.projectId);
    expect([...twice.keys()].sort()).toEqual([...once.keys()].sort());
    for (const [k, v] of once) {
      const t = twice.get(k)!;
      expect({ ...t, costUsd: 0 }, k).toEqual({ ...v, costUsd: 0 });
      expect(Math.abs(t.costUsd - v.costUsd), k).toBeLessThanOrEqual(1e-9 * v.costUsd);
    }
    // the request counts once, as user-5's, in the later day; the earlier day holds none of it
    const key = (d: number, user: string) => [d, user, "production", "gpt-4o", "search", "chat"].join("|");
    expect(twice.get(key(D1 + 2 * DAY, "user-5"))!.inputTokens - (without.get(key(D1 + 2 * DAY, "user-5"))?.inputTokens ?? 0)).toBe(200);
    for (const user of ["user-4", "user-5"]) expect(twice.get(key(D1 + DAY, user))?.inputTokens, user).toBe(without.get(key(D1 + DAY, user))?.inputTokens);
    const R = { fromMs: D1 - 2 * HOUR, toMs: D1 + 3 * DAY + HOUR + 30 * 60_000, bucketS: 3600 };
    const got = await costPerUser(handle.db, sentTwice.projectId, R, { limit: 500 });
    expectSameUsers(got, await costPerUser(handle.db, sentOnce.projectId, R, { limit: 500 }), "twice vs once");
    expectSameUsers(got, await rawPerUser(handle.db, sentTwice.projectId, R.fromMs, R.toMs), "twice vs raw");
  });

  it("delete-by-user leaves no row of the user, at once and after the rollup job", async () => {
    const p = await createTestProject(handle, "gdpr");
    await ingestBatch(handle.db, p.projectId, { traces });
    await drainRollups(handle.db);
    const stored = storedUserIds(p.projectId, "alice@example.com");
    const userRows = async (ids: string[], table = "rollup_user_hour") => {
      const [r] = await rows<{ n: string }>(
        handle.db,
        sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE project_id = ${p.projectId}::uuid AND user_id IN (SELECT json_array_elements_text(${JSON.stringify(ids)}::json))`,
      );
      return Number(r!.n);
    };
    for (const table of ["rollup_user_hour", "rollup_user_day"]) {
      expect(await userRows(stored, table), table).toBeGreaterThan(0);
      expect(await userRows(["user-3"], table), table).toBeGreaterThan(0);
    }
    const R = { fromMs: T0 + 17 * 60_000, toMs: T0 + 5 * HOUR + 23 * 60_000, bucketS: 3600 };
    // and the whole UTC day the data lies in (read from rollup_user_day)
    const wholeDay = { fromMs: Date.UTC(2026, 10, 21), toMs: Date.UTC(2026, 10, 22), bucketS: 3600 };
    const ids = async (range = R) => (await costPerUser(handle.db, p.projectId, range, { limit: 500 })).map((u) => u.userId);
    for (const range of [R, wholeDay]) {
      expect(await ids(range)).toContain("user-3");
      expect((await ids(range)).some((id) => stored.includes(id))).toBe(true);
    }

    const deleted = await deleteUserData(handle.db, p.projectId, "alice@example.com");
    expect(deleted.traces).toBeGreaterThan(10);
    await deleteUserData(handle.db, p.projectId, "user-3");
    // gone from the aggregates before the rollup job has run
    for (const table of ["rollup_user_hour", "rollup_user_day"]) expect(await userRows([...stored, "user-3"], table), table).toBe(0);
    for (const range of [R, wholeDay]) {
      expect(await ids(range)).not.toContain("user-3");
      expect((await ids(range)).some((id) => stored.includes(id))).toBe(false);
      expect((await ids(range)).length).toBe(USERS.length - 2);
    }
    await drainRollups(handle.db);
    for (const table of ["rollup_user_hour", "rollup_user_day"]) expect(await userRows([...stored, "user-3"], table), table).toBe(0);
    await expectUserHoursExact(handle.db, p.projectId);
    await expectUserDaysExact(handle.db, p.projectId);
    for (const range of [R, wholeDay]) {
      expectSameUsers(await costPerUser(handle.db, p.projectId, range, { limit: 500 }), await rawPerUser(handle.db, p.projectId, range.fromMs, range.toMs), "after delete");
    }
    expect(await dirtyCount(handle.db)).toBe(0);
  });
});

describe.each(BACKENDS)("migration 0012 on %s", (backend) => {
  it("fills rollup_user_hour from the traces already stored, by UTC hour whatever the session's time zone", async () => {
    // a copy of the migrations that stops at 0011, as an instance upgraded from it
    const before = mkdtempSync(path.join(tmpdir(), "tw-migrations-"));
    cpSync(MIGRATIONS_DIR, before, { recursive: true });
    const journalPath = path.join(before, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ idx: number }> };
    journal.entries = journal.entries.filter((e) => e.idx <= 11);
    writeFileSync(journalPath, JSON.stringify(journal));

    const handle = await freshDatabase(backend, { migrationsFolder: before });
    // the upgrade runs in a session whose time zone is 5:30 off UTC (an hour there is not a UTC hour)
    const session = backend === "pglite" ? handle : await openDatabase({ databaseUrl: await databaseUrlOf(handle), poolSize: 1 });
    try {
      const [exists] = await rows<{ t: string | null }>(handle.db, sql`SELECT to_regclass('rollup_user_hour')::text AS t`);
      expect(exists!.t).toBeNull();
      const [org] = await rows<{ id: string }>(handle.db, sql`INSERT INTO organizations (slug, name) VALUES ('o', 'O') RETURNING id`);
      const [project] = await rows<{ id: string }>(handle.db, sql`INSERT INTO projects (slug, name, organization_id) VALUES ('p', 'P', ${org!.id}::uuid) RETURNING id`);
      const values: SQL[] = [];
      for (let i = 0; i < 200; i++) {
        const at = new Date(T0 + i * 97_000 + 29 * 60_000).toISOString(); // straddles xx:30, where Kolkata's hours begin
        const user = i % 10 === 0 ? null : `u-${i % 7}`;
        values.push(sql`(${project!.id}::uuid, ${`m-${i}`}, ${user}, ${i % 3 ? "production" : "staging"}, ${i % 4 ? "gpt-4o" : null},
          ${i % 5 ? "f" : null}, ${i % 6 ? "chat" : null}, ${at}::timestamptz, ${at}::timestamptz + interval '1 second', 1000,
          ${i % 8 ? "ok" : "error"}, ${i * 10}, ${i}, ${i / 7})`);
      }
      await handle.db.execute(sql`INSERT INTO traces (project_id, trace_id, user_id, environment, model, feature, task_type,
        start_time, end_time, duration_ms, status, input_tokens, output_tokens, cost_usd) VALUES ${sql.join(values, sql`, `)}`);
      await session.db.execute(sql`SET TIME ZONE 'Asia/Kolkata'`);
      await migrateDatabase(session);
      await session.db.execute(sql`SET TIME ZONE 'UTC'`);
      const stored = await expectUserHoursExact(handle.db, project!.id);
      expect(stored.size).toBeGreaterThan(20);
      for (const k of stored.keys()) expect(Number(k.split("|")[0]) % HOUR).toBe(0);
      expect([...stored.values()].reduce((n, s) => n + s.requests, 0)).toBe(180);
      expect([...stored.values()].reduce((n, s) => n + s.errors, 0)).toBeGreaterThan(0);
    } finally {
      if (session !== handle) await session.close();
      await handle.close();
    }
  });
});

describe.each(BACKENDS)("migration 0014 on %s", (backend) => {
  it("fills rollup_user_day from rollup_user_hour, by UTC day whatever the session's time zone", async () => {
    // a copy of the migrations that stops at 0013, as an instance upgraded from it
    const before = mkdtempSync(path.join(tmpdir(), "tw-migrations-"));
    cpSync(MIGRATIONS_DIR, before, { recursive: true });
    const journalPath = path.join(before, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ idx: number }> };
    journal.entries = journal.entries.filter((e) => e.idx <= 13);
    writeFileSync(journalPath, JSON.stringify(journal));

    const handle = await freshDatabase(backend, { migrationsFolder: before });
    // the upgrade runs in a session whose time zone is 5:30 off UTC (a day there is not a UTC day)
    const session = backend === "pglite" ? handle : await openDatabase({ databaseUrl: await databaseUrlOf(handle), poolSize: 1 });
    try {
      const [exists] = await rows<{ t: string | null }>(handle.db, sql`SELECT to_regclass('rollup_user_day')::text AS t`);
      expect(exists!.t).toBeNull();
      const [org] = await rows<{ id: string }>(handle.db, sql`INSERT INTO organizations (slug, name) VALUES ('o', 'O') RETURNING id`);
      const [project] = await rows<{ id: string }>(handle.db, sql`INSERT INTO projects (slug, name, organization_id) VALUES ('p', 'P', ${org!.id}::uuid) RETURNING id`);
      const values: SQL[] = [];
      for (let i = 0; i < 240; i++) {
        // three days and a bit, straddling 18:30 UTC (midnight in Kolkata) and UTC midnight
        const at = new Date(T0 - 8 * HOUR + i * 23 * 60_000 + 7_000).toISOString();
        const user = i % 10 === 0 ? null : `u-${i % 7}`;
        values.push(sql`(${project!.id}::uuid, ${`m-${i}`}, ${user}, ${i % 3 ? "production" : "staging"}, ${i % 4 ? "gpt-4o" : null},
          ${i % 5 ? "f" : null}, ${i % 6 ? "chat" : null}, ${at}::timestamptz, ${at}::timestamptz + interval '1 second', 1000,
          ${i % 8 ? "ok" : "error"}, ${i * 10}, ${i}, ${i / 7})`);
      }
      await handle.db.execute(sql`INSERT INTO traces (project_id, trace_id, user_id, environment, model, feature, task_type,
        start_time, end_time, duration_ms, status, input_tokens, output_tokens, cost_usd) VALUES ${sql.join(values, sql`, `)}`);
      // the per-user hours as the rollup job of 0013 keeps them
      await handle.db.execute(sql`INSERT INTO rollup_user_hour (project_id, hour, user_id, environment, model, feature, task_type,
          requests, errors, input_tokens, output_tokens, cost_usd)
        SELECT project_id, date_trunc('hour', start_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', user_id, environment,
          coalesce(model, ''), coalesce(feature, ''), coalesce(task_type, ''),
          count(*), count(*) FILTER (WHERE status = 'error'), sum(input_tokens), sum(output_tokens), sum(cost_usd)
        FROM traces WHERE user_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7`);
      await session.db.execute(sql`SET TIME ZONE 'Asia/Kolkata'`);
      await migrateDatabase(session);
      await session.db.execute(sql`SET TIME ZONE 'UTC'`);
      const stored = await expectUserDaysExact(handle.db, project!.id);
      const days = new Set([...stored.keys()].map((k) => Number(k.split("|")[0])));
      expect(days.size).toBe(5);
      for (const d of days) expect(d % 86_400_000).toBe(0);
      expect([...stored.values()].reduce((n, s) => n + s.requests, 0)).toBe(216);
      expect([...stored.values()].reduce((n, s) => n + s.errors, 0)).toBeGreaterThan(0);
    } finally {
      if (session !== handle) await session.close();
      await handle.close();
    }
  });
});
