import { doublePrecision, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/**
 * Metric kinds kept in `metric_points`, as Prometheus names them (OTLP monotonic sums are
 * counters, non-monotonic sums gauges).
 */
export type MetricPointKind = "gauge" | "counter" | "histogram" | "untyped" | "summary";

/**
 * `histogram` of a point:
 * - Prometheus / OTLP explicit-bucket histogram: cumulative finite buckets (the +Inf bucket is
 *   `count`), `{ buckets: [[le, cumulativeCount], …], sum, count }`;
 * - OTLP exponential histogram: `{ scale, zeroCount, positive: { offset, bucketCounts }, sum, count }`
 *   (plus `negative` and `zeroThreshold` when present);
 * - summary: `{ quantiles: [[q, value], …], sum, count }`.
 * `sum`, `min`, `max` may be absent; no field is ever NaN or infinite.
 */
export interface MetricPointHistogram {
  buckets?: [number, number][];
  scale?: number;
  zeroCount?: number;
  zeroThreshold?: number;
  positive?: { offset: number; bucketCounts: number[] };
  negative?: { offset: number; bucketCounts: number[] };
  quantiles?: [number, number][];
  sum?: number;
  count: number;
  min?: number;
  max?: number;
}

/**
 * Every metric Tailwatch receives (Prometheus push/scrape, OTLP), addressable by name: one row
 * per series (name + labels, hashed into `series_key`) per host and timestamp.
 */
export const metricPoints = pgTable(
  "metric_points",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    time: timestamp("time", { withTimezone: true, mode: "date" }).notNull(),
    host: text("host").notNull(),
    source: text("source").notNull(),
    name: text("name").notNull(),
    /** Stable hash of the name and the sorted labels: the identity of a series on a host. */
    seriesKey: text("series_key").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    kind: text("kind").$type<MetricPointKind>().notNull(),
    /** gauge, counter, untyped. */
    value: doublePrecision("value"),
    /** histogram, summary. */
    histogram: jsonb("histogram").$type<MetricPointHistogram>(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.host, t.seriesKey, t.time] }),
    index("metric_points_project_name_time_idx").on(t.projectId, t.name, t.time),
  ],
);
