"use client";
import { fieldClass } from "@/components/settings/field-styles";
import type { DraftProps } from "./draft-props";
import { fieldClassOf, FormField } from "./form-field";

const code = "rounded bg-slate-100 px-1 font-mono text-[10px] dark:bg-slate-800";

/** Labels and annotations, as Alertmanager receivers see them. */
export function AnnotationFields({ draft, set, errors }: DraftProps) {
  return (
    <div className="flex flex-col gap-4">
      <FormField
        label="Summary"
        error={errors.summary}
        hint={
          <>
            Templates: <code className={code}>{"{{ $value }}"}</code> <code className={code}>{"{{ $threshold }}"}</code>{" "}
            <code className={code}>{"{{ $labels.model }}"}</code> <code className={code}>{"{{ $labels.alertname }}"}</code>
          </>
        }
      >
        <input className={fieldClassOf(errors.summary, fieldClass)} value={draft.summary} onChange={(e) => set({ summary: e.target.value })} />
      </FormField>
      <div className="grid gap-4 md:grid-cols-2">
        <FormField label="Description" error={errors.description}>
          <textarea rows={3} className={fieldClassOf(errors.description, fieldClass)} value={draft.description} onChange={(e) => set({ description: e.target.value })} placeholder="What it means and what to check first" />
        </FormField>
        <FormField label="Labels" error={errors.labels} hint="name=value per line; on every alert, for silences and receivers">
          <textarea rows={3} className={`${fieldClassOf(errors.labels, fieldClass)} font-mono text-xs`} value={draft.labels} onChange={(e) => set({ labels: e.target.value })} placeholder={"team=llm-platform\nservice=chat-api"} />
        </FormField>
      </div>
      <FormField label="Runbook URL" error={errors.runbookUrl}>
        <input className={fieldClassOf(errors.runbookUrl, fieldClass)} value={draft.runbookUrl} onChange={(e) => set({ runbookUrl: e.target.value })} placeholder="https://wiki.example.com/runbooks/latency" />
      </FormField>
    </div>
  );
}
