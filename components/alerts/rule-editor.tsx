"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { Skeleton } from "@/components/ui/skeleton";
import { draftFromRule } from "./rule-draft";
import { RuleForm } from "./rule-form";

/** Loads a rule and opens the form on it. */
export function RuleEditor({ ruleId }: { ruleId: string }) {
  const trpc = useTRPC();
  const rule = useQuery(trpc.alerts.rules.get.queryOptions({ id: ruleId }));
  if (rule.isPending) return <Skeleton className="h-96" />;
  if (rule.isError) return <ErrorNotice what="the rule" message={rule.error.message} />;
  return <RuleForm ruleId={ruleId} initial={draftFromRule(rule.data.rule)} />;
}
