import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { projects } from "./projects";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** One logical request (what a user waited for), with totals derived from its spans. */
export const traces = pgTable(
  "traces",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    traceId: text("trace_id").notNull(),
    name: text("name"),
    taskType: text("task_type"),
    feature: text("feature"),
    userId: text("user_id"),
    sessionId: text("session_id"),
    environment: text("environment").notNull().default("production"),
    release: text("release"),
    startTime: tstz("start_time").notNull(),
    endTime: tstz("end_time").notNull(),
    durationMs: doublePrecision("duration_ms").notNull(),
    ttftMs: doublePrecision("ttft_ms"),
    status: text("status").notNull().default("ok"),
    errorType: text("error_type"),
    model: text("model"),
    provider: text("provider"),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    cachedTokens: bigint("cached_tokens", { mode: "number" }).notNull().default(0),
    costUsd: doublePrecision("cost_usd").notNull().default(0),
    cacheOutcome: text("cache_outcome"),
    attemptCount: smallint("attempt_count").notNull().default(1),
    fallbackUsed: boolean("fallback_used").notNull().default(false),
    spanCount: integer("span_count").notNull().default(0),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    /** Which fields the client set explicitly; derived totals never overwrite them on merge. */
    explicitFields: text("explicit_fields").array().notNull().default([]),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.traceId] }),
    index("traces_project_time_idx").on(t.projectId, t.startTime.desc()),
    index("traces_project_user_time_idx").on(t.projectId, t.userId, t.startTime),
  ],
);

/**
 * One stage or attempt inside a trace. Partitioned by day on start_time (migration 0011
 * onwards; drizzle-kit does not model partitioning): daily partitions spans_pYYYYMMDD plus
 * spans_default, kept by server/partitions. The primary key therefore includes start_time; its
 * index (project, trace, span, start) still serves lookups by trace and by span.
 */
export const spans = pgTable(
  "spans",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    traceId: text("trace_id").notNull(),
    spanId: text("span_id").notNull(),
    parentSpanId: text("parent_span_id"),
    name: text("name").notNull(),
    kind: text("kind").notNull().default("internal"),
    stage: text("stage").notNull().default("other"),
    startTime: tstz("start_time").notNull(),
    endTime: tstz("end_time").notNull(),
    durationMs: doublePrecision("duration_ms").notNull(),
    ttftMs: doublePrecision("ttft_ms"),
    completionStartTime: tstz("completion_start_time"),
    model: text("model"),
    provider: text("provider"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    cachedTokens: integer("cached_tokens"),
    costUsd: doublePrecision("cost_usd"),
    status: text("status").notNull().default("ok"),
    errorType: text("error_type"),
    httpStatus: smallint("http_status"),
    attempt: smallint("attempt").notNull().default(1),
    retryOfSpanId: text("retry_of_span_id"),
    fallbackIndex: smallint("fallback_index").notNull().default(0),
    fallbackFromModel: text("fallback_from_model"),
    cacheOutcome: text("cache_outcome"),
    cacheSimilarity: doublePrecision("cache_similarity"),
    circuitState: text("circuit_state"),
    inputText: text("input_text"),
    outputText: text("output_text"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.traceId, t.spanId, t.startTime] }),
    index("spans_project_time_idx").on(t.projectId, t.startTime),
    index("spans_project_stage_time_idx").on(t.projectId, t.stage, t.startTime),
  ],
);
