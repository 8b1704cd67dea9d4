import Link from "next/link";
import type { DiagnosisRow, Verdict } from "@/components/charts/prepare/diagnosis";

const VERDICT_CLASS: Record<Verdict, string> = {
  holds: "bg-amber-100 text-amber-800 ring-amber-300 dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-500/40",
  "does-not-hold": "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-500/30",
  unknown: "bg-slate-100 text-slate-600 ring-slate-200 dark:bg-slate-800 dark:text-slate-400 dark:ring-slate-700",
};

/** One model-vs-serving-stack signal: its verdict, what holding points to, the evidence, and its chart. */
export function DiagnosisSignal({ row }: { row: DiagnosisRow }) {
  return (
    <li data-testid={`signal-${row.id}`} className="grid gap-x-4 gap-y-1 py-3 sm:grid-cols-[7.5rem_minmax(0,1fr)_auto] sm:items-start">
      <span
        data-verdict={row.verdict}
        className={`inline-flex w-fit items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${VERDICT_CLASS[row.verdict]}`}
      >
        {row.verdictLabel}
      </span>
      <div className="min-w-0">
        <p className="text-sm font-medium">
          {row.title}
          <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 align-middle text-[11px] font-normal text-slate-600 dark:bg-slate-800 dark:text-slate-300">
            points to {row.pointsTo}
          </span>
        </p>
        <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{row.evidence}</p>
      </div>
      <Link href={row.href} className="whitespace-nowrap text-xs font-medium text-sky-700 hover:underline dark:text-sky-400">
        View chart →
      </Link>
    </li>
  );
}
