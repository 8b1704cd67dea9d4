"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { EMAIL_USER_ID_MODES, type DataSettings } from "@/server/settings/schema";
import { CustomPatternsEditor } from "./custom-patterns-editor";
import { parseDraft, toDraft, type DataSettingsDraft } from "./data-settings-draft";
import { errorClass, fieldClass, labelClass, primaryButtonClass, sectionTitleClass } from "./field-styles";
import { RedactionPreview } from "./redaction-preview";

const SWITCHES = [
  ["redactEmail", "E-mail addresses"],
  ["redactPhone", "Phone numbers"],
  ["redactCreditCard", "Credit card numbers (Luhn-checked)"],
  ["redactIp", "IP addresses (v4 and v6)"],
  ["redactSecrets", "API keys and secrets (sk-…, AKIA…, bearer tokens, long random tokens)"],
] as const;

const USER_ID_LABELS: Record<(typeof EMAIL_USER_ID_MODES)[number], string> = {
  hash: "a stable pseudonym (keeps cost per user)",
  redact: "[REDACTED:email]",
  keep: "keep as sent",
};

/** Redaction, text and retention settings of the project; `initial` is what is saved now. */
export function DataSettingsForm({ initial }: { initial: DataSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<DataSettingsDraft>(() => toDraft(initial));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.settings.data.update.mutationOptions({
      onSuccess: (next) => {
        setError(null);
        setSaved(true);
        setDraft(toDraft(next));
        queryClient.setQueryData(trpc.settings.data.get.queryKey(), next);
      },
      onError: (e) => setError(e.message),
    }),
  );
  const set = (change: Partial<DataSettingsDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...change }));
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // the same schema the server validates with
    const parsed = parseDraft(draft);
    if (!parsed.ok) return setError(parsed.error);
    save.mutate(parsed.settings);
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-5" aria-label="Data settings">
      <fieldset className="flex flex-col gap-2">
        <legend className={sectionTitleClass}>Redact at ingest, before anything is stored</legend>
        {SWITCHES.map(([key, label]) => (
          <label key={key} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={draft[key]} onChange={(e) => set({ [key]: e.target.checked })} />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className={sectionTitleClass}>Custom patterns</legend>
        <CustomPatternsEditor patterns={draft.customPatterns} onChange={(customPatterns) => set({ customPatterns })} />
      </fieldset>
      <fieldset className="flex flex-wrap items-end gap-4">
        <legend className={`${sectionTitleClass} mb-2`}>Text and user ids</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={draft.dropText} onChange={(e) => set({ dropText: e.target.checked })} />
          Drop prompt and response text entirely
        </label>
        <label className={`${labelClass} w-44`}>
          Max text length (chars)
          <input className={fieldClass} inputMode="numeric" value={draft.maxTextChars} onChange={(e) => set({ maxTextChars: e.target.value })} />
        </label>
        <label className={`${labelClass} w-96`}>
          User ids that are e-mail addresses
          <select className={fieldClass} value={draft.emailUserIds} onChange={(e) => set({ emailUserIds: e.target.value as DataSettingsDraft["emailUserIds"] })}>
            {EMAIL_USER_ID_MODES.map((m) => (
              <option key={m} value={m}>
                {USER_ID_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset className="flex flex-wrap items-end gap-4">
        <legend className={`${sectionTitleClass} mb-2`}>Retention</legend>
        <label className={`${labelClass} w-44`}>
          Keep data for (days)
          <input className={fieldClass} inputMode="numeric" value={draft.retentionDays} onChange={(e) => set({ retentionDays: e.target.value })} />
        </label>
        <p className="max-w-md pb-1.5 text-xs text-slate-500 dark:text-slate-400">
          Traces, spans, GPU samples, metrics and rollups older than this are deleted in the background.
        </p>
      </fieldset>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.isPending} className={primaryButtonClass}>
          {save.isPending ? "Saving…" : "Save data settings"}
        </button>
        {saved && <span className="text-sm text-emerald-600 dark:text-emerald-400">Saved</span>}
      </div>
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      <RedactionPreview draft={draft} />
    </form>
  );
}
