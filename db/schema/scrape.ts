import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { projects } from "./projects";

/** A Prometheus /metrics endpoint (DCGM exporter, vLLM, TGI, Triton) scraped by the server. */
export const scrapeTargets = pgTable(
  "scrape_targets",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    intervalS: integer("interval_s").notNull().default(15),
    /** Merged into the labels of every sample scraped from this target. */
    extraLabels: jsonb("extra_labels").$type<Record<string, string>>().notNull().default({}),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow(),
    lastScrapeAt: timestamp("last_scrape_at", { withTimezone: true }),
    lastDurationMs: doublePrecision("last_duration_ms"),
    lastError: text("last_error"),
    lastSamples: integer("last_samples"),
    nextScrapeAt: timestamp("next_scrape_at", { withTimezone: true }),
  },
  (t) => [index("scrape_targets_due_idx").on(t.enabled, t.nextScrapeAt)],
);
