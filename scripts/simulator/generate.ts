/**
 * Generates the traces of one absolute epoch minute. Trace `i` of minute `m` depends only on
 * (seed, m, i), so regenerating a minute — at any density — reproduces the same ids and content
 * (a higher density adds traces, it never changes the existing ones).
 */
import type { CircuitState } from "../../db/constants";
import {
  FALLBACKS,
  MODELS,
  pickUser,
  SAMPLE_TEXT,
  TASK_WEIGHTS,
  TASKS,
  TOOLS,
  userId,
  userTier,
  type ModelName,
  type ModelSpec,
  type TaskSpec,
  type TaskType,
} from "./catalog";
import { clamp, hexId, Rng } from "./prng";
import { conditionsAt, MINUTE_MS, releaseAt, traceCount, type Conditions } from "./profile";
import type { WireSpan, WireTrace } from "./types";

/** Share of cache lookups answered from the exact / semantic cache. */
export const CACHE_EXACT_HIT_RATE = 0.08;
export const CACHE_SEMANTIC_HIT_RATE = 0.1;
/** Share of traffic from the staging environment. */
export const STAGING_SHARE = 0.03;
/** Share of successful generation spans that carry prompt/response text. */
export const TEXT_SAMPLE_RATE = 0.12;
/** Attempts on one model before moving down the fallback chain. */
export const MAX_ATTEMPTS_PER_MODEL = 3;
/** The gateway gives up on a generation that has not produced a first token by then. */
export const FIRST_TOKEN_TIMEOUT_MS = 6_000;
/** Retry backoff: BASE · 2^(attempt−1) + uniform jitter. */
export const RETRY_BACKOFF_BASE_MS = 200;
export const RETRY_BACKOFF_JITTER_MS = 100;
/** Share of hosted-API attempts refused by the content filter (the whole request fails). */
export const CONTENT_FILTER_RATE = 0.004;
/** The self-hosted model is served with an 8k context; longer prompts are refused and fall back. */
export const SELF_HOSTED_MAX_CONTEXT = 8_192;

const GPU_HOSTS = ["gpu-node-1", "gpu-node-2"] as const;

interface TraceCtx {
  rng: Rng;
  seed: number;
  minute: number;
  index: number;
  spanNo: number;
  rootId: string;
  spans: WireSpan[];
  cond: Conditions;
  task: TaskType;
  spec: TaskSpec;
}

interface Failure {
  errorType: string;
  httpStatus: number;
}

interface CallResult {
  end: number;
  ok: boolean;
  failure: Failure | null;
}

function spanId(ctx: TraceCtx): string {
  return hexId(16, ctx.seed, ctx.minute, ctx.index, "span", ctx.spanNo++);
}

function ms(x: number, min = 1): number {
  return Math.max(min, Math.round(x));
}

function addSpan(ctx: TraceCtx, span: Omit<WireSpan, "spanId" | "parentSpanId"> & { spanId?: string }): WireSpan {
  const full: WireSpan = { spanId: span.spanId ?? spanId(ctx), parentSpanId: ctx.rootId, ...span };
  ctx.spans.push(full);
  return full;
}

/** Deterministic id of trace `index` of `minute`. */
export function traceIdFor(seed: number, minute: number, index: number): string {
  return hexId(32, seed, minute, index, "trace");
}

// ── Queueing ──────────────────────────────────────────────────────────────────
/** Time waiting for a slot: M/M/1-like, rising sharply as utilisation approaches 1. */
function queueWaitMs(ctx: TraceCtx, model: ModelSpec): { waitMs: number; queue: string; util: number } {
  const { rng, cond } = ctx;
  if (model.selfHosted) {
    const rho = cond.gpuUtil;
    const median = 3 + 22 * (rho / (1 - rho));
    const sigma = 0.8 - 0.4 * cond.incident;
    return { waitMs: rng.lognormal(median, sigma), queue: `vllm:${model.model}`, util: rho };
  }
  const rho = cond.apiUtil;
  const median = 1.5 + 5 * (rho / (1 - rho));
  return { waitMs: rng.lognormal(median, 0.9), queue: `ratelimit:${model.provider}`, util: rho };
}

// ── One model attempt ────────────────────────────────────────────────────────
function attemptFailure(ctx: TraceCtx, model: ModelSpec, previous: Failure | null): Failure | null {
  const { rng, cond } = ctx;
  // Failures are correlated within a request: once an upstream misbehaves it tends to keep doing so.
  const sticky = previous && ["rate_limited", "server_error", "overloaded"].includes(previous.errorType);
  if (previous && sticky && rng.chance(previous.errorType === "rate_limited" ? 0.45 : 0.4)) {
    return previous;
  }
  if (!model.selfHosted) {
    const p429 = 0.005 + 0.035 * clamp((cond.apiUtil - 0.45) / 0.4, 0, 1);
    if (rng.chance(p429)) return { errorType: "rate_limited", httpStatus: 429 };
  }
  if (model.provider === "openai" && cond.circuit.errorRate > 0 && rng.chance(cond.circuit.errorRate)) {
    return { errorType: "server_error", httpStatus: rng.pick([500, 502, 503, 503]) };
  }
  if (model.provider === "anthropic" && rng.chance(0.002)) return { errorType: "overloaded", httpStatus: 529 };
  // Refused by the provider's safety filter: not retryable, and no fallback will answer either.
  if (!model.selfHosted && rng.chance(CONTENT_FILTER_RATE)) return { errorType: "content_filter", httpStatus: 400 };
  if (rng.chance(model.selfHosted ? 0.001 : 0.003)) return { errorType: "server_error", httpStatus: rng.pick([500, 502, 503]) };
  if (rng.chance(0.0008)) return { errorType: "timeout", httpStatus: 504 };
  return null;
}

interface GenerationArgs {
  start: number;
  model: ModelSpec;
  inputTokens: number;
  outputTokens: number;
  attempt: number;
  retryOf: string | null;
  fallbackIndex: number;
  fallbackFrom: string | null;
  circuitState: CircuitState;
  previous: Failure | null;
  text: [string, string] | null;
  step: string;
}

function generationSpan(ctx: TraceCtx, a: GenerationArgs): { span: WireSpan; failure: Failure | null } {
  const { rng, cond, spec } = ctx;
  const m = a.model;
  const baseAttrs: Record<string, unknown> = {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.temperature": spec.temperature,
    "gen_ai.request.max_tokens": spec.maxTokens,
  };
  if (m.selfHosted) baseAttrs["server.address"] = rng.pick(GPU_HOSTS);
  if (a.step) baseAttrs["agent.step"] = a.step;
  const common = {
    name: `chat ${m.model}`,
    kind: "client" as const,
    stage: "generation" as const,
    model: m.model,
    provider: m.provider,
    attempt: a.attempt,
    retryOfSpanId: a.retryOf,
    fallbackIndex: a.fallbackIndex,
    fallbackFromModel: a.fallbackFrom,
    circuitState: a.circuitState,
  };

  // Cached prompt prefix (provider prompt caching / vLLM prefix caching).
  let cached = 0;
  if (a.inputTokens >= 1024 && rng.chance(m.selfHosted ? 0.5 : ctx.task === "chat" ? 0.15 : 0.35)) {
    cached = Math.floor(a.inputTokens * rng.uniform(0.3, 0.75));
  }
  const util = m.selfHosted ? cond.gpuUtil : cond.apiUtil;
  const contention = m.selfHosted ? 1 + 2 * util ** 4 + 2.5 * cond.incident : 1 + 0.3 * util * util;
  let ttft =
    rng.lognormal(m.ttftBaseMs, 0.3) * (m.selfHosted ? 1 + 1.5 * cond.incident : 1) +
    (a.inputTokens - cached) * m.prefillMsPerToken * contention;
  const decodeMs = m.decodeMsPerToken * rng.lognormal(1, 0.12) * (m.selfHosted ? 1 + 0.5 * util * util + 0.8 * cond.incident : 1);

  let failure: Failure | null =
    m.selfHosted && a.inputTokens + a.outputTokens > SELF_HOSTED_MAX_CONTEXT
      ? { errorType: "context_length_exceeded", httpStatus: 400 }
      : attemptFailure(ctx, m, a.previous);
  if (!failure && ttft > FIRST_TOKEN_TIMEOUT_MS) failure = { errorType: "timeout", httpStatus: 504 };

  if (failure) {
    const duration =
      failure.errorType === "timeout"
        ? FIRST_TOKEN_TIMEOUT_MS + rng.uniform(0, 15)
        : failure.errorType === "rate_limited"
          ? rng.lognormal(70, 0.4)
          : failure.httpStatus === 400
            ? rng.lognormal(failure.errorType === "content_filter" ? 350 : 25, 0.4)
            : rng.lognormal(failure.httpStatus === 529 ? 180 : 280, 0.6);
    const span = addSpan(ctx, {
      ...common,
      startTime: a.start,
      endTime: a.start + ms(duration),
      inputTokens: failure.errorType === "timeout" ? a.inputTokens : 0,
      outputTokens: 0,
      status: "error",
      errorType: failure.errorType,
      httpStatus: failure.httpStatus,
      attributes: baseAttrs,
    });
    return { span, failure };
  }

  ttft = ms(ttft);
  const duration = ttft + ms(a.outputTokens * decodeMs, 0);
  const span = addSpan(ctx, {
    ...common,
    startTime: a.start,
    endTime: a.start + duration,
    ttftMs: ttft,
    inputTokens: a.inputTokens,
    outputTokens: a.outputTokens,
    cachedTokens: cached > 0 ? cached : null,
    status: "ok",
    httpStatus: 200,
    attributes: { ...baseAttrs, "gen_ai.response.finish_reasons": ["stop"] },
    ...(a.text ? { input: a.text[0], output: a.text[1] } : {}),
  });
  return { span, failure: null };
}

/**
 * One logical LLM call: retries with exponential backoff on the primary model, then down the
 * fallback chain; skips straight to the fallback while the primary's breaker is open.
 */
function callModel(
  ctx: TraceCtx,
  start: number,
  primaryName: ModelName,
  inputTokens: number,
  outputTokens: number,
  step: string,
): CallResult {
  const { rng, cond } = ctx;
  const text = rng.chance(TEXT_SAMPLE_RATE) ? rng.pick(SAMPLE_TEXT[ctx.task]) : null;
  const primary = MODELS[primaryName];
  const breaker = cond.circuit;
  const primaryBreaker: CircuitState = primary.provider === "openai" ? breaker.state : "closed";
  const chain: Array<{ model: ModelSpec; fallbackIndex: number }> = [];
  if (primaryBreaker !== "open") chain.push({ model: primary, fallbackIndex: 0 });
  FALLBACKS[primaryName].forEach((name, i) => {
    const model = MODELS[name];
    // An open breaker removes that provider from the chain entirely.
    if (model.provider === "openai" && breaker.state === "open") return;
    chain.push({ model, fallbackIndex: i + 1 });
  });

  let t = start;
  let failure: Failure | null = null;
  for (const { model, fallbackIndex } of chain) {
    let retryOf: string | null = null;
    let previous: Failure | null = null;
    const attempts = fallbackIndex === 0 ? MAX_ATTEMPTS_PER_MODEL : 2;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const r = generationSpan(ctx, {
        start: t,
        model,
        inputTokens,
        outputTokens,
        attempt,
        retryOf,
        fallbackIndex,
        fallbackFrom: fallbackIndex > 0 ? primary.model : null,
        circuitState: primaryBreaker,
        previous,
        text,
        step,
      });
      t = r.span.endTime;
      if (!r.failure) return { end: t, ok: true, failure: null };
      failure = previous = r.failure;
      retryOf = r.span.spanId;
      // A content-filter refusal ends the request; a context-length refusal moves to a bigger model.
      if (r.failure.errorType === "content_filter") return { end: t, ok: false, failure };
      if (r.failure.errorType === "context_length_exceeded") break;
      // Timeouts already cost seconds: only one retry, then fall back.
      if (r.failure.errorType === "timeout" && attempt >= 2) break;
      if (attempt < attempts) {
        t += ms(RETRY_BACKOFF_BASE_MS * 2 ** (attempt - 1) + rng.uniform(0, RETRY_BACKOFF_JITTER_MS));
      }
    }
    // Moving to the next model in the chain takes a moment (routing decision, new connection).
    t += ms(rng.uniform(2, 12));
  }
  return { end: t, ok: false, failure: failure ?? { errorType: "circuit_open", httpStatus: 503 } };
}

// ── A whole request ──────────────────────────────────────────────────────────
function chooseModel(rng: Rng, spec: TaskSpec, userNo: number): ModelName {
  const weights = { ...spec.primary } as Record<ModelName, number>;
  // Free-tier chat leans on the self-hosted model, enterprise chat avoids it.
  if (weights["llama-3.1-8b-instruct"] !== undefined && weights["gpt-4o-mini"] !== undefined) {
    const tier = userTier(userNo);
    if (tier === "free") weights["llama-3.1-8b-instruct"] *= 1.3;
    if (tier === "enterprise") weights["llama-3.1-8b-instruct"] *= 0.3;
  }
  return rng.weighted(weights);
}

function tokens(rng: Rng, p: { median: number; sigma: number }, min: number, max: number): number {
  return Math.round(clamp(rng.lognormal(p.median, p.sigma), min, max));
}

/** Trace `index` of absolute epoch `minute`. */
export function generateTrace(seed: number, minute: number, index: number): WireTrace {
  const rng = Rng.from(seed, minute, index, "trace");
  const t0 = minute * MINUTE_MS + Math.floor(rng.next() * MINUTE_MS);
  const task = rng.weighted(TASK_WEIGHTS);
  const spec = TASKS[task];
  const userNo = pickUser(rng);
  const environment = rng.chance(STAGING_SHARE) ? "staging" : "production";
  // Sessions: a user's requests within a ~40-minute window (offset per user) share a session.
  const sessionWindow = Math.floor((minute + ((userNo * 7919) % 40)) / 40);
  const ctx: TraceCtx = {
    rng,
    seed,
    minute,
    index,
    spanNo: 0,
    rootId: "",
    spans: [],
    cond: conditionsAt(seed, t0),
    task,
    spec,
  };
  ctx.rootId = spanId(ctx);
  const root: WireSpan = {
    spanId: ctx.rootId,
    parentSpanId: null,
    name: `POST ${spec.route}`,
    kind: "server",
    stage: "other",
    startTime: t0,
    endTime: t0,
    status: "ok",
    httpStatus: 200,
  };
  ctx.spans.push(root);

  let t = t0;
  // Client → edge: TLS + request body.
  const net = ms(rng.lognormal(14, 0.5));
  addSpan(ctx, {
    name: "http.receive",
    kind: "client",
    stage: "network",
    startTime: t,
    endTime: t + net,
    status: "ok",
    attributes: { "network.protocol.name": "http", "network.protocol.version": "2" },
  });
  t += net;

  let failure: Failure | null = null;
  let served = false;
  let cacheHit = false;

  if (spec.cacheable) {
    const r = rng.next();
    const outcome = r < CACHE_EXACT_HIT_RATE ? "exact_hit" : r < CACHE_EXACT_HIT_RATE + CACHE_SEMANTIC_HIT_RATE ? "semantic_hit" : "miss";
    // An exact hit is a key lookup; anything else needs an embedding + vector search.
    const d = ms(outcome === "exact_hit" ? rng.lognormal(2.5, 0.4) : rng.lognormal(22, 0.35));
    addSpan(ctx, {
      name: "cache.lookup",
      kind: "client",
      stage: "cache",
      startTime: t,
      endTime: t + d,
      status: "ok",
      cacheOutcome: outcome,
      cacheSimilarity:
        outcome === "semantic_hit"
          ? Math.round(rng.uniform(0.9, 0.99) * 1000) / 1000
          : outcome === "miss"
            ? Math.round(rng.uniform(0.55, 0.89) * 1000) / 1000
            : null,
      attributes: { "cache.backend": "redis", "cache.namespace": spec.feature },
    });
    t += d;
    cacheHit = outcome !== "miss";
    served = cacheHit;
  }

  if (!cacheHit) {
    if (spec.retrieval) {
      const docs = rng.int(4, 12);
      const d = ms(rng.lognormal(65, 0.45) * (1 + 0.4 * ctx.cond.load * ctx.cond.apiUtil));
      addSpan(ctx, {
        name: "retrieval.vector_search",
        kind: "client",
        stage: "retrieval",
        startTime: t,
        endTime: t + d,
        status: "ok",
        attributes: { "db.system": "pgvector", "retrieval.top_k": 12, "retrieval.documents": docs },
      });
      t += d;
    }

    const primary = chooseModel(rng, spec, userNo);
    const q = queueWaitMs(ctx, MODELS[primary]);
    const qd = ms(q.waitMs, 0);
    addSpan(ctx, {
      name: "queue.wait",
      kind: "internal",
      stage: "queue",
      startTime: t,
      endTime: t + qd,
      status: "ok",
      attributes: { "queue.name": q.queue, "queue.utilization": Math.round(q.util * 1000) / 1000 },
    });
    t += qd;

    if (task === "agent") {
      const toolCalls = rng.int(1, 4);
      let input = tokens(rng, spec.input, 800, 20_000);
      let ok = true;
      for (let step = 0; step < toolCalls && ok; step++) {
        const call = callModel(ctx, t, primary, input, tokens(rng, { median: 45, sigma: 0.35 }, 12, 300), `plan-${step + 1}`);
        t = call.end;
        if (!call.ok) {
          ok = false;
          failure = call.failure;
          break;
        }
        const tool = rng.pick(TOOLS);
        const d = ms(rng.lognormal(tool.medianMs, tool.sigma));
        const toolFailed = rng.chance(tool.failRate);
        addSpan(ctx, {
          name: `tool ${tool.name}`,
          kind: "internal",
          stage: "tool",
          startTime: t,
          endTime: t + d,
          status: toolFailed ? "error" : "ok",
          errorType: toolFailed ? "tool_error" : null,
          attributes: { "gen_ai.tool.name": tool.name, "agent.step": step + 1 },
        });
        t += d + ms(rng.uniform(1, 6));
        input += rng.int(300, 1_500);
      }
      if (ok) {
        const call = callModel(ctx, t, primary, input, tokens(rng, spec.output, 40, 1_500), "answer");
        t = call.end;
        if (call.ok) served = true;
        else failure = call.failure;
      }
    } else {
      const call = callModel(ctx, t, primary, tokens(rng, spec.input, 60, 60_000), tokens(rng, spec.output, 3, 2_000), "");
      t = call.end;
      if (call.ok) served = true;
      else failure = call.failure;
    }
  }

  if (served) {
    const pp = spec.postprocess;
    const d = ms(rng.lognormal(pp.medianMs, 0.5));
    const ppFailed = !cacheHit && rng.chance(pp.failRate);
    addSpan(ctx, {
      name: pp.name,
      kind: "internal",
      stage: "postprocess",
      startTime: t,
      endTime: t + d,
      status: ppFailed ? "error" : "ok",
      errorType: ppFailed ? "invalid_output" : null,
    });
    t += d;
    if (ppFailed) failure = { errorType: "invalid_output", httpStatus: 422 };
  }

  // Response flush.
  root.endTime = t + ms(rng.lognormal(1.5, 0.5), 0);
  const httpStatus = !failure
    ? 200
    : failure.errorType === "timeout"
      ? 504
      : failure.errorType === "circuit_open"
        ? 503
        : failure.httpStatus >= 400 && failure.httpStatus < 500
          ? failure.httpStatus
          : 502;
  if (failure) {
    root.status = "error";
    root.errorType = failure.errorType;
  }
  root.httpStatus = httpStatus;
  root.attributes = {
    "http.route": spec.route,
    "http.request.method": "POST",
    "http.response.status_code": httpStatus,
    "user.tier": userTier(userNo),
  };

  const uid = userId(userNo);
  return {
    traceId: traceIdFor(seed, minute, index),
    name: root.name,
    taskType: task,
    feature: spec.feature,
    userId: uid,
    sessionId: `sess_${hexId(16, seed, userNo, sessionWindow, "session")}`,
    environment,
    release: releaseAt(t0, environment),
    spans: ctx.spans,
  };
}

/** All traces of absolute epoch `minute` at a mean rate of `meanPerMinute` traces per minute (load 1). */
export function generateMinute(seed: number, minute: number, meanPerMinute: number): WireTrace[] {
  const n = traceCount(seed, minute, meanPerMinute);
  const out: WireTrace[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = generateTrace(seed, minute, i);
  return out;
}
