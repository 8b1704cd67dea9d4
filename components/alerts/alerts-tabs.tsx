"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTRPC } from "@/components/trpc/client";

const TABS = [
  { href: "/alerts", label: "Rules" },
  { href: "/alerts/history", label: "History" },
  { href: "/alerts/channels", label: "Channels" },
  { href: "/alerts/silences", label: "Silences" },
];

/** The sections of the Alerts page; the Rules tab counts what fires right now. */
export function AlertsTabs() {
  const pathname = usePathname();
  const trpc = useTRPC();
  const rules = useQuery({ ...trpc.alerts.rules.list.queryOptions(), refetchInterval: 10_000 });
  const firing = rules.data?.filter((r) => r.state === "firing").length ?? 0;
  return (
    <nav aria-label="Alerts sections" className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800">
      {TABS.map((tab) => {
        const active = tab.href === "/alerts" ? pathname === "/alerts" : pathname.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium transition-colors ${
              active
                ? "border-indigo-500 text-slate-900 dark:border-indigo-400 dark:text-white"
                : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-slate-200"
            }`}
          >
            {tab.label}
            {tab.href === "/alerts" && firing > 0 && (
              <span className="rounded-full bg-rose-600 px-1.5 text-[11px] font-semibold leading-4 text-white" aria-label={`${firing} firing`}>
                {firing}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
