import { Suspense } from "react";
import type { DashboardFilters, DashboardWindow } from "@/components/filters/dashboard-params";
import { FilterBar } from "@/components/filters/filter-bar";
import type { RangePreset } from "@/server/metrics/range";
import { RangePicker } from "./range-picker";

export function PageHeader({
  title,
  description,
  range,
  window,
  filters,
  user,
}: {
  title: string;
  description?: string;
  range?: RangePreset;
  /** a custom window from the URL, shown instead of the preset */
  window?: DashboardWindow | null;
  /** when given (with a range), the filter bar shows under the title */
  filters?: DashboardFilters;
  /** on pages that honour an end-user filter: its value ("" when unset); undefined hides the field */
  user?: string;
}) {
  return (
    <header className="mb-5 flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {description && <p className="mt-0.5 text-sm text-slate-500 dark:text-slate-400">{description}</p>}
        </div>
        {range && (
          <Suspense>
            <RangePicker value={range} window={window} />
          </Suspense>
        )}
      </div>
      {range && filters && (
        <Suspense>
          <FilterBar range={range} value={filters} user={user} />
        </Suspense>
      )}
    </header>
  );
}
