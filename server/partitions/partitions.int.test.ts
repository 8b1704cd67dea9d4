import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, rows, type DbHandle } from "@/db/client";
import { MIGRATIONS_DIR, migrateDatabase } from "@/db/migrate";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { drainRollups } from "@/server/rollup/recompute";
import { BACKENDS, createTestProject, freshDatabase } from "@/test/helpers/backends";
import { runPartitionTick } from "./partition-job";
import {
  DAY_MS,
  DAYS_AHEAD,
  DAYS_BEHIND,
  createSpanPartition,
  ensureSpanPartitions,
  floorDay,
  listSpanPartitions,
  partitionDay,
  partitionName,
  timescaleAvailable,
} from "./spans-partitions";

const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const TODAY = floorDay(NOW);

function traceAt(traceId: string, startMs: number, genStartMs = startMs + 10) {
  return {
    traceId,
    taskType: "chat",
    spans: [
      { spanId: "root", name: "request", kind: "server", startTime: startMs, endTime: startMs + 900 },
      { spanId: "gen", parentSpanId: "root", name: "chat", stage: "generation", startTime: genStartMs, durationMs: 500, model: "gpt-4o", inputTokens: 10, outputTokens: 5 },
    ],
  };
}

/** A copy of the migrations folder that stops at `lastTag` (an install from before partitioning). */
function migrationsUpTo(lastTag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tw-migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe("partition names", () => {
  it("name the UTC day and read back", () => {
    const day = Date.UTC(2026, 0, 5);
    expect(partitionName(day + 13 * 3_600_000)).toBe("spans_p20260105");
    expect(partitionDay("spans_p20260105")).toBe(day);
    expect(partitionDay("spans_default")).toBeNull();
  });
});

describe.each(BACKENDS)("span partitions on %s", (backend) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDatabase(backend);
  });
  afterAll(async () => handle.close());

  /** Where each of a project's spans is stored: span id → partition. */
  const placement = async (projectId: string) => {
    const found = await rows<{ trace_id: string; span_id: string; part: string; ms: number }>(
      handle.db,
      sql`SELECT trace_id, span_id, tableoid::regclass::text AS part, extract(epoch from start_time) * 1000 AS ms
        FROM spans WHERE project_id = ${projectId}::uuid ORDER BY trace_id, span_id, start_time`,
    );
    return found.map((f) => ({ key: `${f.trace_id}/${f.span_id}`, part: f.part, ms: Number(f.ms) }));
  };

  it("spans is partitioned by day with a default partition, keyed with start_time", async () => {
    const [kind] = await rows<{ relkind: string }>(handle.db, sql`SELECT relkind FROM pg_class WHERE oid = 'spans'::regclass`);
    expect(kind!.relkind).toBe("p");
    const [pk] = await rows<{ def: string }>(
      handle.db,
      sql`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'spans'::regclass AND contype = 'p'`,
    );
    expect(pk!.def).toBe("PRIMARY KEY (project_id, trace_id, span_id, start_time)");
    const [def] = await rows<{ bound: string }>(
      handle.db,
      sql`SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE oid = 'spans_default'::regclass`,
    );
    expect(def!.bound).toBe("DEFAULT");
    // the migration created yesterday to two days ahead (of the day it ran)
    const names = (await listSpanPartitions(handle.db)).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([partitionName(TODAY), partitionName(TODAY + 2 * DAY_MS)]));
  });

  it("creates partitions ahead and behind, moves late rows out of the default, and skips expired days", async () => {
    const { projectId } = await createTestProject(handle, "late");
    const late = TODAY - 20 * DAY_MS + 3_600_000; // inside the 30-day retention, outside the week kept ready
    const expired = TODAY - 45 * DAY_MS; // past every project's retention: stays for retention's DELETE
    await ingestBatch(handle.db, projectId, { traces: [traceAt("late", late), traceAt("old", expired), traceAt("now", NOW - 60_000)] });
    const before = await placement(projectId);
    expect(before.filter((p) => p.key.startsWith("late/")).map((p) => p.part)).toEqual(["spans_default", "spans_default"]);

    const result = await ensureSpanPartitions(handle.db, NOW, { maxPartitions: 100 });
    expect(result.created).toContain(partitionName(late));
    expect(result.moved).toBe(2);
    const days = new Set((await listSpanPartitions(handle.db)).map((p) => p.dayMs));
    for (let d = -DAYS_BEHIND; d <= DAYS_AHEAD; d++) expect(days.has(TODAY + d * DAY_MS), `day ${d}`).toBe(true);
    expect(days.has(floorDay(expired))).toBe(false);

    const after = await placement(projectId);
    expect(after.map((p) => p.key)).toEqual(before.map((p) => p.key)); // nothing lost, nothing doubled
    const where = Object.fromEntries(after.map((p) => [p.key, p.part]));
    expect(where["late/root"]).toBe(partitionName(late));
    expect(where["now/gen"]).toBe(partitionName(NOW - 60_000));
    expect(where["old/root"]).toBe("spans_default");
    // nothing left to do; an existing partition is not created twice
    expect((await ensureSpanPartitions(handle.db, NOW)).created).toEqual([]);
    expect(await createSpanPartition(handle.db, late)).toBeNull();
    // the job does the same under its advisory lock
    expect(await runPartitionTick(handle, NOW)).toBe(0);
  });

  it("a re-sent span keeps one row: upserted in place, or moved to its new day's partition", async () => {
    const { projectId } = await createTestProject(handle, "moved");
    await ensureSpanPartitions(handle.db, NOW, { maxPartitions: 100 });
    const t0 = TODAY - 2 * DAY_MS + 12 * 3_600_000;
    await ingestBatch(handle.db, projectId, { traces: [traceAt("m", t0)] });
    // same start: ON CONFLICT on the partitioned key updates the row
    await ingestBatch(handle.db, projectId, { traces: [{ ...traceAt("m", t0), spans: [{ ...traceAt("m", t0).spans[1]!, durationMs: 700 }] }] });
    let stored = await placement(projectId);
    expect(stored.map((s) => s.key)).toEqual(["m/gen", "m/root"]);
    const [dur] = await rows<{ d: number }>(handle.db, sql`SELECT duration_ms AS d FROM spans WHERE project_id = ${projectId}::uuid AND span_id = 'gen'`);
    expect(Number(dur!.d)).toBe(700);
    // the generation span moves to the next day: its old row goes, the new one lands in the next partition
    const moved = t0 + DAY_MS;
    await ingestBatch(handle.db, projectId, { traces: [{ traceId: "m", spans: [traceAt("m", t0, moved).spans[1]!] }] });
    stored = await placement(projectId);
    expect(stored).toEqual([
      { key: "m/gen", part: partitionName(moved), ms: moved },
      { key: "m/root", part: partitionName(t0), ms: t0 },
    ]);
    // and rollups count it once, in its new minute
    await drainRollups(handle.db);
    const minutes = await rows<{ m: number; n: number }>(
      handle.db,
      sql`SELECT extract(epoch from minute) * 1000 AS m, sum(count) AS n FROM rollup_minute
        WHERE project_id = ${projectId}::uuid AND stage = 'generation' GROUP BY 1`,
    );
    expect(minutes.map((x) => [Number(x.m), Number(x.n)])).toEqual([[Math.floor(moved / 60_000) * 60_000, 1]]);
  });

  it("parallel re-sends of a moved span leave one row", async () => {
    const { projectId } = await createTestProject(handle, "race");
    const t0 = NOW - 3_600_000;
    await ingestBatch(handle.db, projectId, { traces: [traceAt("r", t0)] });
    await Promise.all(
      [1, 2, 3, 4].map((i) => ingestBatch(handle.db, projectId, { traces: [{ traceId: "r", spans: [traceAt("r", t0, t0 + i * 60_000).spans[1]!] }] })),
    );
    const stored = await placement(projectId);
    expect(stored.filter((s) => s.key === "r/gen")).toHaveLength(1);
  });

  it("detects whether timescaledb is available (it is not installed here)", async () => {
    expect(await timescaleAvailable(handle.db)).toBe(false);
  });
});

describe.each(BACKENDS)("partitioning an existing install on %s", (backend) => {
  it("moves every stored span into a partition of its day, keeping each row once", async () => {
    const dir = migrationsUpTo("0009_project_settings");
    // a database at the last migration before partitioning, with spans on several days
    const handle = await freshDatabaseAt(backend, dir);
    try {
      const [p] = await rows<{ id: string }>(handle.db, sql`INSERT INTO projects (slug, name) VALUES ('old', 'old') RETURNING id`);
      const days = [TODAY - 400 * DAY_MS, TODAY - 3 * DAY_MS, TODAY];
      for (const [i, day] of days.entries()) {
        for (const span of ["a", "b"]) {
          await handle.db.execute(sql`INSERT INTO spans (project_id, trace_id, span_id, name, start_time, end_time, duration_ms)
            VALUES (${p!.id}::uuid, ${`t${i}`}, ${span}, 'x', ${new Date(day + 3_600_000).toISOString()}::timestamptz,
              ${new Date(day + 3_600_500).toISOString()}::timestamptz, 500)`);
        }
      }
      await migrateDatabase(handle);
      const stored = await rows<{ part: string; n: number }>(
        handle.db,
        sql`SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM spans GROUP BY 1 ORDER BY 1`,
      );
      expect(stored).toEqual(days.map((d) => ({ part: partitionName(d), n: 2 })));
      const [kind] = await rows<{ relkind: string }>(handle.db, sql`SELECT relkind FROM pg_class WHERE oid = 'spans'::regclass`);
      expect(kind!.relkind).toBe("p");
      expect(await rows(handle.db, sql`SELECT 1 FROM pg_class WHERE relname = 'spans_unpartitioned'`)).toEqual([]);
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Like freshDatabase (which always migrates to the latest), but migrated with the migrations in `dir` only. */
async function freshDatabaseAt(backend: (typeof BACKENDS)[number], dir: string): Promise<DbHandle> {
  if (backend === "pglite") {
    const handle = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(handle, dir);
    return handle;
  }
  const adminUrl = inject("pgUrl");
  const name = `tw_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await migrateDatabase(handle, dir);
  const close = handle.close;
  return {
    ...handle,
    async close() {
      await close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
