"use client";
import { useQuery } from "@tanstack/react-query";
import { SelectField } from "@/components/filters/select-field";
import { useSearchParam } from "@/components/filters/use-search-param";
import { useTRPC } from "@/components/trpc/client";

/** `?rule=` on the history page: the project's rules, plus the one chosen if it was deleted since. */
export function HistoryRuleFilter({ value }: { value: string | undefined }) {
  const trpc = useTRPC();
  const rules = useQuery(trpc.alerts.rules.list.queryOptions());
  const { set } = useSearchParam();
  const options = (rules.data ?? []).map((r) => ({ value: r.rule.id, label: r.rule.name }));
  if (value && !options.some((o) => o.value === value)) options.push({ value, label: "a deleted rule" });
  return <SelectField label="Rule" value={value ?? ""} options={options} allLabel="All rules" onChange={(v) => set("rule", v || undefined)} width="max-w-64" />;
}
