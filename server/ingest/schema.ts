import { z } from "zod";
import { CACHE_OUTCOMES, CIRCUIT_STATES, SPAN_KINDS, STAGES, STATUSES } from "@/db/constants";
import { INGEST_LIMITS as L } from "./limits";
import { nestingDepth } from "./nesting";

/** A point in time: ISO-8601 with offset, or milliseconds since the epoch. */
export const timeField = z
  .union([z.number(), z.string().max(64)])
  .transform((value, ctx) => {
    const ms = typeof value === "number" ? value : Date.parse(value);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: "custom", message: "expected an ISO-8601 time or epoch milliseconds" });
      return z.NEVER;
    }
    if (ms < L.minTimeMs || ms > Date.now() + L.maxFutureMs) {
      ctx.addIssue({ code: "custom", message: "time out of accepted range (2000-01-01 … now + 1 day)" });
      return z.NEVER;
    }
    return new Date(ms);
  });

const id = z.string().min(1).max(L.maxIdLength);
const label = z.string().max(L.maxNameLength);
const tokens = z.number().int().min(0).max(1e9);
const nonNegMs = z.number().min(0).max(1e9);
const costUsd = z.number().min(0).max(1e6);

export const attributesField = z.record(z.string().max(L.maxNameLength), z.unknown()).superRefine((a, ctx) => {
  // depth first: measuring the size of a value nested deeper than the stack would overflow it
  if (nestingDepth(a, L.maxAttributesDepth) > L.maxAttributesDepth) {
    ctx.addIssue({ code: "custom", message: `attributes nested deeper than ${L.maxAttributesDepth} levels` });
  } else if (JSON.stringify(a).length > L.maxAttributesBytes) {
    ctx.addIssue({ code: "custom", message: `attributes larger than ${L.maxAttributesBytes} bytes` });
  }
});

export const spanInput = z
  .object({
    spanId: id,
    parentSpanId: id.nullish(),
    name: label.min(1),
    kind: z.enum(SPAN_KINDS).optional(),
    stage: z.enum(STAGES).optional(),
    startTime: timeField,
    endTime: timeField.optional(),
    durationMs: nonNegMs.optional(),
    ttftMs: nonNegMs.nullish(),
    completionStartTime: timeField.nullish(),
    model: label.nullish(),
    provider: label.nullish(),
    inputTokens: tokens.nullish(),
    outputTokens: tokens.nullish(),
    cachedTokens: tokens.nullish(),
    costUsd: costUsd.nullish(),
    status: z.enum(STATUSES).optional(),
    errorType: label.nullish(),
    httpStatus: z.number().int().min(100).max(599).nullish(),
    attempt: z.number().int().min(1).max(1000).optional(),
    retryOfSpanId: id.nullish(),
    fallbackIndex: z.number().int().min(0).max(100).optional(),
    fallbackFromModel: label.nullish(),
    cacheOutcome: z.enum(CACHE_OUTCOMES).nullish(),
    cacheSimilarity: z.number().min(0).max(1).nullish(),
    circuitState: z.enum(CIRCUIT_STATES).nullish(),
    input: z.string().max(L.maxTextLength).nullish(),
    output: z.string().max(L.maxTextLength).nullish(),
    attributes: attributesField.optional(),
  })
  .superRefine((s, ctx) => {
    if (!s.endTime && s.durationMs === undefined) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "endTime or durationMs is required" });
    }
    // zod runs object refinements even when a field failed: a time that did not parse is still its raw input here
    if (s.endTime instanceof Date && s.startTime instanceof Date && s.endTime.getTime() < s.startTime.getTime()) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "endTime is before startTime" });
    }
  });

export const traceInput = z
  .object({
    traceId: id,
    name: label.nullish(),
    taskType: label.nullish(),
    feature: label.nullish(),
    userId: label.nullish(),
    sessionId: label.nullish(),
    environment: label.min(1).optional(),
    release: label.nullish(),
    startTime: timeField.optional(),
    endTime: timeField.optional(),
    durationMs: nonNegMs.optional(),
    ttftMs: nonNegMs.nullish(),
    status: z.enum(STATUSES).optional(),
    errorType: label.nullish(),
    model: label.nullish(),
    provider: label.nullish(),
    inputTokens: tokens.optional(),
    outputTokens: tokens.optional(),
    cachedTokens: tokens.optional(),
    costUsd: costUsd.optional(),
    cacheOutcome: z.enum(CACHE_OUTCOMES).nullish(),
    attemptCount: z.number().int().min(0).max(1000).optional(),
    fallbackUsed: z.boolean().optional(),
    attributes: attributesField.optional(),
    spans: z.array(spanInput).max(L.maxSpansPerTrace).default([]),
  })
  .superRefine((t, ctx) => {
    if (t.spans.length === 0 && !t.startTime) {
      ctx.addIssue({ code: "custom", path: ["startTime"], message: "startTime is required for a trace without spans" });
    }
    if (t.spans.length === 0 && !t.endTime && t.durationMs === undefined) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "endTime or durationMs is required for a trace without spans" });
    }
  });

export const engineSampleInput = z.object({
  time: timeField,
  host: label.min(1),
  source: z.string().min(1).max(64).optional(),
  gpuIndex: z.number().int().min(0).max(1024).nullish(),
  gpuUuid: id.nullish(),
  gpuName: label.nullish(),
  gpuUtilPct: z.number().min(0).max(100).nullish(),
  memUsedBytes: z.number().min(0).max(1e15).nullish(),
  memTotalBytes: z.number().min(0).max(1e15).nullish(),
  powerW: z.number().min(0).max(1e5).nullish(),
  temperatureC: z.number().min(-50).max(200).nullish(),
  kvCacheUsagePct: z.number().min(0).max(100).nullish(),
  requestsRunning: z.number().min(0).max(1e7).nullish(),
  requestsWaiting: z.number().min(0).max(1e7).nullish(),
  labels: z.record(z.string().max(256), z.string().max(1024)).optional(),
});

export const ingestBatchInput = z.object({
  traces: z.array(traceInput).default([]),
  engineSamples: z.array(engineSampleInput).default([]),
});

export type SpanInput = z.infer<typeof spanInput>;
export type TraceInput = z.infer<typeof traceInput>;
export type EngineSampleInput = z.infer<typeof engineSampleInput>;
export type IngestBatchInput = z.infer<typeof ingestBatchInput>;
/** What a client sends (times as strings or numbers). */
export type IngestBatchWire = z.input<typeof ingestBatchInput>;

export interface IngestResult {
  traces: number;
  spans: number;
  engineSamples: number;
}

/** `["traces", 3, "spans", 0, "startTime"]` → `traces[3].spans[0].startTime` */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(body)";
}
