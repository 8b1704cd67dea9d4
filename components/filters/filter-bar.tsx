"use client";
import type { RangePreset } from "@/server/metrics/range";
import { FILTER_KEYS, type DashboardFilters, type FilterKey } from "./dashboard-params";
import { SelectField } from "./select-field";
import { UserField } from "./user-field";
import { useFilterOptions } from "./use-filter-options";
import { useSearchParam } from "./use-search-param";

const LABELS: Record<FilterKey, string> = {
  environment: "Environment",
  model: "Model",
  provider: "Provider",
  taskType: "Task type",
  feature: "Feature",
};

/** One select per filter dimension, kept in the URL (`?model=…&taskType=…`) so a view survives reload and can be shared. */
export function FilterBar({ range, value, user }: { range: RangePreset; value: DashboardFilters; user?: string }) {
  const options = useFilterOptions(range);
  const { set, setMany, pending } = useSearchParam();
  const active = FILTER_KEYS.filter((k) => value[k]);
  return (
    <div role="group" aria-label="Filters" aria-busy={pending} className="flex flex-wrap items-center gap-x-3 gap-y-2">
      {FILTER_KEYS.map((key) => {
        const current = value[key] ?? "";
        const seen = options[key] ?? [];
        const values = current && !seen.includes(current) ? [current, ...seen] : seen;
        return (
          <SelectField
            key={key}
            label={LABELS[key]}
            value={current}
            allLabel="All"
            options={values.map((v) => ({ value: v, label: v }))}
            onChange={(v) => set(key, v || undefined)}
            width="w-32"
          />
        );
      })}
      {user !== undefined && <UserField value={user} onChange={(v) => set("user", v || undefined)} />}
      {(active.length > 0 || user) && (
        <button
          type="button"
          onClick={() => setMany(Object.fromEntries([...FILTER_KEYS, "user"].map((k) => [k, undefined])))}
          className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
          Clear filters
        </button>
      )}
      {pending && <span className="animate-pulse text-xs text-slate-400">Updating…</span>}
    </div>
  );
}
