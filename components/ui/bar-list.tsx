/** Labelled horizontal bars (share of the largest), for a short ranked list. */
export function BarList({ items, label, color = "bg-rose-500/80 dark:bg-rose-500/70" }: {
  items: Array<{ key: string; label: string; value: number; display: string; hint?: string }>;
  label: string;
  color?: string;
}) {
  const max = Math.max(...items.map((i) => i.value), 0);
  return (
    <ul aria-label={label} className="flex flex-col gap-2">
      {items.map((i) => (
        <li key={i.key} className="text-sm">
          <div className="mb-1 flex items-baseline justify-between gap-3">
            <span className="truncate font-mono text-xs">{i.label}</span>
            <span className="shrink-0 tabular-nums text-xs text-slate-600 dark:text-slate-300">
              {i.display}
              {i.hint && <span className="ml-1.5 text-slate-400 dark:text-slate-500">{i.hint}</span>}
            </span>
          </div>
          <div className="h-1.5 rounded-full bg-slate-100 dark:bg-slate-800">
            <div className={`h-1.5 rounded-full ${color}`} style={{ width: `${max ? Math.max(2, (i.value / max) * 100) : 0}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}
