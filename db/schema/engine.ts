import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { projects } from "./projects";

/** One reading of a GPU and/or serving engine (DCGM, vLLM, TGI, Triton, nvidia-smi). */
export const engineSamples = pgTable(
  "engine_samples",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    time: timestamp("time", { withTimezone: true, mode: "date" }).notNull(),
    host: text("host").notNull(),
    /** GPU uuid, else index, else "" for an engine-level sample: part of the identity of a series. */
    gpuKey: text("gpu_key").notNull().default(""),
    source: text("source").notNull().default("custom"),
    gpuIndex: integer("gpu_index"),
    gpuUuid: text("gpu_uuid"),
    gpuName: text("gpu_name"),
    gpuUtilPct: doublePrecision("gpu_util_pct"),
    memUsedBytes: bigint("mem_used_bytes", { mode: "number" }),
    memTotalBytes: bigint("mem_total_bytes", { mode: "number" }),
    powerW: doublePrecision("power_w"),
    temperatureC: doublePrecision("temperature_c"),
    kvCacheUsagePct: doublePrecision("kv_cache_usage_pct"),
    requestsRunning: doublePrecision("requests_running"),
    requestsWaiting: doublePrecision("requests_waiting"),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.host, t.gpuKey, t.source, t.time] }),
    index("engine_samples_project_time_idx").on(t.projectId, t.time),
  ],
);

/** Price per million tokens. A project row overrides the built-in row (project_id null). */
export const modelPrices = pgTable(
  "model_prices",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    provider: text("provider"),
    /** Glob on the model name: "gpt-4o", "gpt-4o-2024-*", "claude-sonnet-4*". */
    modelPattern: text("model_pattern").notNull(),
    inputUsdPerMtok: doublePrecision("input_usd_per_mtok").notNull(),
    outputUsdPerMtok: doublePrecision("output_usd_per_mtok").notNull(),
    cachedInputUsdPerMtok: doublePrecision("cached_input_usd_per_mtok"),
    /** "builtin" rows are re-synced from db/prices.ts at start; "user" rows are never touched. */
    origin: text("origin").notNull().default("user"),
  },
  (t) => [index("model_prices_project_idx").on(t.projectId)],
);
