import { parseDuration, silenceInput, type SilenceInput } from "@/server/alerts/schema";
import { parseLabelLines } from "./label-lines";

export interface SilenceDraft {
  ruleId: string;
  matchers: string;
  duration: string;
  reason: string;
}

export type SilenceField = "ruleId" | "matchers" | "duration" | "reason" | "form";
export type ParsedSilence = { ok: true; input: SilenceInput } | { ok: false; errors: Partial<Record<SilenceField, string>> };

export const newSilenceDraft = (ruleId = ""): SilenceDraft => ({ ruleId, matchers: "", duration: "2h", reason: "" });

/** A silence for a rule, or for every alert whose labels match, validated with the server's schema. */
export function parseSilenceDraft(d: SilenceDraft): ParsedSilence {
  const errors: Partial<Record<SilenceField, string>> = {};
  const durationS = parseDuration(d.duration);
  if (durationS === null) errors.duration = "duration: a duration like 30m, 2h or 1d";
  const matchers = parseLabelLines(d.matchers);
  if (!matchers.ok) errors.matchers = `matchers: ${matchers.error}`;
  const parsed = silenceInput.safeParse({
    ruleId: d.ruleId || undefined,
    matchers: matchers.ok ? matchers.labels : {},
    durationS: durationS ?? undefined,
    reason: d.reason,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const head = String(issue.path[0] ?? "");
      const field: SilenceField = head === "durationS" ? "duration" : head === "ruleId" || head === "matchers" || head === "reason" ? head : "form";
      errors[field] ??= (issue as { issues?: Array<{ message: string }> }).issues?.[0]?.message ?? issue.message;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}
