import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { DEFAULT_ENVIRONMENT } from "@/db/constants";
import { markDirty } from "@/server/rollup/recompute";
import {
  deriveTraceTotals,
  type EngineSampleRow,
  type NormalizedBatch,
  type SpanRow,
  type TraceRow,
} from "./normalize";

/** Rows per statement: large enough to amortise round trips, small enough to bound memory. */
const CHUNK = 5_000;

const ts = (column: string) => sql.raw(`to_timestamp(${column} / 1000.0)`);

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const SPAN_RECORD = sql.raw(`x(
  trace_id text, span_id text, parent_span_id text, name text, kind text, stage text,
  start_ms double precision, end_ms double precision, duration_ms double precision, ttft_ms double precision,
  completion_start_ms double precision, model text, provider text, input_tokens int, output_tokens int,
  cached_tokens int, cost_usd double precision, status text, error_type text, http_status smallint,
  attempt smallint, retry_of_span_id text, fallback_index smallint, fallback_from_model text,
  cache_outcome text, cache_similarity double precision, circuit_state text, input_text text,
  output_text text, attributes jsonb)`);

async function upsertSpans(tx: Database, projectId: string, spans: SpanRow[]) {
  for (const part of chunks(spans)) {
    await tx.execute(sql`
      INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, stage, start_time, end_time,
        duration_ms, ttft_ms, completion_start_time, model, provider, input_tokens, output_tokens, cached_tokens,
        cost_usd, status, error_type, http_status, attempt, retry_of_span_id, fallback_index, fallback_from_model,
        cache_outcome, cache_similarity, circuit_state, input_text, output_text, attributes)
      SELECT ${projectId}::uuid, trace_id, span_id, parent_span_id, name, kind, stage, ${ts("start_ms")}, ${ts("end_ms")},
        duration_ms, ttft_ms, ${ts("completion_start_ms")}, model, provider, input_tokens, output_tokens, cached_tokens,
        cost_usd, status, error_type, http_status, attempt, retry_of_span_id, fallback_index, fallback_from_model,
        cache_outcome, cache_similarity, circuit_state, input_text, output_text, coalesce(attributes, '{}'::jsonb)
      FROM json_to_recordset(${JSON.stringify(part)}::json) AS ${SPAN_RECORD}
      ORDER BY trace_id, span_id
      ON CONFLICT (project_id, trace_id, span_id, start_time) DO UPDATE SET
        parent_span_id = excluded.parent_span_id, name = excluded.name, kind = excluded.kind, stage = excluded.stage,
        end_time = excluded.end_time, duration_ms = excluded.duration_ms,
        ttft_ms = excluded.ttft_ms, completion_start_time = excluded.completion_start_time, model = excluded.model,
        provider = excluded.provider, input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
        cached_tokens = excluded.cached_tokens, cost_usd = excluded.cost_usd, status = excluded.status,
        error_type = excluded.error_type, http_status = excluded.http_status, attempt = excluded.attempt,
        retry_of_span_id = excluded.retry_of_span_id, fallback_index = excluded.fallback_index,
        fallback_from_model = excluded.fallback_from_model, cache_outcome = excluded.cache_outcome,
        cache_similarity = excluded.cache_similarity, circuit_state = excluded.circuit_state,
        input_text = excluded.input_text, output_text = excluded.output_text, attributes = excluded.attributes`);
  }
}

/**
 * spans is partitioned by start_time, so its key is (project, trace, span, start_time) and a
 * re-sent span whose start moved would not conflict with its stored row: that row is deleted here
 * (before the upsert), and its start time (epoch ms) returned so its old minute is rebuilt. Only
 * traces that already existed can have stored spans, so only their spans are looked up (new
 * traces, the bulk of ingest, cost nothing). Concurrent batches cannot both miss each other's row:
 * each holds its traces' rows locked (upsertTraces runs first) until it commits.
 */
async function deleteMovedSpans(tx: Database, projectId: string, spans: SpanRow[], mergedTraces: string[]): Promise<number[]> {
  if (!mergedTraces.length) return [];
  const merged = new Set(mergedTraces);
  const candidates = spans.filter((s) => merged.has(s.trace_id));
  const moved: number[] = [];
  for (const part of chunks(candidates)) {
    const keys = JSON.stringify(part.map((s) => ({ t: s.trace_id, s: s.span_id, m: s.start_ms })));
    const gone = await rows<{ ms: number }>(
      tx,
      sql`DELETE FROM spans sp USING json_to_recordset(${keys}::json) AS k(t text, s text, m double precision)
        WHERE sp.project_id = ${projectId}::uuid AND sp.trace_id = k.t AND sp.span_id = k.s
          AND sp.start_time <> to_timestamp(k.m / 1000.0)
        RETURNING extract(epoch from sp.start_time) * 1000 AS ms`,
    );
    for (const g of gone) moved.push(Number(g.ms));
  }
  return moved;
}

const TRACE_RECORD = sql.raw(`x(
  trace_id text, name text, task_type text, feature text, user_id text, session_id text, environment text,
  release text, start_ms double precision, end_ms double precision, duration_ms double precision,
  ttft_ms double precision, status text, error_type text, model text, provider text, input_tokens bigint,
  output_tokens bigint, cached_tokens bigint, cost_usd double precision, cache_outcome text, attempt_count smallint,
  fallback_used boolean, span_count int, attributes jsonb, explicit_fields text[])`);

/**
 * Stored start times (epoch ms) of the batch's traces that arrive with an explicit start: the
 * upsert replaces such a start, and the minute it leaves must be rebuilt. FOR UPDATE (in the
 * upsert's trace_id order) waits for a concurrent batch of the same trace, so the start read is
 * the latest committed one. New traces, and traces whose start is derived from their spans (the
 * spans' old minutes are marked by deleteMovedSpans and recomputeMergedTraces), cost one index probe.
 */
async function lockExplicitStartsMoving(tx: Database, projectId: string, traces: TraceRow[]): Promise<number[]> {
  const explicit = traces.filter((t) => t.explicit_fields.includes("start_ms")).map((t) => t.trace_id);
  if (!explicit.length) return [];
  const found = await rows<{ ms: number }>(
    tx,
    sql`SELECT extract(epoch from start_time) * 1000 AS ms FROM traces
      WHERE project_id = ${projectId}::uuid AND trace_id IN (SELECT json_array_elements_text(${JSON.stringify(explicit)}::json))
      ORDER BY trace_id FOR UPDATE`,
  );
  return found.map((f) => Number(f.ms));
}

/** Inserts new traces; for ones that exist, merges descriptive fields and returns their ids. */
async function upsertTraces(tx: Database, projectId: string, traces: TraceRow[]): Promise<string[]> {
  const merged: string[] = [];
  // explicit_fields travels as a JSON array; json_to_recordset reads it into text[].
  for (const part of chunks(traces)) {
    const payload = JSON.stringify(
      part.map((t) => {
        // a sent environment travels as an explicit field, so a merge keeps the stored one otherwise
        const explicit = t.environment != null ? [...t.explicit_fields, "environment"] : t.explicit_fields;
        return { ...t, explicit_fields: `{${explicit.join(",")}}` };
      }),
    );
    const result = await rows<{ trace_id: string; merged: boolean }>(
      tx,
      sql`
      INSERT INTO traces AS t (project_id, trace_id, name, task_type, feature, user_id, session_id, environment, release,
        start_time, end_time, duration_ms, ttft_ms, status, error_type, model, provider, input_tokens, output_tokens,
        cached_tokens, cost_usd, cache_outcome, attempt_count, fallback_used, span_count, attributes, explicit_fields,
        updated_at)
      SELECT ${projectId}::uuid, trace_id, name, task_type, feature, user_id, session_id,
        coalesce(environment, ${DEFAULT_ENVIRONMENT}), release,
        ${ts("start_ms")}, ${ts("end_ms")}, duration_ms, ttft_ms, status, error_type, model, provider, input_tokens,
        output_tokens, cached_tokens, cost_usd, cache_outcome, attempt_count, fallback_used, span_count,
        coalesce(attributes, '{}'::jsonb), coalesce(explicit_fields, '{}'), now()
      FROM json_to_recordset(${payload}::json) AS ${TRACE_RECORD}
      ORDER BY trace_id
      ON CONFLICT (project_id, trace_id) DO UPDATE SET
        name = coalesce(excluded.name, t.name), task_type = coalesce(excluded.task_type, t.task_type),
        feature = coalesce(excluded.feature, t.feature), user_id = coalesce(excluded.user_id, t.user_id),
        session_id = coalesce(excluded.session_id, t.session_id),
        environment = CASE WHEN 'environment' = ANY(excluded.explicit_fields) THEN excluded.environment ELSE t.environment END,
        release = coalesce(excluded.release, t.release),
        attributes = t.attributes || excluded.attributes,
        -- explicit values sent now replace stored ones; the rest is recomputed from all spans below
        start_time = CASE WHEN 'start_ms' = ANY(excluded.explicit_fields) THEN excluded.start_time ELSE t.start_time END,
        end_time = CASE WHEN 'end_ms' = ANY(excluded.explicit_fields) THEN excluded.end_time ELSE t.end_time END,
        duration_ms = CASE WHEN 'duration_ms' = ANY(excluded.explicit_fields) THEN excluded.duration_ms ELSE t.duration_ms END,
        ttft_ms = CASE WHEN 'ttft_ms' = ANY(excluded.explicit_fields) THEN excluded.ttft_ms ELSE t.ttft_ms END,
        status = CASE WHEN 'status' = ANY(excluded.explicit_fields) THEN excluded.status ELSE t.status END,
        error_type = CASE WHEN 'error_type' = ANY(excluded.explicit_fields) THEN excluded.error_type ELSE t.error_type END,
        model = CASE WHEN 'model' = ANY(excluded.explicit_fields) THEN excluded.model ELSE t.model END,
        provider = CASE WHEN 'provider' = ANY(excluded.explicit_fields) THEN excluded.provider ELSE t.provider END,
        input_tokens = CASE WHEN 'input_tokens' = ANY(excluded.explicit_fields) THEN excluded.input_tokens ELSE t.input_tokens END,
        output_tokens = CASE WHEN 'output_tokens' = ANY(excluded.explicit_fields) THEN excluded.output_tokens ELSE t.output_tokens END,
        cached_tokens = CASE WHEN 'cached_tokens' = ANY(excluded.explicit_fields) THEN excluded.cached_tokens ELSE t.cached_tokens END,
        cost_usd = CASE WHEN 'cost_usd' = ANY(excluded.explicit_fields) THEN excluded.cost_usd ELSE t.cost_usd END,
        cache_outcome = CASE WHEN 'cache_outcome' = ANY(excluded.explicit_fields) THEN excluded.cache_outcome ELSE t.cache_outcome END,
        attempt_count = CASE WHEN 'attempt_count' = ANY(excluded.explicit_fields) THEN excluded.attempt_count ELSE t.attempt_count END,
        fallback_used = CASE WHEN 'fallback_used' = ANY(excluded.explicit_fields) THEN excluded.fallback_used ELSE t.fallback_used END,
        explicit_fields = ARRAY(SELECT DISTINCT unnest(t.explicit_fields || excluded.explicit_fields)),
        updated_at = now()
      RETURNING trace_id, (xmax <> 0) AS merged`,
    );
    for (const r of result) if (r.merged) merged.push(r.trace_id);
  }
  return merged;
}

interface StoredSpan extends SpanRow {
  explicit_fields: string[];
}

/**
 * A trace that already existed gets its derived totals recomputed from all of its stored
 * spans, with the same function that derives them for new traces. The trace row was locked
 * by the upsert above, so a concurrent batch for the same trace waits and then sees these spans.
 */
async function recomputeMergedTraces(tx: Database, projectId: string, traceIds: string[]) {
  if (!traceIds.length) return;
  // the minute a merged trace used to start in must be rebuilt too, if its start moves
  const before = await rows<{ start_ms: number }>(
    tx,
    sql`SELECT extract(epoch from start_time) * 1000 AS start_ms FROM traces WHERE project_id = ${projectId}::uuid
      AND trace_id IN (SELECT json_array_elements_text(${JSON.stringify(traceIds)}::json))`,
  );
  const stored = await rows<StoredSpan & { t_explicit: string[] }>(
    tx,
    sql`
    SELECT s.trace_id, s.span_id, s.parent_span_id, s.name, s.stage, s.status, s.error_type, s.model, s.provider,
      extract(epoch from s.start_time) * 1000 AS start_ms, extract(epoch from s.end_time) * 1000 AS end_ms,
      extract(epoch from s.completion_start_time) * 1000 AS completion_start_ms,
      s.input_tokens, s.output_tokens, s.cached_tokens, s.cost_usd, s.fallback_index, s.cache_outcome
    FROM spans s
    WHERE s.project_id = ${projectId}::uuid
      AND s.trace_id IN (SELECT json_array_elements_text(${JSON.stringify(traceIds)}::json))`,
  );
  const byTrace = new Map<string, SpanRow[]>();
  for (const s of stored) {
    s.start_ms = Number(s.start_ms);
    s.end_ms = Number(s.end_ms);
    s.completion_start_ms = s.completion_start_ms == null ? null : Number(s.completion_start_ms);
    const list = byTrace.get(s.trace_id) ?? [];
    list.push(s);
    byTrace.set(s.trace_id, list);
  }
  // every span of a merged trace rolls up with the trace's (possibly new) task type, feature, environment
  await markDirty(tx, projectId, [...before.map((b) => Number(b.start_ms)), ...stored.map((s) => s.start_ms)]);
  const updates = [...byTrace.entries()].map(([traceId, spans]) => ({ trace_id: traceId, ...deriveTraceTotals(spans) }));
  if (!updates.length) return;
  const keep = (col: string, expr: string) =>
    sql.raw(`${col} = CASE WHEN '${col === "start_time" ? "start_ms" : col === "end_time" ? "end_ms" : col}' = ANY(t.explicit_fields) THEN t.${col} ELSE ${expr} END`);
  await tx.execute(sql`
    UPDATE traces AS t SET
      ${keep("start_time", "to_timestamp(u.start_ms / 1000.0)")},
      ${keep("end_time", "to_timestamp(u.end_ms / 1000.0)")},
      ${keep("ttft_ms", "u.ttft_ms")}, ${keep("status", "u.status")}, ${keep("error_type", "u.error_type")},
      ${keep("model", "u.model")}, ${keep("provider", "u.provider")},
      ${keep("input_tokens", "u.input_tokens")}, ${keep("output_tokens", "u.output_tokens")},
      ${keep("cached_tokens", "u.cached_tokens")}, ${keep("cost_usd", "u.cost_usd")},
      ${keep("cache_outcome", "u.cache_outcome")}, ${keep("attempt_count", "u.attempt_count")},
      ${keep("fallback_used", "u.fallback_used")}, span_count = u.span_count
    FROM json_to_recordset(${JSON.stringify(updates)}::json) AS u(
      trace_id text, start_ms double precision, end_ms double precision, ttft_ms double precision, status text,
      error_type text, model text, provider text, input_tokens bigint, output_tokens bigint, cached_tokens bigint,
      cost_usd double precision, cache_outcome text, attempt_count smallint, fallback_used boolean, span_count int)
    WHERE t.project_id = ${projectId}::uuid AND t.trace_id = u.trace_id`);
  // duration follows the (possibly explicit) bounds unless it was itself explicit
  await tx.execute(sql`
    UPDATE traces SET duration_ms = greatest(0, extract(epoch from (end_time - start_time)) * 1000)
    WHERE project_id = ${projectId}::uuid
      AND trace_id IN (SELECT json_array_elements_text(${JSON.stringify(traceIds)}::json))
      AND NOT ('duration_ms' = ANY(explicit_fields))`);
}

async function upsertEngineSamples(tx: Database, projectId: string, samples: EngineSampleRow[]) {
  for (const part of chunks(samples)) {
    await tx.execute(sql`
      INSERT INTO engine_samples (project_id, time, host, gpu_key, source, gpu_index, gpu_uuid, gpu_name, gpu_util_pct,
        mem_used_bytes, mem_total_bytes, power_w, temperature_c, kv_cache_usage_pct, requests_running,
        requests_waiting, labels)
      SELECT ${projectId}::uuid, ${ts("time_ms")}, host, gpu_key, source, gpu_index, gpu_uuid, gpu_name, gpu_util_pct,
        mem_used_bytes, mem_total_bytes, power_w, temperature_c, kv_cache_usage_pct, requests_running,
        requests_waiting, coalesce(labels, '{}'::jsonb)
      FROM json_to_recordset(${JSON.stringify(part)}::json) AS x(time_ms double precision, host text, gpu_key text,
        source text, gpu_index int, gpu_uuid text, gpu_name text, gpu_util_pct double precision,
        mem_used_bytes bigint, mem_total_bytes bigint, power_w double precision, temperature_c double precision,
        kv_cache_usage_pct double precision, requests_running double precision, requests_waiting double precision,
        labels jsonb)
      ON CONFLICT (project_id, host, gpu_key, source, time) DO UPDATE SET
        gpu_index = excluded.gpu_index, gpu_uuid = excluded.gpu_uuid, gpu_name = excluded.gpu_name,
        gpu_util_pct = excluded.gpu_util_pct, mem_used_bytes = excluded.mem_used_bytes,
        mem_total_bytes = excluded.mem_total_bytes, power_w = excluded.power_w,
        temperature_c = excluded.temperature_c, kv_cache_usage_pct = excluded.kv_cache_usage_pct,
        requests_running = excluded.requests_running, requests_waiting = excluded.requests_waiting,
        labels = excluded.labels`);
  }
}

const RETRYABLE = new Set(["40P01", "40001"]);

/** Writes a normalised batch in one transaction: all of it is committed, or none of it. */
export async function writeBatch(db: Database, projectId: string, batch: NormalizedBatch) {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction(async (tx) => {
        const t = tx as unknown as Database;
        // traces first: their rows (keyed by project and trace id alone) serialise concurrent
        // batches of the same trace, which the spans' time-partitioned key no longer does
        // a re-sent trace whose explicit start moved leaves its old minute: that minute's request
        // row must drop it (read, and locked, before the upsert overwrites it)
        await markDirty(t, projectId, await lockExplicitStartsMoving(t, projectId, batch.traces));
        const merged = batch.traces.length ? await upsertTraces(t, projectId, batch.traces) : [];
        if (batch.spans.length) {
          // a re-sent span that moved leaves its old minute: that minute's rollups must drop it
          await markDirty(t, projectId, await deleteMovedSpans(t, projectId, batch.spans, merged));
          await upsertSpans(t, projectId, batch.spans);
        }
        await recomputeMergedTraces(t, projectId, merged);
        await markDirty(t, projectId, [...batch.spans.map((s) => s.start_ms), ...batch.traces.map((tr) => tr.start_ms)]);
        if (batch.engineSamples.length) await upsertEngineSamples(t, projectId, batch.engineSamples);
      });
      return;
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if (attempt < 4 && code && RETRYABLE.has(code)) continue;
      throw err;
    }
  }
}
