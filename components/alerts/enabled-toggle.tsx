"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

/** On/off switch of a rule; a disabled rule's alerts resolve at the next evaluation. */
export function EnabledToggle({ ruleId, ruleName, enabled }: { ruleId: string; ruleName: string; enabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toggle = useMutation(
    trpc.alerts.rules.setEnabled.mutationOptions({
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.get.queryKey({ id: ruleId }) }),
        ]),
    }),
  );
  const on = toggle.isPending ? !enabled : enabled;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={`${ruleName} enabled`}
      title={on ? "Enabled: click to disable" : "Disabled: click to enable"}
      disabled={toggle.isPending}
      onClick={() => toggle.mutate({ id: ruleId, enabled: !enabled })}
      className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-sky-500/60 disabled:opacity-60 ${
        on ? "bg-emerald-500 dark:bg-emerald-600" : "bg-slate-300 dark:bg-slate-700"
      }`}
    >
      <span className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${on ? "translate-x-4" : "translate-x-0.5"}`} />
    </button>
  );
}
