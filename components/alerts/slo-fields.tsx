"use client";
import { fieldClass } from "@/components/settings/field-styles";
import type { DraftProps } from "./draft-props";
import { fieldClassOf, FormField } from "./form-field";
import type { RuleDraft } from "./rule-draft";

/** The objective of an SLO rule: latency under N ms, or success, for a share of requests over 30 days. */
export function SloFields({ draft, set, errors }: DraftProps) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start gap-4">
        <FormField label="Objective" hint="what makes a request good" className="w-44">
          <select className={fieldClass} value={draft.sloObjective} onChange={(e) => set({ sloObjective: e.target.value as RuleDraft["sloObjective"] })}>
            <option value="latency">latency</option>
            <option value="success">success</option>
          </select>
        </FormField>
        {draft.sloObjective === "latency" && (
          <>
            <FormField label="Measured on" className="w-44">
              <select className={fieldClass} value={draft.sloMetric} onChange={(e) => set({ sloMetric: e.target.value as RuleDraft["sloMetric"] })}>
                <option value="duration">whole request</option>
                <option value="ttft">time to first token</option>
              </select>
            </FormField>
            <FormField label="Under (ms)" error={errors.sloThresholdMs} className="w-32">
              <input className={fieldClassOf(errors.sloThresholdMs, fieldClass)} inputMode="decimal" value={draft.sloThresholdMs} onChange={(e) => set({ sloThresholdMs: e.target.value })} />
            </FormField>
          </>
        )}
        <FormField label="Target (%)" error={errors.targetPct} hint="of requests, over 30 days" className="w-36">
          <input className={fieldClassOf(errors.targetPct, fieldClass)} inputMode="decimal" value={draft.targetPct} onChange={(e) => set({ targetPct: e.target.value })} />
        </FormField>
        <FormField label="Min requests" error={errors.minRequests} hint="in the short window" className="w-36">
          <input className={fieldClassOf(errors.minRequests, fieldClass)} inputMode="numeric" value={draft.minRequests} onChange={(e) => set({ minRequests: e.target.value })} />
        </FormField>
      </div>
      <p className="max-w-2xl text-xs text-slate-500 dark:text-slate-400">
        Multi-window burn-rate alerting (Google SRE workbook): <em>page</em> when 1 h and 5 min both burn the budget over 14.4× (or 6 h and 30 min over
        6×), <em>ticket</em> when 3 d and 6 h both burn over 1×. Each is its own alert; the preview shows the rates now.
      </p>
    </div>
  );
}
