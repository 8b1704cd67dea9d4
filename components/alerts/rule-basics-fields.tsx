"use client";
import { fieldClass } from "@/components/settings/field-styles";
import { SEVERITIES } from "@/server/alerts/schema";
import type { DraftProps } from "./draft-props";
import { fieldClassOf, FormField } from "./form-field";

const KINDS = [
  { value: "threshold", label: "Threshold", hint: "a metric crosses a value for a while" },
  { value: "slo", label: "SLO burn rate", hint: "the error budget of an objective burns too fast" },
] as const;

/** Name, kind, severity and whether the rule runs. */
export function RuleBasicsFields({ draft, set, errors }: DraftProps) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start gap-4">
        <FormField label="Name" error={errors.name} className="min-w-72 flex-1">
          <input className={fieldClassOf(errors.name, fieldClass)} value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="p95 latency > 2 s" />
        </FormField>
        <FormField label="Severity" className="w-36">
          <select className={fieldClass} value={draft.severity} onChange={(e) => set({ severity: e.target.value as DraftProps["draft"]["severity"] })}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </FormField>
        <label className="mt-6 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
      </div>
      <fieldset className="flex flex-wrap gap-2">
        <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-300">Kind</legend>
        {KINDS.map((k) => (
          <label
            key={k.value}
            className={`flex min-w-56 flex-1 cursor-pointer items-start gap-2 rounded-md border px-3 py-2 text-sm ${
              draft.kind === k.value
                ? "border-indigo-400 bg-indigo-50/60 dark:border-indigo-500/70 dark:bg-indigo-950/40"
                : "border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800/60"
            }`}
          >
            <input type="radio" name="kind" className="mt-1" checked={draft.kind === k.value} onChange={() => set({ kind: k.value })} />
            <span>
              <span className="font-medium">{k.label}</span>
              <span className="block text-xs text-slate-500 dark:text-slate-400">{k.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
