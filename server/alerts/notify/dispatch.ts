import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { emailMessage, slackPayload, type AlertmanagerPayload } from "./payload";

import { MAX_ATTEMPTS, retryDelayMs } from "./dispatch-delay";

export { MAX_ATTEMPTS, retryDelayMs };
const SEND_TIMEOUT_MS = 10_000;
/** A claimed notification is retried by anyone after this long (a dispatcher that died mid-send). */
const LEASE_S = 60;

export interface ChannelConfig {
  type: "webhook" | "slack" | "email";
  url?: string;
  to?: string[];
}

export interface SmtpSettings {
  /** smtp://user:pass@host:587 or smtps://…; e-mail channels fail with a clear error without it */
  url?: string;
  from?: string;
}

/** Sends one message to one channel; throws with a short, user-readable reason on failure. */
export async function deliver(config: ChannelConfig, payload: AlertmanagerPayload, smtp: SmtpSettings = {}): Promise<void> {
  if (config.type === "email") return sendEmail(config.to ?? [], payload, smtp);
  const body = config.type === "slack" ? slackPayload(payload) : payload;
  let res: Response;
  try {
    res = await fetch(config.url!, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Tailwatch-Alerts/1" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
    if (e.name === "TimeoutError") throw new Error(`no answer within ${SEND_TIMEOUT_MS / 1000} s`);
    throw new Error(e.cause?.code ? `${e.cause.code}: ${e.cause.message ?? "request failed"}` : (e.message ?? "request failed"));
  }
  await res.body?.cancel().catch(() => {});
  if (res.status < 200 || res.status >= 300) throw new Error(`the receiver answered HTTP ${res.status}`);
}

async function sendEmail(to: string[], payload: AlertmanagerPayload, smtp: SmtpSettings) {
  if (!smtp.url) throw new Error("e-mail is not configured: set TAILWATCH_SMTP_URL (and TAILWATCH_SMTP_FROM)");
  const { createTransport } = await import("nodemailer");
  const transport = createTransport(smtp.url, { from: smtp.from ?? "tailwatch@localhost" });
  const { subject, text } = emailMessage(payload);
  try {
    await transport.sendMail({ to, subject, text });
  } finally {
    transport.close();
  }
}

interface Claimed {
  id: number;
  attempts: number;
  payload: AlertmanagerPayload;
  type: ChannelConfig["type"];
  config: Record<string, unknown>;
}

/**
 * Sends due notifications: claims a batch (a lease, so a second dispatcher skips them), sends
 * each, and records the outcome — sent, or retried later with backoff, or failed for good after
 * MAX_ATTEMPTS. Returns how many it handled.
 */
export async function dispatchNotifications(db: Database, smtp: SmtpSettings = {}, nowMs = Date.now(), batch = 20): Promise<number> {
  const now = sql`to_timestamp(${nowMs / 1000})`;
  const claimed = await rows<Claimed>(
    db,
    sql`WITH due AS (
        SELECT id FROM alert_notifications WHERE status = 'pending' AND next_attempt_at <= ${now}
        ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED)
      UPDATE alert_notifications n SET attempts = n.attempts + 1, next_attempt_at = ${now} + make_interval(secs => ${LEASE_S})
      FROM due, notification_channels c
      WHERE n.id = due.id AND c.id = n.channel_id
      RETURNING n.id, n.attempts, n.payload, c.type, c.config`,
  );
  await Promise.all(
    claimed.map(async (n) => {
      try {
        await deliver({ ...(n.config as object), type: n.type } as ChannelConfig, n.payload, smtp);
        await db.execute(sql`UPDATE alert_notifications SET status = 'sent', sent_at = ${now}, last_error = NULL WHERE id = ${n.id}`);
      } catch (err) {
        const reason = ((err as Error).message ?? "failed").slice(0, 500);
        const last = n.attempts >= MAX_ATTEMPTS;
        await db.execute(sql`UPDATE alert_notifications SET last_error = ${reason},
            status = ${last ? "failed" : "pending"},
            next_attempt_at = ${now} + make_interval(secs => ${retryDelayMs(n.attempts) / 1000})
          WHERE id = ${n.id}`);
      }
    }),
  );
  return claimed.length;
}
