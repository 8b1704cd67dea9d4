"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorClass, primaryButtonClass, secondaryButtonClass } from "@/components/settings/field-styles";
import { useTRPC } from "@/components/trpc/client";
import { Panel } from "@/components/ui/panel";
import { ALERT_METRICS } from "@/server/alerts/schema";
import { AnnotationFields } from "./annotation-fields";
import { BacktestPanel } from "./backtest-panel";
import { ChannelCheckboxes } from "./channel-checkboxes";
import { FilterFields } from "./filter-fields";
import { parseRuleDraft, previewSpecOf, serverFieldErrors, type FieldErrors } from "./parse-rule-draft";
import { RuleBasicsFields } from "./rule-basics-fields";
import type { RuleDraft } from "./rule-draft";
import { RulePreviewPanel } from "./rule-preview-panel";
import { SloFields } from "./slo-fields";
import { ThresholdFields } from "./threshold-fields";
import { useDebouncedValue } from "./use-debounced-value";

/** Creates a rule, or edits `ruleId`; the preview and the backtest follow the form as it is typed. */
export function RuleForm({ initial, ruleId }: { initial: RuleDraft; ruleId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (change: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...change }));
  const spec = useDebouncedValue(previewSpecOf(draft), 500);
  const saved = async (id: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
    router.push(`/alerts/${id}`);
  };
  const onError = (e: { message: string }) => setErrors(serverFieldErrors(e.message));
  const create = useMutation(trpc.alerts.rules.create.mutationOptions({ onSuccess: (rule) => saved(rule.id), onError }));
  const update = useMutation(trpc.alerts.rules.update.mutationOptions({ onSuccess: (rule) => saved(rule.id), onError }));
  const pending = create.isPending || update.isPending;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // the same schema the server validates with; each issue goes next to its field
    const parsed = parseRuleDraft(draft);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    if (ruleId) update.mutate({ id: ruleId, rule: parsed.input });
    else create.mutate(parsed.input);
  };
  const props = { draft, set, errors };
  const isGpu = draft.kind === "threshold" && ALERT_METRICS[draft.metric].family === "gpu";
  const errorCount = Object.keys(errors).length;
  return (
    <form onSubmit={submit} aria-label="Alert rule" noValidate className="grid items-start gap-4 xl:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
      <div className="flex min-w-0 flex-col gap-4">
        <Panel title="Rule">
          <RuleBasicsFields {...props} />
        </Panel>
        <Panel title="Condition" subtitle={draft.kind === "slo" ? "An objective over 30 days; alerts when its error budget burns too fast" : "Evaluated every few seconds over a sliding window of per-minute rollups"}>
          <div className="flex flex-col gap-5">
            {draft.kind === "threshold" ? <ThresholdFields {...props} /> : <SloFields {...props} />}
            <FilterFields {...props} disabled={isGpu} />
          </div>
        </Panel>
        <Panel title="Notifications" subtitle="Alertmanager-compatible labels and annotations; firing and resolved are both sent">
          <div className="flex flex-col gap-5">
            <ChannelCheckboxes {...props} />
            <AnnotationFields {...props} />
          </div>
        </Panel>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className={primaryButtonClass}>
            {pending ? "Saving…" : ruleId ? "Save rule" : "Create rule"}
          </button>
          <Link href={ruleId ? `/alerts/${ruleId}` : "/alerts"} className={secondaryButtonClass}>
            Cancel
          </Link>
          {errorCount > 0 && !errors.form && <span className="text-sm text-rose-600 dark:text-rose-400">Fix {errorCount === 1 ? "the field" : `the ${errorCount} fields`} marked in red</span>}
          {errors.form && (
            <p role="alert" className={errorClass}>
              {errors.form}
            </p>
          )}
        </div>
      </div>
      <div className="flex min-w-0 flex-col gap-4 xl:sticky xl:top-4">
        <RulePreviewPanel spec={spec} />
        {spec?.kind === "threshold" && <BacktestPanel spec={spec} />}
      </div>
    </form>
  );
}
