"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useTransition } from "react";
import { toSearch, withParam } from "./dashboard-params";

/** Sets or clears search params with a navigation, so the server prefetches the new view. */
export function useSearchParam() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  const setMany = useCallback(
    (changes: Record<string, string | undefined>) => {
      const next = Object.entries(changes).reduce((s, [k, v]) => withParam(s, k, v), new URLSearchParams(search.toString()));
      startTransition(() => router.push(`${pathname}${toSearch(next)}`, { scroll: false }));
    },
    [router, pathname, search],
  );
  const set = useCallback((key: string, value: string | undefined) => setMany({ [key]: value }), [setMany]);
  return { set, setMany, pending };
}
