"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { toSearch, withParam, type DashboardWindow } from "@/components/filters/dashboard-params";
import { REFRESH_CHOICES, refreshChoice } from "@/components/filters/use-refresh";
import { RANGE_PRESETS, type RangePreset } from "@/server/metrics/range";
import { CustomRangeForm } from "./custom-range-form";
import { formatWindow } from "./window-format";

const PRESETS = Object.keys(RANGE_PRESETS) as RangePreset[];
const button = (active: boolean) =>
  `rounded px-2.5 py-1 font-medium ${
    active ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
  }`;

/** Presets, a custom window (UTC) and auto-refresh, all kept in the URL. */
export function RangePicker({ value, window }: { value: RangePreset; window?: DashboardWindow | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [editing, setEditing] = useState(false);
  const go = (next: URLSearchParams) => router.push(`${pathname}${toSearch(next)}`);
  const setPreset = (p: RangePreset) => go(withParam(withParam(withParam(search, "from", null), "to", null), "range", p));
  const refresh = refreshChoice(search.get("refresh"));
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 dark:border-slate-700 dark:bg-slate-900">
        {PRESETS.map((p) => (
          <button key={p} type="button" aria-pressed={!window && p === value} onClick={() => setPreset(p)} className={button(!window && p === value)}>
            {p}
          </button>
        ))}
        <button type="button" aria-pressed={!!window} aria-expanded={editing} onClick={() => setEditing((e) => !e)} className={button(!!window)} data-testid="range-custom">
          {window ? formatWindow(window) : "Custom"}
        </button>
      </div>
      <label className="inline-flex items-center gap-1 text-slate-500 dark:text-slate-400">
        Refresh
        <select
          aria-label="Auto-refresh"
          value={refresh}
          onChange={(e) => go(withParam(search, "refresh", e.target.value === "30s" ? null : e.target.value))}
          className="rounded-md border border-slate-300 bg-white px-1.5 py-1 text-xs text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"
        >
          {Object.keys(REFRESH_CHOICES).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {editing && (
        <CustomRangeForm
          initial={window ?? { from: Date.now() - RANGE_PRESETS[value], to: Date.now() }}
          onApply={(w) => {
            setEditing(false);
            go(withParam(withParam(search, "from", String(w.from)), "to", String(w.to)));
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </div>
  );
}
