"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { FILTER_KEYS } from "@/components/filters/dashboard-params";
import { AccountMenu, type SidebarAccount } from "./account-menu";
import { NAV_ITEMS } from "./nav-items";

/** The range (or custom window), refresh, filters and user follow you from page to page; page-specific params (group-by, search) stay behind. */
const CARRIED = ["range", "from", "to", "refresh", "user", ...FILTER_KEYS];

export function Sidebar({ account }: { account: SidebarAccount }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const carried = new URLSearchParams();
  for (const key of CARRIED) {
    const v = search.get(key);
    if (v) carried.set(key, v);
  }
  const query = carried.toString();
  return (
    <nav aria-label="Main" className="flex w-52 shrink-0 flex-col gap-1 border-r border-slate-800 bg-slate-900 px-3 py-4 text-sm text-slate-300">
      <Link href="/" className="mb-5 flex items-center gap-2 px-2 text-base font-semibold text-white">
        <span aria-hidden className="inline-block h-5 w-5 rounded bg-gradient-to-br from-amber-400 to-rose-500" />
        Tailwatch
      </Link>
      {NAV_ITEMS.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={query ? `${item.href}?${query}` : item.href}
            aria-current={active ? "page" : undefined}
            className={`flex items-center justify-between rounded-md px-2 py-1.5 transition-colors ${
              active ? "bg-slate-700/70 text-white" : "hover:bg-slate-800 hover:text-white"
            }`}
          >
            {item.label}
            {!item.ready && <span className="text-[10px] uppercase tracking-wide text-slate-500">soon</span>}
          </Link>
        );
      })}
      <AccountMenu account={account} />
    </nav>
  );
}
