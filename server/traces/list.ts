import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { jsonRows, type Database } from "@/db/client";
import { resolveRange } from "@/server/metrics/range";
import type { TraceListInput, TraceSort } from "./schema";

export interface TraceRowView {
  traceId: string;
  startMs: number;
  name: string | null;
  taskType: string | null;
  feature: string | null;
  userId: string | null;
  environment: string;
  model: string | null;
  provider: string | null;
  durationMs: number;
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  status: string;
  errorType: string | null;
  cacheOutcome: string | null;
  attemptCount: number;
  fallbackUsed: boolean;
  spanCount: number;
}

const SORT_COLUMN: Record<TraceSort, string> = {
  time: "start_time",
  duration: "duration_ms",
  ttft: "coalesce(ttft_ms, -1)",
  cost: "cost_usd",
};

/** Keyset cursor: the sort value and trace id of the last row, so pages never skip or repeat rows. */
export function encodeCursor(sortValue: number, traceId: string): string {
  return Buffer.from(JSON.stringify([sortValue, traceId])).toString("base64url");
}

export function decodeCursor(cursor: string): [number, string] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "string" ? [v[0], v[1]] : null;
  } catch {
    return null;
  }
}

/** Traces of a range, newest (or slowest, costliest…) first, with filters, search and keyset pagination. */
export async function listTraces(db: Database, projectId: string, input: TraceListInput, nowMs = Date.now()) {
  const r = resolveRange(input, nowMs);
  const f = input.filters;
  const sortCol = sql.raw(SORT_COLUMN[input.sort]);
  const sortValue = input.sort === "time" ? sql.raw("extract(epoch from start_time) * 1000") : sortCol;
  const where: SQL[] = [
    sql`project_id = ${projectId}::uuid`,
    sql`start_time >= to_timestamp(${r.fromMs / 1000}) AND start_time < to_timestamp(${r.toMs / 1000})`,
  ];
  if (f.environment) where.push(sql`environment = ${f.environment}`);
  if (f.model) where.push(sql`model = ${f.model}`);
  if (f.provider) where.push(sql`provider = ${f.provider}`);
  if (f.taskType) where.push(sql`task_type = ${f.taskType}`);
  if (f.feature) where.push(sql`feature = ${f.feature}`);
  if (f.userId) where.push(sql`user_id = ${f.userId}`);
  if (input.status) where.push(sql`status = ${input.status}`);
  if (input.search) where.push(sql`(trace_id = ${input.search} OR starts_with(user_id, ${input.search}))`);
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  if (cursor) where.push(sql`(${sortValue}, trace_id) < (${cursor[0]}, ${cursor[1]})`);
  const found = await jsonRows<TraceRowView & { sortValue: number }>(
    db,
    sql`SELECT trace_id AS "traceId", extract(epoch from start_time) * 1000 AS "startMs", name, task_type AS "taskType",
        feature, user_id AS "userId", environment, model, provider, duration_ms AS "durationMs", ttft_ms AS "ttftMs",
        input_tokens AS "inputTokens", output_tokens AS "outputTokens", cost_usd AS "costUsd", status,
        error_type AS "errorType", cache_outcome AS "cacheOutcome", attempt_count AS "attemptCount",
        fallback_used AS "fallbackUsed", span_count AS "spanCount", ${sortValue} AS "sortValue"
      FROM traces WHERE ${sql.join(where, sql` AND `)}
      ORDER BY ${sortValue} DESC, trace_id DESC LIMIT ${input.limit + 1}`,
  );
  const page = found.slice(0, input.limit);
  const last = page.at(-1);
  return {
    range: r,
    traces: page.map(({ sortValue: _s, ...t }) => t),
    nextCursor: found.length > input.limit && last ? encodeCursor(Number(last.sortValue), last.traceId) : null,
  };
}
