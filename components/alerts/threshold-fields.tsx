"use client";
import { fieldClass } from "@/components/settings/field-styles";
import { STAGES } from "@/db/constants";
import { ALERT_GROUP_BYS, ALERT_METRICS, COMPARATORS, ERROR_HANDLING, NO_DATA_HANDLING, type AlertMetric } from "@/server/alerts/schema";
import type { DraftProps } from "./draft-props";
import { fieldClassOf, FormField } from "./form-field";
import type { RuleDraft } from "./rule-draft";
import { metricGroups } from "./rule-summary";

const HANDLING_LABELS: Record<string, string> = { nodata: "No data", error: "Error", ok: "OK", alerting: "Alerting", keep_last: "Keep last state" };
const GROUP_LABELS: Record<string, string> = { model: "model", provider: "provider", taskType: "task type", feature: "feature", environment: "environment" };

/** Metric, stage, condition and timing of a threshold rule. */
export function ThresholdFields({ draft, set, errors }: DraftProps) {
  const meta = ALERT_METRICS[draft.metric];
  const text = (key: keyof RuleDraft, value: string) => set({ [key]: value } as Partial<RuleDraft>);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-start gap-4">
        <FormField label="Metric" error={errors.metric} className="min-w-56 flex-1">
          <select
            className={fieldClass}
            value={draft.metric}
            onChange={(e) => {
              const metric = e.target.value as AlertMetric;
              set({ metric, stage: ALERT_METRICS[metric].family === "sketch" ? draft.stage : "request" });
            }}
          >
            {metricGroups().map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.metrics.map((m) => (
                  <option key={m} value={m}>
                    {ALERT_METRICS[m].label} ({ALERT_METRICS[m].unit})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </FormField>
        <FormField label="Stage" error={errors.stage} hint={meta.family === "sketch" ? "end to end, or one stage" : "latency metrics only"} className="w-40">
          <select className={fieldClass} value={draft.stage} disabled={meta.family !== "sketch"} onChange={(e) => set({ stage: e.target.value as RuleDraft["stage"] })}>
            <option value="request">whole request</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Group by" error={errors.groupBy} hint="one alert per group" className="w-40">
          <select className={fieldClass} value={draft.groupBy} disabled={meta.family === "gpu"} onChange={(e) => set({ groupBy: e.target.value as RuleDraft["groupBy"] })}>
            <option value="">none</option>
            {ALERT_GROUP_BYS.map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g] ?? g}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      <div className="grid grid-cols-2 items-start gap-4 md:grid-cols-4">
        <FormField label="Comparator">
          <select className={fieldClass} value={draft.comparator} onChange={(e) => set({ comparator: e.target.value as RuleDraft["comparator"] })}>
            {COMPARATORS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label={`Threshold (${meta.unit})`} error={errors.threshold}>
          <input className={fieldClassOf(errors.threshold, fieldClass)} inputMode="decimal" value={draft.threshold} onChange={(e) => text("threshold", e.target.value)} />
        </FormField>
        <FormField label="Window" error={errors.window} hint="value over the last…">
          <input className={fieldClassOf(errors.window, fieldClass)} value={draft.window} onChange={(e) => text("window", e.target.value)} placeholder="5m" />
        </FormField>
        <FormField label="For" error={errors.forDuration} hint="pending this long, then fires">
          <input className={fieldClassOf(errors.forDuration, fieldClass)} value={draft.forDuration} onChange={(e) => text("forDuration", e.target.value)} placeholder="5m" />
        </FormField>
      </div>
      <div className="grid grid-cols-2 items-start gap-4 md:grid-cols-4">
        <FormField label="Keep firing for" error={errors.keepFiringFor} hint="after it clears">
          <input className={fieldClassOf(errors.keepFiringFor, fieldClass)} value={draft.keepFiringFor} onChange={(e) => text("keepFiringFor", e.target.value)} placeholder="0s" />
        </FormField>
        <FormField label="Min requests" error={errors.minRequests} hint="fewer in the window = no data">
          <input className={fieldClassOf(errors.minRequests, fieldClass)} inputMode="numeric" value={draft.minRequests} onChange={(e) => text("minRequests", e.target.value)} />
        </FormField>
        <FormField label="If no data" hint="state to show">
          <select className={fieldClass} value={draft.noData} onChange={(e) => set({ noData: e.target.value as RuleDraft["noData"] })}>
            {NO_DATA_HANDLING.map((h) => (
              <option key={h} value={h}>
                {HANDLING_LABELS[h] ?? h}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="If it fails" hint="query error">
          <select className={fieldClass} value={draft.onError} onChange={(e) => set({ onError: e.target.value as RuleDraft["onError"] })}>
            {ERROR_HANDLING.map((h) => (
              <option key={h} value={h}>
                {HANDLING_LABELS[h] ?? h}
              </option>
            ))}
          </select>
        </FormField>
      </div>
    </div>
  );
}
