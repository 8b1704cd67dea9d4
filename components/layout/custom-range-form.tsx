"use client";
import { useState } from "react";
import type { DashboardWindow } from "@/components/filters/dashboard-params";
import { fromUtcInput, toUtcInput } from "./window-format";

const MAX_MS = 31 * 86_400_000;
const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

/** Two UTC date-times; refuses an empty, reversed or over-31-day window with a message. */
export function CustomRangeForm({ initial, onApply, onCancel }: { initial: DashboardWindow; onApply: (w: DashboardWindow) => void; onCancel: () => void }) {
  const [from, setFrom] = useState(toUtcInput(initial.from));
  const [to, setTo] = useState(toUtcInput(initial.to));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex w-full flex-wrap items-center justify-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const f = fromUtcInput(from);
        const t = fromUtcInput(to);
        if (f === null || t === null) return setError("enter both times");
        if (t <= f) return setError("the end must be after the start");
        if (t - f > MAX_MS) return setError("at most 31 days");
        setError(null);
        onApply({ from: f, to: t });
      }}
    >
      <label className="flex items-center gap-1">
        From <input type="datetime-local" aria-label="From (UTC)" value={from} onChange={(e) => setFrom(e.target.value)} className={input} />
      </label>
      <label className="flex items-center gap-1">
        to <input type="datetime-local" aria-label="To (UTC)" value={to} onChange={(e) => setTo(e.target.value)} className={input} />
      </label>
      <span className="text-slate-500">UTC</span>
      {error && (
        <span role="alert" className="text-rose-600 dark:text-rose-400">
          {error}
        </span>
      )}
      <button type="submit" className="rounded-md bg-slate-900 px-2.5 py-1 font-medium text-white dark:bg-slate-100 dark:text-slate-900">
        Apply
      </button>
      <button type="button" onClick={onCancel} className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
        Cancel
      </button>
    </form>
  );
}
