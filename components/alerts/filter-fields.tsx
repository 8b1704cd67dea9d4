"use client";
import { fieldClass } from "@/components/settings/field-styles";
import { useFilterOptions } from "@/components/filters/use-filter-options";
import type { DraftProps } from "./draft-props";
import { FormField } from "./form-field";
import { FILTER_FIELDS, type FilterField } from "./rule-draft";

const LABELS: Record<FilterField, string> = { environment: "Environment", model: "Model", provider: "Provider", taskType: "Task type", feature: "Feature" };

/** Which requests the rule watches; empty = all. Suggestions are the values seen in the last 7 days. */
export function FilterFields({ draft, set, errors, disabled }: DraftProps & { disabled?: boolean }) {
  const options = useFilterOptions("7d");
  return (
    <fieldset className="flex flex-col gap-2" disabled={disabled}>
      <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-300">
        Only requests where… <span className="font-normal text-slate-400">(empty = all)</span>
      </legend>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        {FILTER_FIELDS.map((f) => (
          <FormField key={f} label={LABELS[f]}>
            <input
              className={`${fieldClass} disabled:opacity-50`}
              list={`alert-filter-${f}`}
              value={draft.filters[f]}
              placeholder="any"
              onChange={(e) => set({ filters: { ...draft.filters, [f]: e.target.value } })}
            />
            <datalist id={`alert-filter-${f}`}>
              {(options[f] ?? []).map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          </FormField>
        ))}
      </div>
      {disabled && <p className="text-xs text-slate-500 dark:text-slate-400">GPU metrics are per host and GPU: they take no request filters.</p>}
      {errors.filters && (
        <p role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {errors.filters}
        </p>
      )}
    </fieldset>
  );
}
