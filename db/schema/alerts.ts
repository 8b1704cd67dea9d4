import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
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

/**
 * An alert rule. `spec` holds the validated rule body (server/alerts/schema.ts `ruleSpec`): metric,
 * filters, comparator, threshold, windows, `for`, no-data handling, or an SLO objective.
 */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    severity: text("severity").notNull().default("warning"),
    spec: jsonb("spec").$type<Record<string, unknown>>().notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    annotations: jsonb("annotations").$type<Record<string, string>>().notNull().default({}),
    channelIds: jsonb("channel_ids").$type<string[]>().notNull().default([]),
    /** Bumped on every edit; instances of an older version start over. */
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    lastEvalAt: timestamp("last_eval_at", { withTimezone: true }),
    lastEvalMs: doublePrecision("last_eval_ms"),
    /** Why the last evaluation failed; null when it succeeded. */
    lastError: text("last_error"),
  },
  (t) => [index("alert_rules_project_idx").on(t.projectId)],
);

/** State of one alert instance (one per group of a grouped rule; "" for an ungrouped one). Persisted so a restart keeps the pending clock. */
export const alertInstances = pgTable(
  "alert_instances",
  {
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    instanceKey: text("instance_key").notNull(),
    projectId: uuid("project_id").notNull(),
    ruleVersion: integer("rule_version").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    /** inactive | pending | firing | nodata | error */
    state: text("state").notNull(),
    pendingSince: timestamp("pending_since", { withTimezone: true }),
    firingSince: timestamp("firing_since", { withTimezone: true }),
    lastHeldAt: timestamp("last_held_at", { withTimezone: true }),
    /** First evaluation at which a firing alert's condition no longer held (keep_firing_for runs from here). */
    keepFiringSince: timestamp("keep_firing_since", { withTimezone: true }),
    lastValue: doublePrecision("last_value"),
    lastCount: bigint("last_count", { mode: "number" }),
    lastEvalAt: timestamp("last_eval_at", { withTimezone: true }),
    lastNotifiedAt: timestamp("last_notified_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.instanceKey] })],
);

/** Every state transition, with the value that caused it. Kept after the rule is deleted. */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id").notNull(),
    ruleId: uuid("rule_id").notNull(),
    ruleName: text("rule_name").notNull(),
    instanceKey: text("instance_key").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull(),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    value: doublePrecision("value"),
    threshold: doublePrecision("threshold"),
    message: text("message"),
  },
  (t) => [index("alert_events_project_at_idx").on(t.projectId, t.at), index("alert_events_rule_at_idx").on(t.ruleId, t.at)],
);

/** Where notifications go: an Alertmanager-style webhook, a Slack-compatible webhook, or e-mail. */
export const notificationChannels = pgTable(
  "notification_channels",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** webhook | slack | email */
    type: text("type").notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** While firing, re-send at this interval. */
    repeatIntervalS: integer("repeat_interval_s").notNull().default(4 * 3600),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notification_channels_project_idx").on(t.projectId)],
);

/**
 * The notification outbox: written in the same transaction as the transition that caused it, sent
 * by the dispatcher with retries. `dedupKey` makes a re-run of an evaluation enqueue nothing twice.
 */
export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid("project_id").notNull(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id"),
    ruleName: text("rule_name").notNull(),
    /** firing | resolved | repeat | test */
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** pending | sent | failed | silenced */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    dedupKey: text("dedup_key").notNull().unique(),
  },
  (t) => [
    index("alert_notifications_due_idx").on(t.status, t.nextAttemptAt),
    index("alert_notifications_project_idx").on(t.projectId, t.createdAt),
  ],
);

/** Mutes notifications of a rule, or of alerts whose labels match, for a time. */
export const alertSilences = pgTable(
  "alert_silences",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    ruleId: uuid("rule_id").references(() => alertRules.id, { onDelete: "cascade" }),
    matchers: jsonb("matchers").$type<Record<string, string>>().notNull().default({}),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_silences_project_idx").on(t.projectId, t.endsAt)],
);
