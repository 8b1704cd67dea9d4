import { channelInput, parseDuration, type ChannelInput } from "@/server/alerts/schema";

export type ChannelType = "webhook" | "slack" | "email";

export interface ChannelDraft {
  name: string;
  type: ChannelType;
  url: string;
  emails: string;
  repeatInterval: string;
}

export const newChannelDraft = (): ChannelDraft => ({ name: "", type: "webhook", url: "", emails: "", repeatInterval: "4h" });

export type ChannelField = "name" | "target" | "repeatInterval" | "form";
export type ParsedChannel = { ok: true; input: ChannelInput } | { ok: false; errors: Partial<Record<ChannelField, string>> };

/** "a@x.com, b@y.com" or one per line → addresses */
export function splitEmails(text: string): string[] {
  return text.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean);
}

export function parseChannelDraft(d: ChannelDraft): ParsedChannel {
  const errors: Partial<Record<ChannelField, string>> = {};
  const repeatIntervalS = parseDuration(d.repeatInterval);
  if (repeatIntervalS === null) errors.repeatInterval = "repeat interval: a duration like 30m, 4h or 1d";
  const config = d.type === "email" ? { type: d.type, to: splitEmails(d.emails) } : { type: d.type, url: d.url.trim() };
  const parsed = channelInput.safeParse({ name: d.name, config, repeatIntervalS: repeatIntervalS ?? undefined });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field: ChannelField = issue.path[0] === "name" ? "name" : issue.path[0] === "config" ? "target" : issue.path[0] === "repeatIntervalS" ? "repeatInterval" : "form";
      errors[field] ??= issue.path[0] === "config" && issue.path[1] === "to" && issue.code === "too_small" ? "to: at least one e-mail address" : issue.message;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/** Where a channel delivers, for a table cell. */
export function channelTarget(type: string, config: Record<string, unknown>): string {
  if (type === "email") return Array.isArray(config.to) ? config.to.join(", ") : "";
  return typeof config.url === "string" ? config.url : "";
}

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = { webhook: "Webhook (Alertmanager)", slack: "Slack", email: "E-mail" };
