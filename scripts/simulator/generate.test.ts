import { describe, expect, it } from "vitest";
import { BUILTIN_PRICES } from "../../db/prices";
import { normalizeBatch } from "../../server/ingest/normalize";
import { PriceBook } from "../../server/ingest/pricing";
import { ingestBatchInput } from "../../server/ingest/schema";
import { generateMinute, generateTrace } from "./generate";
import { engineSamplesAt } from "./gpu";
import { circuitAt, DAY_MINUTES, HISTORY_TRACES_PER_DAY, incidentIntensity, isIncidentMinute, MINUTE_MS } from "./profile";
import type { WireSpan, WireTrace } from "./types";

/** A Tuesday safely in the past (the schema refuses times more than a day ahead). */
const DAY = Date.UTC(2025, 2, 11) / MINUTE_MS;
const SEED = 42;
const LIVE_PER_MINUTE = 120; // --rps 2
const HISTORY_PER_MINUTE = HISTORY_TRACES_PER_DAY / DAY_MINUTES;

function minutes(from: number, to: number, perMinute: number, seed = SEED): WireTrace[] {
  const out: WireTrace[] = [];
  for (let m = from; m < to; m++) out.push(...generateMinute(seed, m, perMinute));
  return out;
}

function durationMs(t: WireTrace): number {
  const root = t.spans[0]!;
  return root.endTime - root.startTime;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const historyDay = minutes(DAY, DAY + DAY_MINUTES, HISTORY_PER_MINUTE);
const allSpans = historyDay.flatMap((t) => t.spans.map((s) => ({ trace: t, span: s })));

describe("simulator: determinism", () => {
  it("generates identical traffic for the same seed and minute", () => {
    const m = DAY + 14 * 60 + 5;
    const a = generateMinute(SEED, m, LIVE_PER_MINUTE);
    const b = generateMinute(SEED, m, LIVE_PER_MINUTE);
    expect(a.length).toBeGreaterThan(0);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(engineSamplesAt(SEED, m * MINUTE_MS))).toBe(JSON.stringify(engineSamplesAt(SEED, m * MINUTE_MS)));
  });

  it("generates different traffic for different seeds", () => {
    const m = DAY + 14 * 60 + 5;
    const a = generateMinute(1, m, LIVE_PER_MINUTE);
    const b = generateMinute(2, m, LIVE_PER_MINUTE);
    const idsA = new Set(a.map((t) => t.traceId));
    expect(b.some((t) => idsA.has(t.traceId))).toBe(false);
    expect(JSON.stringify(a.map((t) => t.spans.length))).not.toBe(JSON.stringify(b.map((t) => t.spans.length)));
  });

  it("keeps each trace's content independent of the density (a denser run is a superset)", () => {
    const m = DAY + 9 * 60 + 30;
    const sparse = generateMinute(SEED, m, HISTORY_PER_MINUTE);
    const dense = generateMinute(SEED, m, LIVE_PER_MINUTE);
    expect(dense.length).toBeGreaterThan(sparse.length);
    sparse.forEach((t, i) => expect(dense[i]).toEqual(t));
    expect(generateTrace(SEED, m, 3)).toEqual(dense[3]);
  });

  it("never repeats a trace id or a span id within a trace", () => {
    const ids = new Set(historyDay.map((t) => t.traceId));
    expect(ids.size).toBe(historyDay.length);
    for (const t of historyDay) expect(new Set(t.spans.map((s) => s.spanId)).size).toBe(t.spans.length);
  });
});

describe("simulator: wire format", () => {
  it("produces batches the ingest schema accepts", () => {
    for (let i = 0; i < historyDay.length; i += 500) {
      const from = Math.floor(historyDay[i]!.spans[0]!.startTime / MINUTE_MS);
      const engineSamples = [0, 1, 2].flatMap((k) => engineSamplesAt(SEED, (from + k) * MINUTE_MS));
      const parsed = ingestBatchInput.safeParse({ traces: historyDay.slice(i, i + 500), engineSamples });
      if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues.slice(0, 3)));
      expect(parsed.success).toBe(true);
    }
  });

  it("keeps every span inside its root and every attempt chain in time order", () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string, t: WireTrace) => {
      if (!ok && problems.length < 10) problems.push(`${t.traceId}: ${what}`);
    };
    let chains = 0;
    for (const t of historyDay) {
      const [root, ...children] = t.spans;
      check(root!.parentSpanId === null && root!.kind === "server", "root span", t);
      const byId = new Map(t.spans.map((s) => [s.spanId, s]));
      for (const s of t.spans) check(s.endTime >= s.startTime, `${s.name} ends before it starts`, t);
      for (const s of children) {
        check(s.parentSpanId === root!.spanId, `${s.name} parent`, t);
        check(s.startTime >= root!.startTime && s.endTime <= root!.endTime, `${s.name} outside the root`, t);
        if (!s.retryOfSpanId) continue;
        chains++;
        const failed = byId.get(s.retryOfSpanId);
        check(failed?.status === "error", "retry of a span that did not fail", t);
        check(s.attempt === (failed?.attempt ?? 1) + 1, "attempt numbering", t);
        check(s.startTime >= (failed?.endTime ?? Infinity) + 200, "retry before the backoff gap", t);
      }
    }
    expect(problems).toEqual([]);
    expect(chains).toBeGreaterThan(0);
  });
});

describe("simulator: as the server derives it", () => {
  it("yields the intended trace totals (status, model, attempts, fallback, cache, cost)", () => {
    const prices = new PriceBook(BUILTIN_PRICES.map((p) => ({ ...p, projectId: null })));
    const sample = historyDay.filter((t, i) => i % 4 === 0 || t.spans.some((s) => s.retryOfSpanId || (s.fallbackIndex ?? 0) > 0));
    const rows = normalizeBatch(ingestBatchInput.parse({ traces: sample, engineSamples: [] }), prices);
    const byId = new Map(sample.map((t) => [t.traceId, t]));
    let retried = 0;
    let fellBack = 0;
    for (const row of rows.traces) {
      const t = byId.get(row.trace_id)!;
      const gens = t.spans.filter((s) => s.stage === "generation");
      expect(row.status).toBe(t.spans[0]!.status);
      expect(row.duration_ms).toBe(durationMs(t));
      expect(row.attempt_count).toBe(Math.max(1, gens.length));
      expect(row.fallback_used).toBe(gens.some((s) => (s.fallbackIndex ?? 0) > 0));
      const served = gens.filter((s) => s.status === "ok").at(-1);
      if (served) {
        expect(row.model).toBe(served.model);
        if (served.provider !== "vllm") expect(row.cost_usd).toBeGreaterThan(0);
      }
      if (row.cache_outcome === "exact_hit" || row.cache_outcome === "semantic_hit") expect(gens).toHaveLength(0);
      if (gens.some((s) => s.retryOfSpanId)) retried++;
      if (row.fallback_used) fellBack++;
    }
    expect(retried).toBeGreaterThan(10);
    expect(fellBack).toBeGreaterThan(10);
  });
});

describe("simulator: production shape", () => {
  it("has the recurring GPU incident: p95 > 2 s in the window, < 2 s in a normal hour", () => {
    const hour = 12 * 60;
    expect(isIncidentMinute(DAY + hour + 20)).toBe(true);
    expect(isIncidentMinute(DAY + hour + 38)).toBe(true);
    expect(isIncidentMinute(DAY + hour + 39)).toBe(false);
    const incident = minutes(DAY + hour + 20, DAY + hour + 39, LIVE_PER_MINUTE).map(durationMs);
    const normal = minutes(DAY + 10 * 60 + 40, DAY + 11 * 60 + 40, LIVE_PER_MINUTE).map(durationMs);
    expect(percentile(incident, 0.95)).toBeGreaterThan(2_000);
    expect(percentile(incident, 0.5)).toBeLessThan(1_500); // tail blow-out, moderate median
    expect(percentile(normal, 0.95)).toBeLessThan(2_000);
  });

  it("shows saturation in the engine samples during the incident", () => {
    const during = engineSamplesAt(SEED, (DAY + 12 * 60 + 30) * MINUTE_MS);
    const before = engineSamplesAt(SEED, (DAY + 12 * 60 + 5) * MINUTE_MS);
    const waiting = (xs: typeof during) => xs.reduce((n, s) => n + (s.requestsWaiting ?? 0), 0);
    expect(during).toHaveLength(6);
    expect(during.filter((s) => s.source === "dcgm")).toHaveLength(4);
    expect(waiting(during)).toBeGreaterThan(waiting(before) + 20);
    expect(Math.min(...during.filter((s) => s.source === "dcgm").map((s) => s.gpuUtilPct!))).toBeGreaterThan(90);
    expect(incidentIntensity((DAY + 12 * 60 + 30) * MINUTE_MS)).toBe(1);
  });

  it("has 429 retry chains with exponential backoff", () => {
    const rateLimited = allSpans.filter(({ span }) => span.httpStatus === 429);
    expect(rateLimited.length).toBeGreaterThan(20);
    for (const { span } of rateLimited) {
      expect(span.status).toBe("error");
      expect(span.errorType).toBe("rate_limited");
    }
    const retries = allSpans.filter(({ trace, span }) =>
      trace.spans.some((s) => s.spanId === span.retryOfSpanId && s.httpStatus === 429),
    );
    expect(retries.length).toBeGreaterThan(20);
    expect(retries.some(({ span }) => span.attempt === 2)).toBe(true);
    expect(retries.some(({ span }) => span.status === "ok")).toBe(true);
  });

  it("has fallbacks, a circuit-open episode, timeouts, 5xx and failed requests", () => {
    const fallbacks = allSpans.filter(({ span }) => (span.fallbackIndex ?? 0) > 0);
    expect(fallbacks.length).toBeGreaterThan(20);
    for (const { span } of fallbacks) expect(span.fallbackFromModel).toBeTruthy();

    const open = allSpans.filter(({ span }) => span.circuitState === "open");
    expect(open.length).toBeGreaterThan(10);
    for (const { span } of open) {
      expect(span.fallbackIndex).toBeGreaterThanOrEqual(1);
      expect(circuitAt(span.startTime).state).toBe("open");
    }
    expect(allSpans.some(({ span }) => span.circuitState === "half_open")).toBe(true);
    expect(allSpans.filter(({ span }) => span.stage === "generation").every(({ span }) => span.circuitState != null)).toBe(true);

    expect(allSpans.some(({ span }) => span.errorType === "timeout" && span.httpStatus === 504)).toBe(true);
    expect(allSpans.some(({ span }) => (span.httpStatus ?? 0) >= 500 && span.errorType === "server_error")).toBe(true);
    const failed = historyDay.filter((t) => t.spans[0]!.status === "error");
    expect(failed.length).toBeGreaterThan(5);
    for (const t of failed) expect(t.spans[0]!.errorType).toBeTruthy();
  });

  it("has exact and semantic cache hits that short-circuit generation", () => {
    const lookups = allSpans.filter(({ span }) => span.stage === "cache").map(({ trace, span }) => ({ trace, span }));
    const exact = lookups.filter(({ span }) => span.cacheOutcome === "exact_hit");
    const semantic = lookups.filter(({ span }) => span.cacheOutcome === "semantic_hit");
    expect(exact.length / lookups.length).toBeGreaterThan(0.05);
    expect(exact.length / lookups.length).toBeLessThan(0.11);
    expect(semantic.length / lookups.length).toBeGreaterThan(0.07);
    expect(semantic.length / lookups.length).toBeLessThan(0.13);
    for (const { trace, span } of [...exact, ...semantic]) {
      expect(trace.spans.some((s: WireSpan) => s.stage === "generation")).toBe(false);
      if (span.cacheOutcome === "semantic_hit") {
        expect(span.cacheSimilarity).toBeGreaterThanOrEqual(0.9);
        expect(span.cacheSimilarity).toBeLessThanOrEqual(0.99);
      }
    }
  });

  it("mixes task types, models, providers, users and environments like production", () => {
    const count = <T>(xs: T[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());
    expect([...count(historyDay.map((t) => t.taskType)).keys()].sort()).toEqual(["agent", "chat", "extract", "rag_answer", "summarize"]);
    const gens = allSpans.filter(({ span }) => span.stage === "generation").map(({ span }) => span);
    expect(new Set(gens.map((s) => s.model)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(gens.map((s) => s.provider))).toEqual(new Set(["openai", "anthropic", "vllm"]));
    expect(gens.every((s) => s.status === "error" || (s.ttftMs != null && s.ttftMs <= s.endTime - s.startTime))).toBe(true);
    expect(allSpans.some(({ span }) => span.stage === "tool")).toBe(true);
    expect(allSpans.some(({ span }) => span.stage === "retrieval")).toBe(true);
    expect(gens.some((s) => (s.cachedTokens ?? 0) > 0)).toBe(true);
    expect(gens.some((s) => s.input && s.output)).toBe(true);

    const users = [...count(historyDay.map((t) => t.userId)).values()].sort((a, b) => b - a);
    expect(users.length).toBeGreaterThan(300);
    expect(users[0]!).toBeGreaterThan(20 * users[Math.floor(users.length / 2)]!); // heavy tail
    const envs = count(historyDay.map((t) => t.environment));
    expect(envs.get("staging")! / historyDay.length).toBeLessThan(0.1);
    expect(envs.get("production")! / historyDay.length).toBeGreaterThan(0.9);
  });

  it("follows a diurnal curve: the afternoon peak carries several times the night trough", () => {
    const perHour = new Array<number>(24).fill(0);
    for (const t of historyDay) perHour[new Date(t.spans[0]!.startTime).getUTCHours()]!++;
    expect(Math.max(...perHour.slice(12, 18))).toBeGreaterThan(2.5 * Math.min(...perHour.slice(0, 6)));
  });
});
