import {
  bigint,
  doublePrecision,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { projects } from "./projects";

/**
 * Per-minute aggregates keyed by the dimensions dashboards filter and group by. `stage` is
 * "request" for end-to-end (trace) rows and the span's stage otherwise. Absent dimensions are ''.
 * Rows are recomputed from raw rows whenever their minute is marked dirty, so late and re-sent
 * data leave them exactly as if everything had arrived once, on time.
 */
const rollupColumns = () => ({
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    minute: timestamp("minute", { withTimezone: true, mode: "date" }).notNull(),
    stage: text("stage").notNull(),
    environment: text("environment").notNull(),
    model: text("model").notNull(),
    provider: text("provider").notNull(),
    taskType: text("task_type").notNull(),
    feature: text("feature").notNull(),
    status: text("status").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
    rateLimited: bigint("rate_limited", { mode: "number" }).notNull(),
    timeouts: bigint("timeouts", { mode: "number" }).notNull(),
    serverErrors: bigint("server_errors", { mode: "number" }).notNull(),
    /** request rows: attempts beyond the first; span rows: spans with attempt > 1 */
    retries: bigint("retries", { mode: "number" }).notNull(),
    attempts: bigint("attempts", { mode: "number" }).notNull(),
    fallbacks: bigint("fallbacks", { mode: "number" }).notNull(),
    circuitOpen: bigint("circuit_open", { mode: "number" }).notNull(),
    cacheExact: bigint("cache_exact", { mode: "number" }).notNull(),
    cacheSemantic: bigint("cache_semantic", { mode: "number" }).notNull(),
    cacheLookups: bigint("cache_lookups", { mode: "number" }).notNull(),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull(),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull(),
    cachedTokens: bigint("cached_tokens", { mode: "number" }).notNull(),
    costUsd: doublePrecision("cost_usd").notNull(),
    durationSumMs: doublePrecision("duration_sum_ms").notNull(),
    durationMaxMs: doublePrecision("duration_max_ms"),
    /** latency sketches in their compact text form (encodeCounts in server/rollup/sketch.ts) */
    durationSketch: text("duration_sketch").notNull(),
    ttftSketch: text("ttft_sketch").notNull(),
    /** time per output token, ms: (duration − TTFT) / (output tokens − 1) */
    tpotSketch: text("tpot_sketch").notNull(),
});

export const rollupMinute = pgTable("rollup_minute", rollupColumns(), (t) => [
  primaryKey({ columns: [t.projectId, t.minute, t.stage, t.environment, t.model, t.provider, t.taskType, t.feature, t.status] }),
  index("rollup_minute_project_stage_minute_idx").on(t.projectId, t.stage, t.minute),
]);

/**
 * The same aggregates per hour (`minute` holds the start of the hour), merged from minute rows:
 * counters add up and sketches merge exactly, so long ranges read 60× fewer rows.
 */
export const rollupHour = pgTable("rollup_hour", rollupColumns(), (t) => [
  primaryKey({ columns: [t.projectId, t.minute, t.stage, t.environment, t.model, t.provider, t.taskType, t.feature, t.status] }),
  index("rollup_hour_project_stage_minute_idx").on(t.projectId, t.stage, t.minute),
]);

/** The same per day (`minute` holds the start of the UTC day), merged from hour rows. */
export const rollupDay = pgTable("rollup_day", rollupColumns(), (t) => [
  primaryKey({ columns: [t.projectId, t.minute, t.stage, t.environment, t.model, t.provider, t.taskType, t.feature, t.status] }),
  index("rollup_day_project_stage_minute_idx").on(t.projectId, t.stage, t.minute),
]);

/** Minutes whose rollup rows must be recomputed; written in the same transaction as the raw rows. */
export const rollupDirty = pgTable(
  "rollup_dirty",
  {
    projectId: uuid("project_id").notNull(),
    minute: timestamp("minute", { withTimezone: true, mode: "date" }).notNull(),
    markedAt: timestamp("marked_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.minute] })],
);

/** Hours whose rollup_hour rows must be re-merged from their minute rows. */
export const rollupDirtyHour = pgTable(
  "rollup_dirty_hour",
  {
    projectId: uuid("project_id").notNull(),
    hour: timestamp("hour", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour] })],
);

/** Days whose rollup_day rows must be re-merged from their hour rows. */
export const rollupDirtyDay = pgTable(
  "rollup_dirty_day",
  {
    projectId: uuid("project_id").notNull(),
    day: timestamp("day", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day] })],
);

/** What rollup_user_hour and rollup_user_day hold per user and dimensions (after project and time). */
const userAggregateColumns = () => ({
  userId: text("user_id").notNull(),
  environment: text("environment").notNull(),
  model: text("model").notNull(),
  feature: text("feature").notNull(),
  taskType: text("task_type").notNull(),
  requests: bigint("requests", { mode: "number" }).notNull(),
  errors: bigint("errors", { mode: "number" }).notNull(),
  inputTokens: bigint("input_tokens", { mode: "number" }).notNull(),
  outputTokens: bigint("output_tokens", { mode: "number" }).notNull(),
  costUsd: doublePrecision("cost_usd").notNull(),
});

/**
 * Requests, errors, tokens and cost per UTC hour per user (`hour` holds the start of the hour), by
 * the dimensions cost per user filters on; absent dimensions are ''. Users are not a rollup key
 * (unbounded cardinality), so this is its own, narrower aggregate: the rollup job rebuilds an
 * hour of it from traces whenever it re-merges that hour of rollup_hour (new, late, re-sent or
 * deleted data), so it stays exact like the rollups. Cost per user reads whole hours here and
 * the partial hours at the ends of a range from traces.
 */
export const rollupUserHour = pgTable(
  "rollup_user_hour",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true, mode: "date" }).notNull(),
    ...userAggregateColumns(),
  },
  (t) => [
    // leads with (project_id, hour): "top users over a range" scans this key's range of hours
    primaryKey({ columns: [t.projectId, t.hour, t.userId, t.environment, t.model, t.feature, t.taskType] }),
    // one user's hours: delete-by-user, and a user's history
    index("rollup_user_hour_project_user_hour_idx").on(t.projectId, t.userId, t.hour),
  ],
);

/**
 * The same per UTC day (`day` holds the start of the day), summed from the day's rows of
 * rollup_user_hour whenever the rollup job re-merges that day of rollup_day: a rebuilt hour marks
 * its day for re-merging, so the day follows its hours. Cost per user reads whole days here.
 */
export const rollupUserDay = pgTable(
  "rollup_user_day",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    day: timestamp("day", { withTimezone: true, mode: "date" }).notNull(),
    ...userAggregateColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.day, t.userId, t.environment, t.model, t.feature, t.taskType] }),
    index("rollup_user_day_project_user_day_idx").on(t.projectId, t.userId, t.day),
  ],
);
