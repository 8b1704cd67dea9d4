import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { projects } from "./projects";

/** A custom redaction rule: matches of `pattern` become `[REDACTED:<name>]`. */
export interface StoredCustomPattern {
  name: string;
  pattern: string;
}

/**
 * What a project stores: redaction applied at ingest before anything is written, the text length
 * cap and how long raw data is kept. A project without a row uses the defaults of
 * server/settings/schema.ts.
 */
export const projectSettings = pgTable("project_settings", {
  projectId: uuid("project_id")
    .primaryKey()
    .references(() => projects.id, { onDelete: "cascade" }),
  redactEmail: boolean("redact_email").notNull().default(true),
  redactPhone: boolean("redact_phone").notNull().default(true),
  redactCreditCard: boolean("redact_credit_card").notNull().default(true),
  redactIp: boolean("redact_ip").notNull().default(false),
  redactSecrets: boolean("redact_secrets").notNull().default(true),
  customPatterns: jsonb("custom_patterns").$type<StoredCustomPattern[]>().notNull().default([]),
  /** Drop prompt and response text entirely (spans keep timings, tokens and cost). */
  dropText: boolean("drop_text").notNull().default(false),
  /** Longest stored text value in characters (prompt, response, string attribute); longer is cut. */
  maxTextChars: integer("max_text_chars").notNull().default(16_384),
  /** What happens to a user id that is an e-mail address: "hash", "redact" or "keep". */
  emailUserIds: text("email_user_ids").notNull().default("hash"),
  retentionDays: integer("retention_days").notNull().default(30),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
