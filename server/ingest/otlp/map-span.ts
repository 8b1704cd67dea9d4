import type { z } from "zod";
import type { Stage } from "@/db/constants";
import { INGEST_LIMITS as L } from "../limits";
import type { spanInput } from "../schema";
import { limitAttributes, truncateText } from "./limit-attributes";
import {
  FIRST_TOKEN_EVENT,
  GENAI_OPERATION_STAGE,
  isAggregateWrapper,
  KEYS,
  LANGFUSE_TYPE_STAGE,
  LLM_REQUEST_TYPE_STAGE,
  OPENINFERENCE_KIND_STAGE,
  TRACE_KEYS,
  TW,
  VECTOR_DATABASES,
  VERCEL_OPERATION_STAGE,
  type TraceField,
} from "./semconv";
import type { Attributes, OtlpSpan } from "./types";

export type SpanWire = z.input<typeof spanInput>;
export type TraceHints = Partial<Record<TraceField, string>>;

export interface MappedSpan {
  /** The span, followed by any spans derived from it (vLLM queue and prefill phases). */
  spans: SpanWire[];
  /** Trace-level values this span carries. */
  trace: TraceHints;
}

const SPAN_KINDS = [undefined, "internal", "server", "client", "producer", "consumer"] as const;

/** Reads attributes, remembering which ones moved into columns (those are not stored twice). */
class Reader {
  readonly used = new Set<string>();
  constructor(readonly attrs: Attributes) {}
  first(keys: readonly string[]): { key: string; value: unknown } | undefined {
    for (const key of keys) {
      const value = this.attrs[key];
      if (value !== undefined && value !== null && value !== "") return { key, value };
    }
    return undefined;
  }
  take(keys: readonly string[] | string): unknown {
    const hit = this.first(typeof keys === "string" ? [keys] : keys);
    if (hit) this.used.add(hit.key);
    return hit?.value;
  }
  /** A number, or a numeric string; anything else is left alone (and stays in attributes). */
  number(keys: readonly string[] | string): number | undefined {
    const hit = this.first(typeof keys === "string" ? [keys] : keys);
    const n = typeof hit?.value === "number" ? hit.value : typeof hit?.value === "string" ? Number(hit.value) : NaN;
    if (!hit || !Number.isFinite(n)) return undefined;
    this.used.add(hit.key);
    return n;
  }
  text(keys: readonly string[] | string, max: number = L.maxNameLength): string | undefined {
    const v = this.take(keys);
    if (v === undefined) return undefined;
    return truncateText(typeof v === "string" ? v : JSON.stringify(v), max);
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** The stage a span's attributes say it is; `tailwatch.stage` overrides everything. */
export function deriveStage(kind: number, a: Attributes): Stage {
  const lookup = (table: Record<string, Stage>, v: unknown) => (typeof v === "string" ? table[v] : undefined);
  const signalled =
    lookup(GENAI_OPERATION_STAGE, a["gen_ai.operation.name"]) ??
    lookup(OPENINFERENCE_KIND_STAGE, str(a["openinference.span.kind"])?.toUpperCase()) ??
    lookup(VERCEL_OPERATION_STAGE, a["ai.operationId"]) ??
    lookup(LANGFUSE_TYPE_STAGE, str(a["langfuse.observation.type"])?.toLowerCase()) ??
    lookup(LLM_REQUEST_TYPE_STAGE, a["llm.request.type"]);
  if (signalled) return signalled;
  const hasModel = KEYS.model.some((k) => a[k] != null);
  const hasUsage = KEYS.inputTokens.some((k) => a[k] != null) || KEYS.outputTokens.some((k) => a[k] != null);
  if (hasModel && hasUsage) return "generation"; // e.g. vLLM's server-side `llm_request` span
  const db = str(a["db.system.name"]) ?? str(a["db.system"]);
  if (db && VECTOR_DATABASES.has(db.toLowerCase())) return "retrieval";
  if (kind === 3 && (a["http.request.method"] != null || a["http.method"] != null)) return "network";
  return "other";
}

function errorType(span: OtlpSpan, r: Reader): string | undefined {
  const declared = r.text("error.type");
  if (declared) return declared;
  const exception = span.events.find((e) => e.name === "exception");
  const exceptionType = exception?.attributes["exception.type"];
  if (typeof exceptionType === "string" && exceptionType) return truncateText(exceptionType, L.maxNameLength);
  if (span.statusMessage) return truncateText(span.statusMessage, L.maxNameLength);
  return undefined;
}

function traceHints(r: Reader): TraceHints {
  const out: TraceHints = {};
  for (const field of Object.keys(TRACE_KEYS) as TraceField[]) {
    const v = r.text(TRACE_KEYS[field]);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

/** Trace-level values from resource attributes (the fallback when no span carries them). */
export function resourceHints(resource: Attributes): TraceHints {
  return traceHints(new Reader(resource));
}

/** Maps one OTLP span. Throws a message when it cannot be a Tailwatch span at all. */
export function mapSpan(span: OtlpSpan): MappedSpan {
  if (!span.traceId) throw new Error("missing or invalid traceId (16 bytes, not all zero)");
  if (!span.spanId) throw new Error("missing or invalid spanId (8 bytes, not all zero)");
  if (span.startMs === null) throw new Error("missing startTimeUnixNano");
  const r = new Reader(span.attributes);
  const a = span.attributes;

  const explicitStage = r.take(TW.stage);
  const stage = explicitStage !== undefined ? (explicitStage as Stage) : deriveStage(span.kind, a);

  // vLLM's end-to-end latency stands in for a missing end time
  let durationMs = span.durationMs ?? undefined;
  if (span.endMs === null) {
    const e2e = r.number("gen_ai.latency.e2e");
    if (e2e !== undefined) durationMs = e2e * 1000;
  }
  if (durationMs === undefined) throw new Error("missing endTimeUnixNano");
  if (span.endMs !== null && span.endMs < span.startMs) throw new Error("endTimeUnixNano is before startTimeUnixNano");

  const wrapper = isAggregateWrapper(a);
  const usage = wrapper ? undefined : langfuseUsage(r);
  const ttftSeconds = r.number(KEYS.ttftSeconds);
  const ttftMs = ttftSeconds !== undefined ? ttftSeconds * 1000 : r.number(KEYS.ttftMs);
  let completionStartTime: string | number | undefined = str(r.take(KEYS.completionStart))?.replace(/^"|"$/g, "");
  if (ttftMs === undefined && completionStartTime === undefined) {
    completionStartTime = span.events.find((e) => e.name === FIRST_TOKEN_EVENT && e.timeMs !== null)?.timeMs ?? undefined;
  }

  let provider = r.text(KEYS.provider);
  if (provider && r.first(KEYS.provider)?.key === "ai.model.provider") provider = provider.split(".")[0]; // "openai.chat"

  const httpStatus = r.number(KEYS.httpStatus);
  const failed = span.statusCode === 2 || str(a["langfuse.observation.level"])?.toUpperCase() === "ERROR";

  const out: SpanWire = {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: truncateText(span.name || "(unnamed)", L.maxNameLength),
    kind: SPAN_KINDS[span.kind],
    stage,
    startTime: span.startMs,
    ...(span.endMs !== null ? { endTime: span.endMs } : {}),
    durationMs,
    ttftMs,
    completionStartTime,
    model: r.text(KEYS.model),
    provider,
    inputTokens: wrapper ? undefined : (r.number(KEYS.inputTokens) ?? usage?.input),
    outputTokens: wrapper ? undefined : (r.number(KEYS.outputTokens) ?? usage?.output),
    cachedTokens: wrapper ? undefined : (r.number(KEYS.cachedTokens) ?? usage?.cached),
    status: failed ? "error" : span.statusCode === 1 ? "ok" : undefined,
    errorType: failed ? (errorType(span, r) ?? "error") : r.text("error.type"),
    httpStatus: httpStatus !== undefined && httpStatus >= 100 && httpStatus <= 599 ? httpStatus : undefined,
    attempt: r.number(TW.attempt),
    retryOfSpanId: str(r.take(TW.retryOf))?.toLowerCase(),
    fallbackIndex: r.number(TW.fallbackIndex),
    fallbackFromModel: r.text(TW.fallbackFromModel),
    cacheOutcome: r.take(TW.cacheOutcome) as SpanWire["cacheOutcome"],
    cacheSimilarity: r.number(TW.cacheSimilarity),
    circuitState: r.take(TW.circuitState) as SpanWire["circuitState"],
    input: r.text(KEYS.input, L.maxTextLength),
    output: r.text(KEYS.output, L.maxTextLength),
  };
  const trace = traceHints(r);

  const kept: Attributes = {};
  for (const [k, v] of Object.entries(a)) if (!r.used.has(k)) kept[k] = v;
  if (span.resource["service.name"] !== undefined) kept["service.name"] = span.resource["service.name"];
  if (span.scopeName) kept["otel.scope.name"] = span.scopeName;
  if (failed && span.statusMessage) kept["otel.status_description"] = span.statusMessage;
  const exception = failed ? span.events.find((e) => e.name === "exception") : undefined;
  if (exception?.attributes["exception.message"] !== undefined) kept["exception.message"] = exception.attributes["exception.message"];
  out.attributes = limitAttributes(kept);

  return { spans: [out, ...enginePhases(span, a)], trace };
}

/** Langfuse SDKs put usage in one JSON attribute: `{"input": 10, "output": 5, "total": 15}`. */
function langfuseUsage(r: Reader): { input?: number; output?: number; cached?: number } | undefined {
  const raw = r.attrs["langfuse.observation.usage_details"];
  if (typeof raw !== "string") return undefined;
  let u: Record<string, unknown>;
  try {
    u = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!u || typeof u !== "object") return undefined;
  const pick = (...keys: string[]) => keys.map((k) => u[k]).find((v): v is number => typeof v === "number");
  r.used.add("langfuse.observation.usage_details");
  return {
    input: pick("input", "input_tokens", "prompt_tokens"),
    output: pick("output", "output_tokens", "completion_tokens"),
    cached: pick("cache_read_input_tokens", "input_cached_tokens", "input_cache_read"),
  };
}

/** vLLM reports its queue and prefill times on the request span; they become stage spans of their own. */
function enginePhases(span: OtlpSpan, a: Attributes): SpanWire[] {
  const seconds = (k: string) => {
    const v = typeof a[k] === "string" ? Number(a[k]) : a[k];
    return typeof v === "number" && Number.isFinite(v) && v > 0 ? v * 1000 : 0;
  };
  const out: SpanWire[] = [];
  let at = span.startMs!;
  for (const [phase, key] of [
    ["queue", "gen_ai.latency.time_in_queue"],
    ["prefill", "gen_ai.latency.time_in_model_prefill"],
  ] as const) {
    const ms = seconds(key);
    if (ms <= 0) continue;
    const end = span.endMs !== null ? Math.min(at + ms, span.endMs) : at + ms;
    out.push({
      spanId: `${span.spanId}-${phase}`,
      parentSpanId: span.spanId,
      name: phase,
      kind: "internal",
      stage: phase,
      startTime: at,
      endTime: end,
      durationMs: end - at,
      attributes: { "tailwatch.derived_from": key },
    });
    at = end;
  }
  return out;
}
