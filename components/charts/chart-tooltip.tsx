"use client";

interface Entry {
  name?: string | number;
  value?: unknown;
  color?: string;
  dataKey?: unknown;
  payload?: unknown;
}

/** The tooltip of every chart, styled for both themes; gaps (null) are left out. */
export function ChartTooltip({
  active,
  payload,
  label,
  formatLabel,
  formatValue,
}: {
  active?: boolean;
  payload?: ReadonlyArray<Entry>;
  label?: unknown;
  formatLabel?: (label: unknown) => string;
  formatValue: (value: number, entry: Entry) => string;
}) {
  if (!active || !payload?.length) return null;
  const rows = payload.filter((p) => typeof p.value === "number" && Number.isFinite(p.value));
  return (
    <div className="min-w-36 rounded-md border border-slate-200 bg-white/95 px-2.5 py-2 text-xs shadow-lg backdrop-blur dark:border-slate-700 dark:bg-slate-800/95">
      <div className="mb-1 font-medium text-slate-700 dark:text-slate-200">{formatLabel ? formatLabel(label) : String(label ?? "")}</div>
      {rows.length === 0 && <div className="text-slate-400">no data in this bucket</div>}
      {rows.map((p) => (
        <div key={String(p.dataKey ?? p.name)} className="flex items-center justify-between gap-4">
          <span className="flex items-center gap-1.5 text-slate-600 dark:text-slate-300">
            <span className="inline-block h-2 w-2 rounded-full" style={{ background: p.color }} />
            {p.name}
          </span>
          <span className="font-medium tabular-nums text-slate-900 dark:text-slate-50">{formatValue(p.value as number, p)}</span>
        </div>
      ))}
    </div>
  );
}
