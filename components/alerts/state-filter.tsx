import Link from "next/link";
import { RULE_STATES, stateLook, type DisplayState } from "./rule-state";

/** `?state=` chips with counts; states no rule is in are left out unless chosen. */
export function StateFilter({ counts, total, value }: { counts: Record<DisplayState, number>; total: number; value: DisplayState | undefined }) {
  const chip = (active: boolean) =>
    `rounded-full border px-2.5 py-0.5 text-xs font-medium transition-colors ${
      active
        ? "border-sky-400 bg-sky-50 text-sky-800 dark:border-sky-600 dark:bg-sky-950/60 dark:text-sky-200"
        : "border-slate-200 text-slate-600 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
    }`;
  return (
    <nav aria-label="Filter by state" className="flex flex-wrap items-center gap-1.5">
      <Link href="/alerts" aria-current={!value ? "page" : undefined} className={chip(!value)}>
        All <span className="tabular-nums text-slate-400">{total}</span>
      </Link>
      {RULE_STATES.filter((s) => counts[s] > 0 || s === value).map((s) => (
        <Link key={s} href={`/alerts?state=${s}`} aria-current={s === value ? "page" : undefined} className={chip(s === value)}>
          {stateLook(s).label} <span className="tabular-nums text-slate-400">{counts[s]}</span>
        </Link>
      ))}
    </nav>
  );
}
