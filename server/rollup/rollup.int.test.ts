import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { counterTotals } from "@/server/metrics/counters";
import { latencySeries } from "@/server/metrics/latency";
import { mergedSketches } from "@/server/metrics/sketches";
import { latencyInput } from "@/server/metrics/schema";
import { BACKENDS, createTestProject, freshDatabase } from "@/test/helpers/backends";
import { drainRollups, recomputeMinutes } from "./recompute";
import { encodeCounts, LatencySketch, relativeAccuracy } from "./sketch";

const T0 = Date.UTC(2026, 10, 21, 6, 0, 0);
const MODELS = ["gpt-4o", "claude-haiku-4-5", "llama-3.1-8b-instruct"];

/** Deterministic traffic: 1 200 requests over two hours, log-normal-ish latencies, retries and cache hits. */
function dataset() {
  let state = 12345;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const traces = [];
  for (let i = 0; i < 1200; i++) {
    const start = T0 + Math.floor(i * 6000 + rand() * 5000);
    const model = MODELS[i % 3]!;
    const gen = Math.exp(Math.log(600) + 0.8 * Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand()));
    const retry = i % 17 === 0;
    const spans: Record<string, unknown>[] = [
      { spanId: "root", name: "request", kind: "server", startTime: start, endTime: start + 20 + gen + (retry ? 400 : 0) + 15 },
      { spanId: "cache", parentSpanId: "root", name: "cache", stage: "cache", startTime: start + 2, durationMs: 5, cacheOutcome: i % 9 === 0 ? "semantic_hit" : "miss" },
    ];
    if (retry) {
      spans.push({ spanId: "g0", parentSpanId: "root", name: "chat", stage: "generation", startTime: start + 20, durationMs: 30, model, httpStatus: 429 });
    }
    const gStart = start + 20 + (retry ? 400 : 0);
    spans.push({
      spanId: "g1", parentSpanId: "root", name: "chat", stage: "generation", startTime: gStart, durationMs: gen,
      ttftMs: gen * 0.3, model, provider: "p", inputTokens: 500, outputTokens: 50 + (i % 200), attempt: retry ? 2 : 1,
      ...(retry ? { retryOfSpanId: "g0" } : {}),
    });
    traces.push({ traceId: `r-${i}`, taskType: i % 2 ? "chat" : "rag_answer", feature: "f", spans });
  }
  return traces;
}

async function snapshot(handle: DbHandle, projectId: string, table: "rollup_minute" | "rollup_hour" | "rollup_day" = "rollup_minute") {
  const list = await rows<Record<string, unknown>>(
    handle.db,
    sql`SELECT minute, stage, environment, model, provider, task_type, feature, status, count, rate_limited, timeouts,
      server_errors, retries, attempts, fallbacks, circuit_open, cache_exact, cache_semantic, cache_lookups, input_tokens,
      output_tokens, cached_tokens, round(cost_usd::numeric, 12) AS cost, round(duration_sum_ms::numeric, 6) AS dur_sum,
      duration_max_ms, duration_sketch::text AS d, ttft_sketch::text AS tt, tpot_sketch::text AS tp
      FROM ${sql.raw(table)} WHERE project_id = ${projectId}::uuid
      ORDER BY minute, stage, environment, model, provider, task_type, feature, status`,
  );
  return list.map((r) => JSON.stringify(r));
}

describe.each(BACKENDS)("rollups on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  const traces = dataset();

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId } = await createTestProject(handle));
    for (let i = 0; i < traces.length; i += 300) await ingestBatch(handle.db, projectId, { traces: traces.slice(i, i + 300) });
    await drainRollups(handle.db);
  });
  afterAll(async () => handle.close());

  it("rollup percentiles agree with exact percentile_cont within the sketch's accuracy", async () => {
    const alpha = relativeAccuracy();
    for (const stage of ["request", "generation"] as const) {
      for (const metric of ["duration", "ttft", "tpot"] as const) {
        const base = { from: T0 - 2 * 3_600_000, to: T0 + 4 * 3_600_000, groupBy: "model" as const, stage, metric };
        const fromRollup = await latencySeries(handle.db, projectId, latencyInput.parse(base));
        const exact = await latencySeries(handle.db, projectId, latencyInput.parse({ ...base, exact: true }));
        expect(fromRollup.source).toBe("rollup");
        expect(exact.source).toBe("raw");
        expect(fromRollup.range.bucketS).toBe(exact.range.bucketS);
        let compared = 0;
        for (const s of exact.series) {
          const other = fromRollup.series.find((x) => x.key === s.key)!;
          s.points.forEach((p, i) => {
            const q = other.points[i]!;
            expect(q.count).toBe(p.count);
            for (const k of ["p50", "p90", "p95", "p99"] as const) {
              if (p[k] == null) expect(q[k]).toBeNull();
              else {
                expect(Math.abs(q[k]! - p[k]!) / p[k]!, `${stage} ${metric} ${s.key} ${k} @${p.t}: exact ${p[k]} rollup ${q[k]} n=${p.count}`).toBeLessThanOrEqual(alpha + 1e-9);
                compared++;
              }
            }
          });
        }
        expect(compared).toBeGreaterThan(100);
      }
    }
  });

  it("long ranges read hourly rollups and still agree with exact percentiles", async () => {
    const alpha = relativeAccuracy();
    const base = { from: T0 - 36 * 3_600_000, to: T0 + 36 * 3_600_000, groupBy: "model" as const };
    const fromHours = await latencySeries(handle.db, projectId, latencyInput.parse(base));
    const exact = await latencySeries(handle.db, projectId, latencyInput.parse({ ...base, exact: true }));
    expect(fromHours.range.bucketS).toBe(3600);
    expect(exact.range.bucketS).toBe(3600);
    let compared = 0;
    for (const s of exact.series) {
      const other = fromHours.series.find((x) => x.key === s.key)!;
      s.points.forEach((p, i) => {
        expect(other.points[i]!.count).toBe(p.count);
        for (const k of ["p50", "p95", "p99", "max"] as const) {
          if (p[k] == null) continue;
          expect(Math.abs(other.points[i]![k]! - p[k]!) / p[k]!).toBeLessThanOrEqual(alpha + 1e-9);
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThanOrEqual(3 * 2 * 4);
  });

  it("whole-range totals read daily rollups and still equal the raw rows", async () => {
    const r = { fromMs: T0 - 2 * 86_400_000, toMs: T0 + 2 * 86_400_000, bucketS: 3600 };
    const [exact] = await rows<{ n: string; p50: number; p95: number; p99: number }>(
      handle.db,
      sql`SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95, percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99
        FROM traces WHERE project_id = ${projectId}::uuid`,
    );
    const [days] = await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM rollup_day WHERE project_id = ${projectId}::uuid`);
    expect(Number(days!.n)).toBeGreaterThan(0);
    const totals = await counterTotals(handle.db, projectId, r, { groupBy: "status" });
    expect(totals.reduce((n, t) => n + t.count, 0)).toBe(Number(exact!.n));
    const sketch = (await mergedSketches(handle.db, projectId, r, { column: "duration_sketch" })).get("")!;
    expect(sketch.count).toBe(Number(exact!.n));
    for (const [q, want] of [[0.5, exact!.p50], [0.95, exact!.p95], [0.99, exact!.p99]] as const) {
      expect(Math.abs(sketch.quantile(q)! - Number(want)) / Number(want)).toBeLessThanOrEqual(relativeAccuracy() + 1e-9);
    }
  });

  it("marks empty buckets as gaps", async () => {
    const res = await latencySeries(handle.db, projectId, latencyInput.parse({ from: T0 - 3_600_000, to: T0 + 3 * 3_600_000 }));
    expect(res.series).toHaveLength(1);
    const pts = res.series[0]!.points;
    expect(pts[0]).toMatchObject({ count: 0, p95: null });
    expect(res.emptyBuckets).toContain(pts[0]!.t);
    expect(pts.reduce((n, p) => n + p.count, 0)).toBe(1200);
  });

  it("late, re-sent and reordered data leave the rollups exactly as if sent once, in order", async () => {
    const other = await createTestProject(handle, "late");
    // the same traffic, sent backwards in small batches, each twice, with the retry spans arriving last
    const withoutRetries = traces.map((t) => ({ ...t, spans: t.spans.filter((s) => s.spanId !== "g0") }));
    const lateRetries = traces
      .filter((t) => t.spans.some((s) => s.spanId === "g0"))
      .map((t) => ({ traceId: t.traceId, spans: t.spans.filter((s) => s.spanId === "g0") }));
    const reversed = [...withoutRetries].reverse();
    for (let i = 0; i < reversed.length; i += 150) {
      const part = reversed.slice(i, i + 150);
      await ingestBatch(handle.db, other.projectId, { traces: part });
      if (i % 300 === 0) await drainRollups(handle.db); // rollups built mid-way must be corrected later
      await ingestBatch(handle.db, other.projectId, { traces: part });
    }
    await drainRollups(handle.db);
    await ingestBatch(handle.db, other.projectId, { traces: lateRetries });
    await ingestBatch(handle.db, other.projectId, { traces: lateRetries });
    await drainRollups(handle.db);
    const expected = await snapshot(handle, projectId);
    expect(expected.length).toBeGreaterThan(100);
    expect(await snapshot(handle, other.projectId)).toEqual(expected);
    const hours = await snapshot(handle, projectId, "rollup_hour");
    expect(hours.length).toBeGreaterThan(10);
    expect(await snapshot(handle, other.projectId, "rollup_hour")).toEqual(hours);
    const days = await snapshot(handle, projectId, "rollup_day");
    expect(days.length).toBeGreaterThan(5);
    expect(await snapshot(handle, other.projectId, "rollup_day")).toEqual(days);
  });

  it("a re-sent span that moved to another minute leaves its old minute", async () => {
    const p = await createTestProject(handle, "moved");
    const send = (start: number) =>
      ingestBatch(handle.db, p.projectId, {
        traces: [
          {
            traceId: "m",
            spans: [
              // the root stays put ten minutes earlier, so only the span itself knows its old minute
              { spanId: "root", name: "req", kind: "server", startTime: T0 - 10 * 60_000, endTime: T0 + 10 * 60_000 },
              { spanId: "g", parentSpanId: "root", name: "chat", stage: "generation", startTime: start, durationMs: 100, model: "gpt-4o" },
            ],
          },
        ],
      });
    await send(T0);
    await drainRollups(handle.db);
    await send(T0 + 5 * 60_000);
    await drainRollups(handle.db);
    const minutes = await rows<{ m: number; n: number }>(
      handle.db,
      sql`SELECT extract(epoch from minute) * 1000 AS m, sum(count) AS n FROM rollup_minute
        WHERE project_id = ${p.projectId}::uuid AND stage = 'generation' GROUP BY 1`,
    );
    expect(minutes.map((x) => [Number(x.m), Number(x.n)])).toEqual([[T0 + 5 * 60_000, 1]]);
  });

  it("a re-sent trace whose explicit start moved leaves its old minute (no span there to tell)", async () => {
    const p = await createTestProject(handle, "moved-trace");
    const send = (start: number) =>
      ingestBatch(handle.db, p.projectId, {
        traces: [{ traceId: "t-moved", name: "req", startTime: start, endTime: start + 900, userId: "u1", taskType: "chat" }],
      });
    await send(T0);
    await drainRollups(handle.db);
    await send(T0 + 7 * 60_000);
    await drainRollups(handle.db);
    const minutes = await rows<{ m: number; n: number }>(
      handle.db,
      sql`SELECT extract(epoch from minute) * 1000 AS m, sum(count) AS n FROM rollup_minute
        WHERE project_id = ${p.projectId}::uuid AND stage = 'request' GROUP BY 1`,
    );
    expect(minutes.map((x) => [Number(x.m), Number(x.n)])).toEqual([[T0 + 7 * 60_000, 1]]);
  });

  it("an hour or day whose merge is pending is read from its minutes: a rebuilt minute counts at once", async () => {
    const p = await createTestProject(handle, "pending-merge");
    const D0 = Date.UTC(2026, 10, 10); // three whole UTC days from here
    const trace = (id: string, at: number, ms: number) => ({
      traceId: id, name: "req", taskType: "chat",
      spans: [{ spanId: "root", name: "req", kind: "server", startTime: at, endTime: at + ms }],
    });
    const traces = Array.from({ length: 72 }, (_, h) => trace(`h${h}`, D0 + h * 3_600_000 + 600_000, 100 + h));
    await ingestBatch(handle.db, p.projectId, { traces });
    await drainRollups(handle.db);
    // a late, slow request in the middle day: its minute is rebuilt, its hour and day not merged yet
    const lateAt = D0 + 36 * 3_600_000 + 1_800_000;
    await ingestBatch(handle.db, p.projectId, { traces: [trace("late", lateAt, 60_000)] });
    await handle.db.transaction(async (tx) => recomputeMinutes(tx as unknown as typeof handle.db, p.projectId, [lateAt]));
    const pending = await rows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM rollup_dirty_hour WHERE project_id = ${p.projectId}::uuid`);
    expect(pending[0]!.n).toBe(1);
    const check = async (label: string) => {
      // whole days + hours + minutes (the range starts and ends mid-hour)
      const r = { fromMs: D0 + 1_200_000, toMs: D0 + 3 * 86_400_000 - 1_200_000, bucketS: 3600 };
      const [totals] = await counterTotals(handle.db, p.projectId, r, { groupBy: "taskType" });
      expect(totals!.count, label).toBe(72);
      const sketch = (await mergedSketches(handle.db, p.projectId, r, { column: "duration_sketch" })).get("")!;
      expect(sketch.count, label).toBe(72);
      expect(sketch.quantile(1)! / 60_000, label).toBeCloseTo(1, 2);
      // hourly buckets: the late hour holds two requests
      const series = await latencySeries(handle.db, p.projectId, latencyInput.parse({ from: r.fromMs, to: r.toMs }), r.toMs + 86_400_000);
      const lateHour = series.series[0]!.points.find((pt) => pt.t === D0 + 36 * 3_600_000);
      expect(lateHour?.count, label).toBe(2);
    };
    await check("merge pending");
    await drainRollups(handle.db);
    await check("merged");
  });

  it("the upgrade's jsonb → text conversion (migration 0013) writes exactly what encodeCounts writes", async () => {
    let state = 99;
    const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const cases: Array<Record<string, number>> = [{}, { z: 3 }, { "-5": 1 }, { 7: 2, 8: 1, 12: 4 }];
    for (let t = 0; t < 20; t++) {
      const sk = new LatencySketch();
      for (let i = 0; i < 200; i++) sk.add(rand() < 0.03 ? 0 : Math.exp(rand() * 16 - 5));
      cases.push(sk.toStored());
    }
    const found = await rows<{ i: number; txt: string }>(
      handle.db,
      sql`SELECT (c.ordinality - 1)::int AS i, tw_sketch_text(c.j) AS txt
        FROM jsonb_array_elements(${JSON.stringify(cases)}::jsonb) WITH ORDINALITY AS c(j, ordinality)`,
    );
    expect(found).toHaveLength(cases.length);
    for (const f of found) expect(f.txt, JSON.stringify(cases[f.i])).toBe(encodeCounts(cases[f.i]!));
  });
});
