"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";

/** How many alert rules fire (and are pending) now; links to the Alerts page. */
export function ActiveAlertsCard() {
  const trpc = useTRPC();
  const rules = useQuery({ ...trpc.alerts.rules.list.queryOptions(), refetchInterval: 15_000 });
  const firing = rules.data?.filter((r) => r.state === "firing").length ?? 0;
  const pending = rules.data?.filter((r) => r.state === "pending").length ?? 0;
  const value = rules.isPending ? "…" : rules.isError ? "?" : String(firing);
  return (
    <Link
      href={firing ? "/alerts?state=firing" : "/alerts"}
      className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm hover:border-slate-300 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-slate-700"
    >
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">Alerts firing</div>
      <div data-testid="stat-Alerts firing" className={`mt-1 text-xl font-semibold tabular-nums ${firing ? "text-rose-600 dark:text-rose-400" : ""}`}>
        {value}
      </div>
      <div className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        {rules.data ? `${pending} pending · ${rules.data.length} rules` : "alert rules"}
      </div>
    </Link>
  );
}
