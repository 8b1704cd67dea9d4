import "server-only";
import { sql } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import type { TraceRowView } from "./list";

export interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  stage: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  ttftMs: number | null;
  model: string | null;
  provider: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
  costUsd: number | null;
  status: string;
  errorType: string | null;
  httpStatus: number | null;
  attempt: number;
  retryOfSpanId: string | null;
  fallbackIndex: number;
  fallbackFromModel: string | null;
  cacheOutcome: string | null;
  cacheSimilarity: number | null;
  circuitState: string | null;
  input: string | null;
  output: string | null;
  attributes: Record<string, unknown>;
}

/** One trace with every span, in start order; null when the project has no such trace. */
export async function getTrace(db: Database, projectId: string, traceId: string) {
  const [trace] = await jsonRows<TraceRowView & { sessionId: string | null; release: string | null; attributes: Record<string, unknown> }>(
    db,
    sql`SELECT trace_id AS "traceId", extract(epoch from start_time) * 1000 AS "startMs", name, task_type AS "taskType",
        feature, user_id AS "userId", session_id AS "sessionId", environment, release, model, provider,
        duration_ms AS "durationMs", ttft_ms AS "ttftMs", input_tokens AS "inputTokens", output_tokens AS "outputTokens",
        cost_usd AS "costUsd", status, error_type AS "errorType", cache_outcome AS "cacheOutcome",
        attempt_count AS "attemptCount", fallback_used AS "fallbackUsed", span_count AS "spanCount", attributes
      FROM traces WHERE project_id = ${projectId}::uuid AND trace_id = ${traceId}`,
  );
  if (!trace) return null;
  const spans = await jsonRows<SpanView>(
    db,
    sql`SELECT span_id AS "spanId", parent_span_id AS "parentSpanId", name, kind, stage,
        extract(epoch from start_time) * 1000 AS "startMs", extract(epoch from end_time) * 1000 AS "endMs",
        duration_ms AS "durationMs", ttft_ms AS "ttftMs", model, provider, input_tokens AS "inputTokens",
        output_tokens AS "outputTokens", cached_tokens AS "cachedTokens", cost_usd AS "costUsd", status,
        error_type AS "errorType", http_status AS "httpStatus", attempt, retry_of_span_id AS "retryOfSpanId",
        fallback_index AS "fallbackIndex", fallback_from_model AS "fallbackFromModel", cache_outcome AS "cacheOutcome",
        cache_similarity AS "cacheSimilarity", circuit_state AS "circuitState", input_text AS "input",
        output_text AS "output", attributes
      FROM spans WHERE project_id = ${projectId}::uuid AND trace_id = ${traceId}
      ORDER BY start_time, span_id`,
  );
  return { trace, spans };
}
