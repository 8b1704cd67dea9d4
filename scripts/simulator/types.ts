import type { CacheOutcome, CircuitState, SpanKind, Stage, Status } from "../../db/constants";
import type { IngestBatchWire } from "../../server/ingest/schema";

/** One span as sent on the wire (times are epoch milliseconds). */
export interface WireSpan {
  spanId: string;
  parentSpanId?: string | null;
  name: string;
  kind?: SpanKind;
  stage?: Stage;
  startTime: number;
  endTime: number;
  ttftMs?: number | null;
  model?: string | null;
  provider?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  cachedTokens?: number | null;
  status?: Status;
  errorType?: string | null;
  httpStatus?: number | null;
  attempt?: number;
  retryOfSpanId?: string | null;
  fallbackIndex?: number;
  fallbackFromModel?: string | null;
  cacheOutcome?: CacheOutcome | null;
  cacheSimilarity?: number | null;
  circuitState?: CircuitState | null;
  input?: string | null;
  output?: string | null;
  attributes?: Record<string, unknown>;
}

export interface WireTrace {
  traceId: string;
  name: string;
  taskType: string;
  feature: string;
  userId: string;
  sessionId: string;
  environment: string;
  release: string;
  /** spans[0] is always the root span, covering the whole request. */
  spans: WireSpan[];
}

export interface WireEngineSample {
  time: number;
  host: string;
  source: "dcgm" | "vllm";
  gpuIndex?: number | null;
  gpuUuid?: string | null;
  gpuName?: string | null;
  gpuUtilPct?: number | null;
  memUsedBytes?: number | null;
  memTotalBytes?: number | null;
  powerW?: number | null;
  temperatureC?: number | null;
  kvCacheUsagePct?: number | null;
  requestsRunning?: number | null;
  requestsWaiting?: number | null;
  labels?: Record<string, string>;
}

export interface WireBatch {
  traces: WireTrace[];
  engineSamples: WireEngineSample[];
}

// Compile-time guarantee that what the simulator builds is assignable to the server's wire type.
type AssertAssignable<T extends U, U> = T;
export type _WireBatchMatchesSchema = AssertAssignable<WireBatch, IngestBatchWire>;

/** Start of the root span (= the trace's start). */
export function traceStartMs(t: WireTrace): number {
  return t.spans[0]!.startTime;
}

/** End of the root span (= the trace's end); every other span lies inside it. */
export function traceEndMs(t: WireTrace): number {
  return t.spans[0]!.endTime;
}
