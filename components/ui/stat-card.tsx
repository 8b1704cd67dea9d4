import { sparklinePath } from "@/components/charts/prepare/sparkline";

export function StatCard({ label, value, hint, tone = "default", spark }: {
  label: string;
  value: string;
  hint?: string;
  tone?: "default" | "bad" | "good";
  /** the value per bucket over the range, drawn small under the number (null = no data) */
  spark?: Array<number | null>;
}) {
  const toneClass =
    tone === "bad" ? "text-rose-600 dark:text-rose-400" : tone === "good" ? "text-emerald-600 dark:text-emerald-400" : "";
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</div>
      <div data-testid={`stat-${label}`} className={`mt-1 whitespace-nowrap text-xl font-semibold tabular-nums ${toneClass}`}>
        {value}
      </div>
      {hint && <div className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{hint}</div>}
      {spark && (
        <svg viewBox="0 0 100 24" preserveAspectRatio="none" className="mt-1.5 h-6 w-full text-sky-500" aria-hidden data-testid={`spark-${label}`}>
          <path d={sparklinePath(spark, 100, 22)} transform="translate(0 1)" fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        </svg>
      )}
    </div>
  );
}
