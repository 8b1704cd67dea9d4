import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { resolveRange } from "@/server/metrics/range";
import { counterTotals } from "@/server/metrics/counters";
import { createSpanPartition, ensureSpanPartitions, listSpanPartitions, partitionName } from "@/server/partitions/spans-partitions";
import { drainRollups } from "@/server/rollup/recompute";
import { saveDataSettings } from "@/server/settings/data-settings";
import { DEFAULT_DATA_SETTINGS } from "@/server/settings/schema";
import { BACKENDS, createTestProject, freshDatabase } from "@/test/helpers/backends";
import { deleteUserData, storedUserIds } from "./delete-user";
import { runRetentionPass } from "./retention";
import { runRetentionTick } from "./retention-job";

const DAY_MS = 86_400_000;
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const AGES_DAYS = [40, 10, 1];

function traceAt(traceId: string, startMs: number, userId = "user-1") {
  return {
    traceId,
    userId,
    taskType: "chat",
    spans: [
      { spanId: "root", name: "request", kind: "server", stage: "other", startTime: startMs, endTime: startMs + 900 },
      { spanId: "gen", parentSpanId: "root", name: "chat", stage: "generation", startTime: startMs + 10, endTime: startMs + 800, model: "gpt-4o", inputTokens: 10, outputTokens: 5 },
    ],
  };
}

describe.each(BACKENDS)("retention and delete-by-user on %s", (backend) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDatabase(backend);
  });
  afterAll(async () => handle.close());

  const count = async (projectId: string, table: string, column: string, olderThanDays: number) => {
    const [r] = await rows<{ n: string }>(
      handle.db,
      sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE project_id = ${projectId}::uuid
        AND ${sql.raw(column)} < ${new Date(NOW - olderThanDays * DAY_MS).toISOString()}::timestamptz`,
    );
    return Number(r!.n);
  };

  /** Traces, spans, engine samples and metric points at each age; rollups built. */
  async function seed(retentionDays?: number) {
    const p = await createTestProject(handle);
    if (retentionDays) await saveDataSettings(handle.db, p.projectId, { ...DEFAULT_DATA_SETTINGS, retentionDays });
    await ingestBatch(handle.db, p.projectId, {
      traces: AGES_DAYS.map((d) => traceAt(`t-${d}d`, NOW - d * DAY_MS)),
      engineSamples: AGES_DAYS.map((d) => ({ time: NOW - d * DAY_MS, host: "gpu-1", gpuIndex: 0, gpuUtilPct: 50 })),
    });
    for (const d of AGES_DAYS) {
      await handle.db.execute(sql`INSERT INTO metric_points (project_id, time, host, source, name, series_key, kind, value)
        VALUES (${p.projectId}::uuid, ${new Date(NOW - d * DAY_MS).toISOString()}::timestamptz, 'h', 'prometheus', 'up', 'k', 'gauge', 1)`);
    }
    await drainRollups(handle.db);
    return p.projectId;
  }

  it("deletes raw rows and rollups past each project's retention, in bounded batches", async () => {
    const byDefault = await seed(); // 30 days
    const weekly = await seed(7);
    for (const id of [byDefault, weekly]) expect(await count(id, "rollup_day", "minute", 0)).toBeGreaterThan(0);

    // batches of 1 row, 3 batches a pass: several passes, each bounded, until nothing is left
    const passes: number[] = [];
    for (let i = 0; i < 100; i++) {
      const pass = await runRetentionPass(handle.db, NOW, { batchSize: 1, maxBatches: 3 });
      passes.push(pass.total);
      if (pass.total === 0) break;
    }
    expect(passes.length).toBeGreaterThan(2);
    expect(passes.at(-1)).toBe(0);

    const tables = [["traces", "start_time"], ["spans", "start_time"], ["engine_samples", "time"], ["metric_points", "time"], ["rollup_minute", "minute"], ["rollup_hour", "minute"], ["rollup_user_hour", "hour"], ["rollup_user_day", "day"]];
    for (const [table, column] of tables) {
      // default project: the 40-day-old row is gone, the 10- and 1-day-old ones stay
      expect(await count(byDefault, table!, column!, 30), `${table} past 30 days`).toBe(0);
      expect(await count(byDefault, table!, column!, 0), `${table} kept`).toBeGreaterThan(0);
      expect(await count(byDefault, table!, column!, 5), `${table} 10 days old kept`).toBeGreaterThan(0);
      // 7-day project: only the 1-day-old row stays
      expect(await count(weekly, table!, column!, 7), `${table} past 7 days`).toBe(0);
      expect(await count(weekly, table!, column!, 0), `${table} kept`).toBeGreaterThan(0);
    }
    expect(await count(weekly, "rollup_day", "minute", 8)).toBe(0);
    // the job's tick (advisory lock on PostgreSQL) finds nothing more to do
    expect(await runRetentionTick(handle, NOW)).toBe(0);
  });

  it("drops a day partition past every project's retention; a shorter retention still deletes rows", async () => {
    const byDefault = await seed(); // 30 days, the longest of any project in this database
    const weekly = await seed(7);
    // the 40-day-old day gets a partition of its own (its rows move out of the default partition);
    // the 10- and 1-day-old ones get theirs from the partition job
    await createSpanPartition(handle.db, NOW - 40 * DAY_MS);
    await ensureSpanPartitions(handle.db, NOW, { maxPartitions: 100 });
    const old = partitionName(NOW - 40 * DAY_MS);
    const tenDays = partitionName(NOW - 10 * DAY_MS);
    const names = (await listSpanPartitions(handle.db)).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([old, tenDays]));
    const inPartition = async (name: string) => {
      const [r] = await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM ${sql.raw(name)} WHERE project_id IN (${byDefault}::uuid, ${weekly}::uuid)`);
      return Number(r!.n);
    };
    expect(await inPartition(old)).toBe(4);
    expect(await inPartition(tenDays)).toBe(4);

    const pass = await runRetentionPass(handle.db, NOW, { maxBatches: 100 });
    expect(pass.droppedPartitions).toEqual([old]);
    // dropped whole: no DELETE counted its spans, and the table is gone
    const [gone] = await rows<{ t: string | null }>(handle.db, sql`SELECT to_regclass(${old})::text AS t`);
    expect(gone!.t).toBeNull();
    // the weekly project's 10-day-old spans went by DELETE from their (kept) partition; the default project's stay
    expect(pass.deleted.spans).toBe(2);
    expect(await count(weekly, "spans", "start_time", 7)).toBe(0);
    expect(await count(byDefault, "spans", "start_time", 30)).toBe(0);
    expect(await count(byDefault, "spans", "start_time", 5)).toBe(2);
    expect(await inPartition(tenDays)).toBe(2);
    // traces are not partitioned: theirs went by DELETE
    expect(await count(byDefault, "traces", "start_time", 30)).toBe(0);
    // nothing more: the next pass drops and deletes nothing
    const again = await runRetentionPass(handle.db, NOW);
    expect(again.droppedPartitions).toEqual([]);
    expect(again.total).toBe(0);
  });

  it("deletes one user's traces and spans, and rollup counts drop after the rollup tick", async () => {
    const { projectId } = await createTestProject(handle);
    // 10:00 UTC yesterday: a day that is over, so the rollup job merges it (and its per-user day)
    const t0 = Math.floor(NOW / DAY_MS) * DAY_MS - 14 * 3_600_000;
    await ingestBatch(handle.db, projectId, {
      traces: [traceAt("a-1", t0, "alice@example.com"), traceAt("a-2", t0 + 60_000, "alice@example.com"), traceAt("b-1", t0, "bob")],
    });
    await drainRollups(handle.db);
    const requests = async () => {
      const totals = await counterTotals(handle.db, projectId, resolveRange({ range: "7d" }, NOW + 60_000), { groupBy: "model" });
      return totals.reduce((n, t) => n + t.count, 0);
    };
    expect(await requests()).toBe(3);

    // alice's id was stored as a pseudonym (e-mail user ids are hashed by default); her address finds it
    const perUser = async (table: "rollup_user_hour" | "rollup_user_day") => {
      const found = await rows<{ user_id: string; n: string }>(
        handle.db,
        sql`SELECT user_id, sum(requests) AS n FROM ${sql.raw(table)} WHERE project_id = ${projectId}::uuid GROUP BY user_id ORDER BY user_id`,
      );
      return found.map((u) => [u.user_id, Number(u.n)]);
    };
    const userHours = () => perUser("rollup_user_hour");
    const userDays = () => perUser("rollup_user_day");
    const [alice] = storedUserIds(projectId, "alice@example.com").slice(-1);
    const both = [["bob", 1], [alice, 2]].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(await userHours()).toEqual(both);
    expect(await userDays()).toEqual(both);

    const deleted = await deleteUserData(handle.db, projectId, "alice@example.com");
    expect(deleted).toEqual({ traces: 2, spans: 4 });
    // her per-user hours and days go at once, not at the next rollup tick
    expect(await userHours()).toEqual([["bob", 1]]);
    expect(await userDays()).toEqual([["bob", 1]]);
    const [left] = await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM spans WHERE project_id = ${projectId}::uuid`);
    expect(Number(left!.n)).toBe(2);

    await drainRollups(handle.db);
    expect(await requests()).toBe(1);
    expect(await userHours()).toEqual([["bob", 1]]);
    expect(await userDays()).toEqual([["bob", 1]]);
    expect(await deleteUserData(handle.db, projectId, "alice@example.com")).toEqual({ traces: 0, spans: 0 });
  });

  it("keeps a day of rollup_user_day until all of it is past retention, its hours only while they are", async () => {
    // runs last: its pass (at an earlier "now" than the others) goes through every project here
    const HOUR_MS = 3_600_000;
    const day = Math.floor(NOW / DAY_MS) * DAY_MS - 10 * DAY_MS;
    const nowMs = day + 7 * DAY_MS + 10 * HOUR_MS + 30 * 60_000; // 7-day retention: the cutoff is 10:30 of `day`
    const { projectId } = await createTestProject(handle);
    await saveDataSettings(handle.db, projectId, { ...DEFAULT_DATA_SETTINGS, retentionDays: 7 });
    const at = [day - 4 * HOUR_MS, day + 8 * HOUR_MS, day + 12 * HOUR_MS, day + 2 * DAY_MS + HOUR_MS];
    await ingestBatch(handle.db, projectId, { traces: at.map((ms, i) => traceAt(`r-${i}`, ms + 60_000)) });
    await drainRollups(handle.db);
    const stored = async (table: string, column: string) => {
      const found = await rows<{ t: number; n: string }>(
        handle.db,
        sql`SELECT extract(epoch from ${sql.raw(column)}) * 1000 AS t, sum(requests) AS n FROM ${sql.raw(table)}
          WHERE project_id = ${projectId}::uuid GROUP BY 1 ORDER BY 1`,
      );
      return found.map((r) => [Number(r.t), Number(r.n)]);
    };
    expect(await stored("rollup_user_day", "day")).toEqual([[day - DAY_MS, 1], [day, 2], [day + 2 * DAY_MS, 1]]);
    expect(await stored("rollup_user_hour", "hour")).toEqual(at.map((ms) => [ms, 1]));

    await runRetentionPass(handle.db, nowMs, { maxBatches: 100 });
    // the day before the cutoff's goes; the cutoff's day stays whole (as rollup_day does) until it is all past
    expect(await stored("rollup_user_day", "day")).toEqual([[day, 2], [day + 2 * DAY_MS, 1]]);
    expect(await stored("rollup_user_hour", "hour")).toEqual([[day + 12 * HOUR_MS, 1], [day + 2 * DAY_MS + HOUR_MS, 1]]);
    expect(await count(projectId, "traces", "start_time", 0)).toBe(2);
    const [days] = await rows<{ n: string }>(handle.db, sql`SELECT count(DISTINCT minute) AS n FROM rollup_day WHERE project_id = ${projectId}::uuid`);
    expect(Number(days!.n)).toBe(2);
    // a day later the cutoff's day is all past: its row goes
    await runRetentionPass(handle.db, nowMs + DAY_MS, { maxBatches: 100 });
    expect(await stored("rollup_user_day", "day")).toEqual([[day + 2 * DAY_MS, 1]]);
  });
});
