"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorClass, fieldClass, primaryButtonClass, secondaryButtonClass } from "@/components/settings/field-styles";
import { useTRPC } from "@/components/trpc/client";
import { fieldClassOf, FormField } from "./form-field";
import { newSilenceDraft, parseSilenceDraft, type SilenceDraft, type SilenceField } from "./silence-draft";

/** Mutes notifications for a while: of one rule (fixed when `ruleId` is given), or of alerts whose labels match. */
export function SilenceForm({ ruleId, onDone }: { ruleId?: string; onDone?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery({ ...trpc.alerts.rules.list.queryOptions(), enabled: !ruleId });
  const [draft, setDraft] = useState<SilenceDraft>(() => newSilenceDraft(ruleId));
  const [errors, setErrors] = useState<Partial<Record<SilenceField, string>>>({});
  const create = useMutation(
    trpc.alerts.silences.create.mutationOptions({
      onSuccess: async () => {
        setDraft(newSilenceDraft(ruleId));
        setErrors({});
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.silences.list.queryKey() });
        onDone?.();
      },
      onError: (e) => setErrors({ form: e.message }),
    }),
  );
  const set = (change: Partial<SilenceDraft>) => setDraft((d) => ({ ...d, ...change }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseSilenceDraft(draft);
    if (!parsed.ok) return setErrors(parsed.errors);
    create.mutate(parsed.input);
  };
  return (
    <form onSubmit={submit} aria-label="Silence" noValidate className="flex flex-col gap-3">
      <div className="flex flex-wrap items-start gap-4">
        {!ruleId && (
          <FormField label="Rule" error={errors.ruleId} className="w-64">
            <select className={fieldClass} value={draft.ruleId} onChange={(e) => set({ ruleId: e.target.value })}>
              <option value="">any rule (match labels)</option>
              {rules.data?.map((r) => (
                <option key={r.rule.id} value={r.rule.id}>
                  {r.rule.name}
                </option>
              ))}
            </select>
          </FormField>
        )}
        <FormField label="Label matchers" error={errors.matchers} hint="name=value per line; all must match" className="w-64">
          <textarea rows={1} className={`${fieldClassOf(errors.matchers, fieldClass)} font-mono text-xs`} value={draft.matchers} onChange={(e) => set({ matchers: e.target.value })} placeholder="model=gpt-4o" />
        </FormField>
        <FormField label="Duration" error={errors.duration} hint="from now" className="w-28">
          <input className={fieldClassOf(errors.duration, fieldClass)} value={draft.duration} onChange={(e) => set({ duration: e.target.value })} placeholder="2h" />
        </FormField>
        <FormField label="Reason" error={errors.reason} className="min-w-64 flex-1">
          <input className={fieldClassOf(errors.reason, fieldClass)} value={draft.reason} onChange={(e) => set({ reason: e.target.value })} placeholder="Provider incident, tracked in INC-123" />
        </FormField>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={create.isPending} className={primaryButtonClass}>
          {create.isPending ? "Silencing…" : "Silence"}
        </button>
        {onDone && (
          <button type="button" onClick={onDone} className={secondaryButtonClass}>
            Cancel
          </button>
        )}
        {errors.form && (
          <p role="alert" className={errorClass}>
            {errors.form}
          </p>
        )}
      </div>
    </form>
  );
}
