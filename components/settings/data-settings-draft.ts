import { dataSettingsInput, formatSettingsIssue, type DataSettings } from "@/server/settings/schema";

/** The form's state: numbers stay text while typed. */
export type DataSettingsDraft = Omit<DataSettings, "maxTextChars" | "retentionDays"> & { maxTextChars: string; retentionDays: string };

export function toDraft(s: DataSettings): DataSettingsDraft {
  return { ...s, customPatterns: s.customPatterns.map((p) => ({ ...p })), maxTextChars: String(s.maxTextChars), retentionDays: String(s.retentionDays) };
}

const toNumber = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** Validates the draft with the schema the server uses: the settings, or the first problem in words. */
export function parseDraft(d: DataSettingsDraft): { ok: true; settings: DataSettings } | { ok: false; error: string } {
  const parsed = dataSettingsInput.safeParse({ ...d, maxTextChars: toNumber(d.maxTextChars), retentionDays: toNumber(d.retentionDays) });
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, error: formatSettingsIssue(parsed.error.issues[0]!) };
}
