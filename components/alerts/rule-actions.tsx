"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { secondaryButtonClass } from "@/components/settings/field-styles";
import { useTRPC } from "@/components/trpc/client";
import { ConfirmButton } from "./confirm-button";

/** Edit, enable/disable, silence and delete one rule. */
export function RuleActions({ ruleId, enabled, onSilence }: { ruleId: string; enabled: boolean; onSilence: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const toggle = useMutation(trpc.alerts.rules.setEnabled.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.alerts.rules.remove.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries({ queryKey: trpc.alerts.rules.get.queryKey({ id: ruleId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.list.queryKey() });
        router.push("/alerts");
      },
    }),
  );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Link href={`/alerts/${ruleId}/edit`} className={secondaryButtonClass}>
        Edit
      </Link>
      <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate({ id: ruleId, enabled: !enabled })} className={secondaryButtonClass}>
        {enabled ? "Disable" : "Enable"}
      </button>
      <button type="button" onClick={onSilence} className={secondaryButtonClass}>
        Silence…
      </button>
      <ConfirmButton label="Delete…" confirmLabel="Delete rule" question="Delete this rule? Its history stays." pending={remove.isPending} onConfirm={() => remove.mutate({ id: ruleId })} />
      {remove.isError && <span role="alert" className="text-sm text-rose-600">{remove.error.message}</span>}
    </div>
  );
}
