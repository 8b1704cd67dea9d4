"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorClass, fieldClass, primaryButtonClass } from "@/components/settings/field-styles";
import { useTRPC } from "@/components/trpc/client";
import { CHANNEL_TYPE_LABELS, newChannelDraft, parseChannelDraft, type ChannelDraft, type ChannelField, type ChannelType } from "./channel-draft";
import { fieldClassOf, FormField } from "./form-field";

const PLACEHOLDERS: Record<ChannelType, string> = {
  webhook: "https://alertmanager.example.com/api/v2/alerts",
  slack: "https://hooks.slack.com/services/T000/B000/XXXX",
  email: "",
};

/** A new place to send notifications. */
export function ChannelForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ChannelDraft>(newChannelDraft);
  const [errors, setErrors] = useState<Partial<Record<ChannelField, string>>>({});
  const create = useMutation(
    trpc.alerts.channels.create.mutationOptions({
      onSuccess: () => {
        setDraft(newChannelDraft());
        setErrors({});
        return queryClient.invalidateQueries({ queryKey: trpc.alerts.channels.list.queryKey() });
      },
      onError: (e) => setErrors({ form: e.message }),
    }),
  );
  const set = (change: Partial<ChannelDraft>) => setDraft((d) => ({ ...d, ...change }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseChannelDraft(draft);
    if (!parsed.ok) return setErrors(parsed.errors);
    create.mutate(parsed.input);
  };
  return (
    <form onSubmit={submit} aria-label="Add channel" noValidate className="flex flex-wrap items-start gap-4">
      <FormField label="Name" error={errors.name} className="w-48">
        <input className={fieldClassOf(errors.name, fieldClass)} value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="on-call" />
      </FormField>
      <FormField label="Type" className="w-60">
        <select className={fieldClass} value={draft.type} onChange={(e) => set({ type: e.target.value as ChannelType })}>
          {(Object.keys(CHANNEL_TYPE_LABELS) as ChannelType[]).map((t) => (
            <option key={t} value={t}>
              {CHANNEL_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </FormField>
      {draft.type === "email" ? (
        <FormField label="Send to" error={errors.target} hint="addresses, separated by commas" className="min-w-72 flex-1">
          <input className={fieldClassOf(errors.target, fieldClass)} value={draft.emails} onChange={(e) => set({ emails: e.target.value })} placeholder="oncall@example.com, sre@example.com" />
        </FormField>
      ) : (
        <FormField label="URL" error={errors.target} hint={draft.type === "webhook" ? "receives the Alertmanager v4 JSON body" : "a Slack incoming webhook"} className="min-w-72 flex-1">
          <input className={fieldClassOf(errors.target, fieldClass)} value={draft.url} onChange={(e) => set({ url: e.target.value })} placeholder={PLACEHOLDERS[draft.type]} />
        </FormField>
      )}
      <FormField label="Repeat every" error={errors.repeatInterval} hint="while firing" className="w-28">
        <input className={fieldClassOf(errors.repeatInterval, fieldClass)} value={draft.repeatInterval} onChange={(e) => set({ repeatInterval: e.target.value })} placeholder="4h" />
      </FormField>
      <button type="submit" disabled={create.isPending} className={`${primaryButtonClass} mt-5`}>
        {create.isPending ? "Adding…" : "Add channel"}
      </button>
      {errors.form && (
        <p role="alert" className={errorClass}>
          {errors.form}
        </p>
      )}
    </form>
  );
}
