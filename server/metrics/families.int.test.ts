import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { drainRollups } from "@/server/rollup/recompute";
import { relativeAccuracy } from "@/server/rollup/sketch";
import { BACKENDS, createTestProject, freshDatabase } from "@/test/helpers/backends";
import { cacheSavings, cacheSeries } from "./cache";
import { costBreakdown, costPerUser } from "./cost";
import { diagnosis } from "./diagnosis";
import { gpuSeries } from "./gpu";
import { loadCurves } from "./load";
import { circuitOpenIntervals, errorsByType, fallbackPaths, reliabilitySeries } from "./reliability";
import { stageBreakdown } from "./stages";

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const N = 360; // one request every 10 s for an hour
const R = { fromMs: T0, toMs: T0 + 3_600_000, bucketS: 600 };

/** Traffic with known counts: 429 retries, fallbacks, failures, cache hits, a breaker episode. */
function dataset() {
  const traces = [];
  for (let i = 0; i < N; i++) {
    const s = T0 + i * 10_000;
    const rag = i % 2 === 1;
    const exact = i % 10 === 0;
    const semantic = i % 10 === 5;
    const failed = i % 45 === 7; // 8 requests
    const retry = !exact && !semantic && i % 12 === 3;
    const fallback = !exact && !semantic && !retry && i % 30 === 9;
    const open = i >= 240 && i < 270; // minutes 40–44
    const spans: Record<string, unknown>[] = [
      { spanId: "root", name: "req", kind: "server", startTime: s, endTime: s + 2000, ...(failed ? { status: "error", errorType: "timeout" } : {}) },
      { spanId: "net", parentSpanId: "root", name: "net", stage: "network", startTime: s, durationMs: 20 },
      { spanId: "cache", parentSpanId: "root", name: "cache", stage: "cache", startTime: s + 20, durationMs: 5, cacheOutcome: exact ? "exact_hit" : semantic ? "semantic_hit" : "miss", ...(semantic ? { cacheSimilarity: 0.95 } : {}) },
    ];
    if (!exact && !semantic) {
      if (rag) spans.push({ spanId: "ret", parentSpanId: "root", name: "ret", stage: "retrieval", startTime: s + 25, durationMs: 100 });
      let t = s + 130;
      const gen = (id: string, extra: Record<string, unknown>) =>
        spans.push({ spanId: id, parentSpanId: "root", name: "chat", stage: "generation", startTime: t, durationMs: 600, ttftMs: 200, model: "gpt-4o-mini", provider: "openai", inputTokens: 1000, outputTokens: 100, circuitState: open ? "open" : "closed", ...extra });
      if (retry) {
        gen("g0", { durationMs: 50, httpStatus: 429, outputTokens: 0, ttftMs: null });
        t += 300;
        gen("g1", { attempt: 2, retryOfSpanId: "g0" });
      } else if (fallback) {
        gen("g0", { durationMs: 100, httpStatus: 504, errorType: "timeout", outputTokens: 0, ttftMs: null });
        t += 150;
        gen("g1", { model: "claude-haiku-4-5", provider: "anthropic", fallbackIndex: 1, fallbackFromModel: "gpt-4o-mini" });
      } else gen("g1", {});
    }
    traces.push({ traceId: `f-${i}`, taskType: rag ? "rag_answer" : "chat", feature: rag ? "doc-search" : "support-bot", userId: `user-${i % 5}`, spans });
  }
  const engineSamples = [];
  for (let m = 0; m < 60; m++) {
    for (const gpu of [0, 1]) {
      engineSamples.push({ time: T0 + m * 60_000, host: "gpu-node-1", gpuIndex: gpu, gpuUuid: `GPU-${gpu}`, source: "dcgm", gpuUtilPct: 50 + gpu * 10, memUsedBytes: 4e10, memTotalBytes: 8e10 });
    }
  }
  return { traces, engineSamples };
}

const counts = (() => {
  let retries = 0, fallbacks = 0, gens = 0, served = 0;
  for (let i = 0; i < N; i++) {
    const hit = i % 10 === 0 || i % 10 === 5;
    if (hit) continue;
    served++;
    if (i % 12 === 3) { retries++; gens += 2; } else if (i % 30 === 9) { fallbacks++; gens += 2; } else gens += 1;
  }
  return { retries, fallbacks, gens, served };
})();

describe.each(BACKENDS)("metric families on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId } = await createTestProject(handle));
    await ingestBatch(handle.db, projectId, dataset());
    await drainRollups(handle.db);
  });
  afterAll(async () => handle.close());

  it("reliability: rates, amplification, errors by type, fallback paths, breaker intervals", async () => {
    const { totals, points } = await reliabilitySeries(handle.db, projectId, R);
    expect(totals.requests).toBe(N);
    expect(totals.errorRate).toBe(8 / N);
    expect(totals.rate429).toBe(counts.retries / counts.gens);
    expect(totals.timeoutRate).toBe(counts.fallbacks / counts.gens);
    expect(totals.retryRate).toBe(counts.retries / counts.gens);
    expect(totals.attemptsPerRequest).toBe(counts.gens / N);
    expect(totals.fallbackRate).toBe(counts.fallbacks / N);
    expect(points).toHaveLength(6);
    expect(points.reduce((n, p) => n + p.requests, 0)).toBe(N);
    expect(await errorsByType(handle.db, projectId, R)).toEqual([{ errorType: "timeout", count: 8 }]);
    expect(await fallbackPaths(handle.db, projectId, R)).toEqual([
      { fromModel: "gpt-4o-mini", toModel: "claude-haiku-4-5", count: counts.fallbacks, succeeded: counts.fallbacks },
    ]);
    const open = await circuitOpenIntervals(handle.db, projectId, R);
    // the fallback attempts report the primary's breaker: one interval, for gpt-4o-mini
    expect(open).toEqual([{ key: "gpt-4o-mini", fromMs: T0 + 40 * 60_000, toMs: T0 + 45 * 60_000, minutes: 5 }]);
  });

  it("cache: exact and semantic hit rates, and what a hit saved", async () => {
    const { totals } = await cacheSeries(handle.db, projectId, R);
    expect(totals).toEqual({ lookups: N, exactRate: 0.1, semanticRate: 0.1, hitRate: 0.2 });
    const savings = await cacheSavings(handle.db, projectId, R);
    const chat = savings.find((s) => s.taskType === "chat")!;
    expect(chat.hits).toBe(36); // i % 10 ∈ {0} are even (chat); i % 10 = 5 are odd (rag)
    expect(chat.savedUsdPerHit).toBeGreaterThan(0);
    // every request here lasts 2 s end to end, hit or miss: nothing saved in latency
    expect(chat.savedMsPerHit).toBeCloseTo(0, 9);
  });

  it("cost: per model and per user agree with the raw rows", async () => {
    const [raw] = await rows<{ usd: number }>(handle.db, sql`SELECT sum(cost_usd) AS usd FROM traces WHERE project_id = ${projectId}::uuid`);
    const byModel = await costBreakdown(handle.db, projectId, R, "model");
    expect(byModel.reduce((n, m) => n + m.costUsd, 0)).toBeCloseTo(Number(raw!.usd), 10);
    expect(byModel.find((m) => m.key === "claude-haiku-4-5")?.requests).toBe(counts.fallbacks);
    const users = await costPerUser(handle.db, projectId, R, { limit: 3 });
    expect(users).toHaveLength(3);
    expect(users[0]!.costUsd).toBeGreaterThanOrEqual(users[1]!.costUsd);
    const [u3] = await rows<{ usd: number }>(handle.db, sql`SELECT sum(cost_usd) AS usd FROM traces WHERE project_id = ${projectId}::uuid AND user_id = 'user-3'`);
    const found = await costPerUser(handle.db, projectId, R, { search: "USER-3" });
    expect(found).toHaveLength(1);
    expect(found[0]!.costUsd).toBeCloseTo(Number(u3!.usd), 12);
    expect(found[0]!.requests).toBe(N / 5);
  });

  it("stages: shares per task type and generation percentiles", async () => {
    const out = await stageBreakdown(handle.db, projectId, R);
    const rag = out.find((t) => t.taskType === "rag_answer")!;
    expect(rag.requests).toBe(N / 2);
    expect(rag.stages.map((s) => s.stage).sort()).toEqual(["cache", "generation", "network", "retrieval"]);
    expect(rag.stages.reduce((n, s) => n + s.share, 0)).toBeCloseTo(1, 12);
    const gen = rag.stages.find((s) => s.stage === "generation")!;
    expect(Math.abs(gen.p50Ms! - 600) / 600).toBeLessThanOrEqual(relativeAccuracy());
    expect(Math.abs(rag.generation.ttftP95Ms! - 200) / 200).toBeLessThanOrEqual(relativeAccuracy());
    expect(out.find((t) => t.taskType === "chat")!.stages.some((s) => s.stage === "retrieval")).toBe(false);
  });

  it("gpu: one series per GPU with its gauges", async () => {
    const series = await gpuSeries(handle.db, projectId, R);
    expect(series.map((s) => s.gpuKey)).toEqual(["GPU-0", "GPU-1"]);
    expect(series[1]!.points[0]).toMatchObject({ gpuUtilPct: 60, memUsedBytes: 4e10, memTotalBytes: 8e10 });
  });

  it("load: a flat curve has no knee and says so", async () => {
    const { byRps } = await loadCurves(handle.db, projectId, R);
    expect(byRps.knee.x).toBeNull();
    expect(byRps.statement).toMatch(/not enough traffic|no queueing knee/);
  });

  it("diagnosis: five signals with evidence, judged against the hour before", async () => {
    const { signals, baseline } = await diagnosis(handle.db, projectId, R, {}, 5000);
    expect(baseline).toEqual({ fromMs: T0 - 3_600_000, toMs: T0 });
    expect(signals.map((s) => s.id)).toEqual([
      "scales-with-concurrency",
      "tail-only",
      "no-version-change",
      "baseline-over-budget",
      "retries-track-latency",
    ]);
    // nothing ran the hour before: no baseline to compare the tail with
    expect(signals.find((s) => s.id === "tail-only")!.holds).toBeNull();
    expect(signals.find((s) => s.id === "baseline-over-budget")).toMatchObject({ holds: false, pointsTo: "model" });
    expect(signals.every((s) => s.evidence.length > 0)).toBe(true);
  });
});
