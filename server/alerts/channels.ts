import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { alertNotifications, notificationChannels } from "@/db/schema";
import { deliver, type ChannelConfig, type SmtpSettings } from "./notify/dispatch";
import { alertmanagerPayload } from "./notify/payload";
import type { ChannelInput } from "./schema";

export type NotificationChannel = typeof notificationChannels.$inferSelect;

export async function createChannel(db: Database, projectId: string, input: ChannelInput) {
  const { type, ...config } = input.config;
  const [row] = await db
    .insert(notificationChannels)
    .values({ projectId, name: input.name, type, config, repeatIntervalS: input.repeatIntervalS, enabled: input.enabled })
    .returning();
  return row!;
}

export async function deleteChannel(db: Database, projectId: string, id: string): Promise<boolean> {
  const found = await db
    .delete(notificationChannels)
    .where(and(eq(notificationChannels.projectId, projectId), eq(notificationChannels.id, id)))
    .returning({ id: notificationChannels.id });
  if (found.length) {
    // rules stop pointing at it
    await db.execute(sql`UPDATE alert_rules SET channel_ids = channel_ids - ${id}::text WHERE project_id = ${projectId}::uuid AND channel_ids ? ${id}::text`);
  }
  return found.length > 0;
}

/** Channels with how their last notification went. */
export async function listChannels(db: Database, projectId: string) {
  const channels = await db.select().from(notificationChannels).where(eq(notificationChannels.projectId, projectId)).orderBy(notificationChannels.createdAt);
  const last = await rows<{ channel_id: string; status: string; last_error: string | null; created_at: Date; sent_at: Date | null }>(
    db,
    sql`SELECT DISTINCT ON (channel_id) channel_id, status, last_error, created_at, sent_at FROM alert_notifications
      WHERE project_id = ${projectId}::uuid ORDER BY channel_id, id DESC`,
  );
  const byChannel = new Map(last.map((l) => [l.channel_id, l]));
  return channels.map((c) => {
    const l = byChannel.get(c.id);
    return { ...c, lastDelivery: l ? { status: l.status, error: l.last_error, at: l.sent_at ?? l.created_at } : null };
  });
}

/**
 * "Send test": delivers a sample firing alert right away and records it in the delivery history;
 * the answer says whether the receiver accepted it, and if not, why.
 */
export async function sendTestNotification(db: Database, projectId: string, id: string, opts: { externalURL: string; smtp?: SmtpSettings }) {
  const [channel] = await db
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.projectId, projectId), eq(notificationChannels.id, id)));
  if (!channel) return null;
  const now = Date.now();
  const payload = alertmanagerPayload(channel.name, opts.externalURL, [
    {
      status: "firing",
      labels: { alertname: "Tailwatch test notification", severity: "info" },
      annotations: { summary: `A test from Tailwatch to the channel "${channel.name}"; nothing is wrong.` },
      startsAt: now,
      endsAt: null,
      generatorURL: `${opts.externalURL.replace(/\/$/, "")}/alerts`,
    },
  ]);
  let error: string | null = null;
  try {
    await deliver({ ...(channel.config as object), type: channel.type } as ChannelConfig, payload, opts.smtp);
  } catch (err) {
    error = (err as Error).message;
  }
  await db.insert(alertNotifications).values({
    projectId, channelId: channel.id, ruleId: null, ruleName: "test", kind: "test", payload: payload as unknown as Record<string, unknown>,
    status: error ? "failed" : "sent", attempts: 1, lastError: error, sentAt: error ? null : new Date(), dedupKey: `test:${channel.id}:${now}:${Math.random()}`,
  });
  return { ok: error === null, error };
}

/** Recent deliveries, newest first: what was sent where, and whether it arrived. */
export async function listNotifications(db: Database, projectId: string, opts: { ruleId?: string; limit?: number } = {}) {
  return db
    .select({
      id: alertNotifications.id, channelId: alertNotifications.channelId, channelName: notificationChannels.name, ruleId: alertNotifications.ruleId,
      ruleName: alertNotifications.ruleName, kind: alertNotifications.kind, status: alertNotifications.status, attempts: alertNotifications.attempts,
      lastError: alertNotifications.lastError, createdAt: alertNotifications.createdAt, sentAt: alertNotifications.sentAt,
      nextAttemptAt: alertNotifications.nextAttemptAt,
    })
    .from(alertNotifications)
    .innerJoin(notificationChannels, eq(notificationChannels.id, alertNotifications.channelId))
    .where(and(eq(alertNotifications.projectId, projectId), opts.ruleId ? eq(alertNotifications.ruleId, opts.ruleId) : undefined))
    .orderBy(desc(alertNotifications.id))
    .limit(opts.limit ?? 100);
}
