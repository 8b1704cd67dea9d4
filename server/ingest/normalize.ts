import type { Stage } from "@/db/constants";
import { pgSafeDeep } from "./pg-text";
import type { PriceBook } from "./pricing";
import type { EngineSampleInput, IngestBatchInput, SpanInput, TraceInput } from "./schema";

/** Column-named rows, ready for `json_to_recordset`. Times are epoch milliseconds. */
export interface SpanRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  stage: Stage;
  start_ms: number;
  end_ms: number;
  duration_ms: number;
  ttft_ms: number | null;
  completion_start_ms: number | null;
  model: string | null;
  provider: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  cost_usd: number | null;
  status: string;
  error_type: string | null;
  http_status: number | null;
  attempt: number;
  retry_of_span_id: string | null;
  fallback_index: number;
  fallback_from_model: string | null;
  cache_outcome: string | null;
  cache_similarity: number | null;
  circuit_state: string | null;
  input_text: string | null;
  output_text: string | null;
  attributes: Record<string, unknown>;
}

export interface TraceRow {
  trace_id: string;
  name: string | null;
  task_type: string | null;
  feature: string | null;
  user_id: string | null;
  session_id: string | null;
  /** null when not sent: the stored value (or the default) stays */
  environment: string | null;
  release: string | null;
  start_ms: number;
  end_ms: number;
  duration_ms: number;
  ttft_ms: number | null;
  status: string;
  error_type: string | null;
  model: string | null;
  provider: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  cache_outcome: string | null;
  attempt_count: number;
  fallback_used: boolean;
  span_count: number;
  attributes: Record<string, unknown>;
  /** Trace-level fields the client set itself; recomputation from spans never overwrites them. */
  explicit_fields: string[];
}

export interface EngineSampleRow {
  time_ms: number;
  host: string;
  gpu_key: string;
  source: string;
  gpu_index: number | null;
  gpu_uuid: string | null;
  gpu_name: string | null;
  gpu_util_pct: number | null;
  mem_used_bytes: number | null;
  mem_total_bytes: number | null;
  power_w: number | null;
  temperature_c: number | null;
  kv_cache_usage_pct: number | null;
  requests_running: number | null;
  requests_waiting: number | null;
  labels: Record<string, string>;
}

export interface NormalizedBatch {
  traces: TraceRow[];
  spans: SpanRow[];
  engineSamples: EngineSampleRow[];
}

const CACHE_RANK: Record<string, number> = { exact_hit: 4, semantic_hit: 3, miss: 2, bypass: 1 };

export function normalizeSpan(traceId: string, s: SpanInput, prices: PriceBook): SpanRow {
  const startMs = s.startTime.getTime();
  const endMs = s.endTime ? s.endTime.getTime() : startMs + (s.durationMs ?? 0);
  const completionStartMs =
    s.completionStartTime?.getTime() ?? (s.ttftMs != null ? startMs + s.ttftMs : null);
  const ttftMs = s.ttftMs ?? (completionStartMs != null ? Math.max(0, completionStartMs - startMs) : null);
  let costUsd = s.costUsd ?? null;
  if (costUsd == null && s.model && (s.inputTokens != null || s.outputTokens != null)) {
    costUsd = prices.costUsd(s.model, s.inputTokens ?? 0, s.outputTokens ?? 0, s.cachedTokens ?? 0);
  }
  const status = s.status ?? (s.errorType || (s.httpStatus != null && s.httpStatus >= 400) ? "error" : "ok");
  return {
    trace_id: traceId,
    span_id: s.spanId,
    parent_span_id: s.parentSpanId ?? null,
    name: s.name,
    kind: s.kind ?? "internal",
    stage: s.stage ?? "other",
    start_ms: startMs,
    end_ms: endMs,
    duration_ms: s.durationMs ?? endMs - startMs,
    ttft_ms: ttftMs,
    completion_start_ms: completionStartMs,
    model: s.model ?? null,
    provider: s.provider ?? null,
    input_tokens: s.inputTokens ?? null,
    output_tokens: s.outputTokens ?? null,
    cached_tokens: s.cachedTokens ?? null,
    cost_usd: costUsd,
    status,
    error_type: s.errorType ?? (s.httpStatus === 429 ? "rate_limited" : null),
    http_status: s.httpStatus ?? null,
    attempt: s.attempt ?? 1,
    retry_of_span_id: s.retryOfSpanId ?? null,
    fallback_index: s.fallbackIndex ?? 0,
    fallback_from_model: s.fallbackFromModel ?? null,
    cache_outcome: s.cacheOutcome ?? null,
    cache_similarity: s.cacheSimilarity ?? null,
    circuit_state: s.circuitState ?? null,
    input_text: s.input ?? null,
    output_text: s.output ?? null,
    attributes: s.attributes ?? {},
  };
}

/** Trace totals as derived from its spans; explicit trace fields are applied on top by the caller. */
export function deriveTraceTotals(spans: SpanRow[]) {
  let startMs = Infinity;
  let endMs = -Infinity;
  let inputTokens = 0;
  let outputTokens = 0;
  let cachedTokens = 0;
  let costUsd = 0;
  let firstTokenMs: number | null = null;
  let generations = 0;
  let okGenerations = 0;
  let fallbackUsed = false;
  let cacheOutcome: string | null = null;
  let served: SpanRow | null = null;
  let lastError: SpanRow | null = null;
  let root: SpanRow | null = null;
  let roots = 0;
  const ids = new Set(spans.map((s) => s.span_id));
  for (const s of spans) {
    startMs = Math.min(startMs, s.start_ms);
    endMs = Math.max(endMs, s.end_ms);
    inputTokens += s.input_tokens ?? 0;
    outputTokens += s.output_tokens ?? 0;
    cachedTokens += s.cached_tokens ?? 0;
    costUsd += s.cost_usd ?? 0;
    if (s.completion_start_ms != null && (firstTokenMs == null || s.completion_start_ms < firstTokenMs)) {
      firstTokenMs = s.completion_start_ms;
    }
    if (s.stage === "generation") {
      generations++;
      if (s.status === "ok") {
        okGenerations++;
        if (!served || s.end_ms >= served.end_ms) served = s;
      }
    }
    if (s.fallback_index > 0) fallbackUsed = true;
    if (s.cache_outcome && (CACHE_RANK[s.cache_outcome] ?? 0) > (CACHE_RANK[cacheOutcome ?? ""] ?? 0)) {
      cacheOutcome = s.cache_outcome;
    }
    if (s.status === "error" && (!lastError || s.end_ms >= lastError.end_ms)) lastError = s;
    if (!s.parent_span_id || !ids.has(s.parent_span_id)) {
      roots++;
      root = s;
    }
  }
  // A trace failed when its single root failed; with no single root to go by, when no generation attempt succeeded.
  if (roots !== 1) root = null;
  const failed = root ? root.status === "error" : generations > 0 && okGenerations === 0;
  const errorSource = failed ? (root?.status === "error" && root.error_type ? root : lastError) : null;
  return {
    start_ms: startMs,
    end_ms: endMs,
    duration_ms: endMs - startMs,
    ttft_ms: firstTokenMs != null ? firstTokenMs - startMs : null,
    status: failed ? "error" : "ok",
    error_type: errorSource?.error_type ?? null,
    model: served?.model ?? lastError?.model ?? null,
    provider: served?.provider ?? lastError?.provider ?? null,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cached_tokens: cachedTokens,
    cost_usd: costUsd,
    cache_outcome: cacheOutcome,
    attempt_count: Math.max(1, generations),
    fallback_used: fallbackUsed,
    span_count: spans.length,
  };
}

const EXPLICIT_KEYS = [
  ["startTime", "start_ms"],
  ["endTime", "end_ms"],
  ["durationMs", "duration_ms"],
  ["ttftMs", "ttft_ms"],
  ["status", "status"],
  ["errorType", "error_type"],
  ["model", "model"],
  ["provider", "provider"],
  ["inputTokens", "input_tokens"],
  ["outputTokens", "output_tokens"],
  ["cachedTokens", "cached_tokens"],
  ["costUsd", "cost_usd"],
  ["cacheOutcome", "cache_outcome"],
  ["attemptCount", "attempt_count"],
  ["fallbackUsed", "fallback_used"],
] as const;

export function normalizeTrace(t: TraceInput, spans: SpanRow[], prices: PriceBook): TraceRow {
  const derived = spans.length
    ? deriveTraceTotals(spans)
    : {
        start_ms: t.startTime!.getTime(),
        end_ms: t.endTime?.getTime() ?? t.startTime!.getTime() + (t.durationMs ?? 0),
        duration_ms: 0,
        ttft_ms: null,
        status: "ok",
        error_type: null,
        model: null,
        provider: null,
        input_tokens: 0,
        output_tokens: 0,
        cached_tokens: 0,
        cost_usd: 0,
        cache_outcome: null,
        attempt_count: 1,
        fallback_used: false,
        span_count: 0,
      };
  const row: TraceRow = {
    trace_id: t.traceId,
    name: t.name ?? spans.find((s) => !s.parent_span_id)?.name ?? null,
    task_type: t.taskType ?? null,
    feature: t.feature ?? null,
    user_id: t.userId ?? null,
    session_id: t.sessionId ?? null,
    environment: t.environment ?? null,
    release: t.release ?? null,
    ...derived,
    attributes: t.attributes ?? {},
    explicit_fields: [],
  };
  const explicit: Record<string, unknown> = {
    start_ms: t.startTime?.getTime(),
    end_ms: t.endTime?.getTime(),
    duration_ms: t.durationMs,
    ttft_ms: t.ttftMs,
    status: t.status,
    error_type: t.errorType,
    model: t.model,
    provider: t.provider,
    input_tokens: t.inputTokens,
    output_tokens: t.outputTokens,
    cached_tokens: t.cachedTokens,
    cost_usd: t.costUsd,
    cache_outcome: t.cacheOutcome,
    attempt_count: t.attemptCount,
    fallback_used: t.fallbackUsed,
  };
  for (const [, column] of EXPLICIT_KEYS) {
    const value = explicit[column];
    if (value !== undefined && value !== null) {
      (row as unknown as Record<string, unknown>)[column] = value;
      row.explicit_fields.push(column);
    }
  }
  if (!row.explicit_fields.includes("end_ms") && row.explicit_fields.includes("duration_ms")) {
    row.end_ms = row.start_ms + row.duration_ms;
  }
  if (!row.explicit_fields.includes("duration_ms")) row.duration_ms = Math.max(0, row.end_ms - row.start_ms);
  if (!row.explicit_fields.includes("cost_usd") && spans.length === 0 && row.model) {
    row.cost_usd = prices.costUsd(row.model, row.input_tokens, row.output_tokens, row.cached_tokens) ?? 0;
  }
  if (row.end_ms < row.start_ms) row.end_ms = row.start_ms;
  return row;
}

export function normalizeEngineSample(s: EngineSampleInput): EngineSampleRow {
  return {
    time_ms: s.time.getTime(),
    host: s.host,
    gpu_key: s.gpuUuid ?? (s.gpuIndex != null ? String(s.gpuIndex) : ""),
    source: s.source ?? "custom",
    gpu_index: s.gpuIndex ?? null,
    gpu_uuid: s.gpuUuid ?? null,
    gpu_name: s.gpuName ?? null,
    gpu_util_pct: s.gpuUtilPct ?? null,
    mem_used_bytes: s.memUsedBytes != null ? Math.round(s.memUsedBytes) : null,
    mem_total_bytes: s.memTotalBytes != null ? Math.round(s.memTotalBytes) : null,
    power_w: s.powerW ?? null,
    temperature_c: s.temperatureC ?? null,
    kv_cache_usage_pct: s.kvCacheUsagePct ?? null,
    requests_running: s.requestsRunning ?? null,
    requests_waiting: s.requestsWaiting ?? null,
    labels: s.labels ?? {},
  };
}

/**
 * Turns a validated batch into rows. The same trace id twice in one batch is merged
 * (later fields win, spans concatenated) and the same span id twice keeps the last,
 * so a batch never conflicts with itself when written. Strings PostgreSQL cannot store (NUL,
 * lone surrogates) become U+FFFD first, so ids that become equal merge too.
 */
export function normalizeBatch(input: IngestBatchInput, prices: PriceBook): NormalizedBatch {
  const batch = pgSafeDeep(input);
  const byTrace = new Map<string, TraceInput>();
  for (const t of batch.traces) {
    const prev = byTrace.get(t.traceId);
    if (!prev) byTrace.set(t.traceId, t);
    else {
      const merged = { ...prev } as Record<string, unknown>;
      for (const [k, v] of Object.entries(t)) if (v !== undefined && k !== "spans") merged[k] = v;
      merged.spans = [...prev.spans, ...t.spans];
      byTrace.set(t.traceId, merged as TraceInput);
    }
  }
  const traces: TraceRow[] = [];
  const spans: SpanRow[] = [];
  for (const t of byTrace.values()) {
    const bySpan = new Map<string, SpanRow>();
    for (const s of t.spans) bySpan.set(s.spanId, normalizeSpan(t.traceId, s, prices));
    const traceSpans = [...bySpan.values()];
    traces.push(normalizeTrace(t, traceSpans, prices));
    spans.push(...traceSpans);
  }
  const samples = new Map<string, EngineSampleRow>();
  for (const s of batch.engineSamples) {
    const row = normalizeEngineSample(s);
    samples.set(`${row.host}\u0000${row.gpu_key}\u0000${row.source}\u0000${row.time_ms}`, row);
  }
  return { traces, spans, engineSamples: [...samples.values()] };
}
