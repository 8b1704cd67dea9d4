"use client";
import type { GroupBy } from "@/server/metrics/schema";
import { SelectField } from "./select-field";
import { useSearchParam } from "./use-search-param";

const CHOICES: Array<{ value: GroupBy; label: string }> = [
  { value: "model", label: "model" },
  { value: "provider", label: "provider" },
  { value: "taskType", label: "task type" },
  { value: "feature", label: "feature" },
  { value: "environment", label: "environment" },
  { value: "status", label: "status" },
];

/** `?groupBy=` in the URL; the page decides the default. */
export function GroupBySelect({ value }: { value: GroupBy }) {
  const { set } = useSearchParam();
  return <SelectField label="Group by" value={value} options={CHOICES} onChange={(v) => set("groupBy", v)} />;
}
