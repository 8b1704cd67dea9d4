"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { formatCount, formatUsd, formatUsdPerUnit } from "@/components/charts/prepare/format";
import { toSearch, withParam, type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";
import { DataTable } from "@/components/ui/data-table";
import { QueryPanel } from "@/components/ui/query-panel";
import { TOP_USERS_LIMIT } from "./top-users-params";

/** The users who cost the most, or those whose id contains the search (kept in `?user=`). */
export function TopUsersPanel({ input, initialSearch }: { input: DashboardQuery; initialSearch: string }) {
  const trpc = useTRPC();
  const [text, setText] = useState(initialSearch);
  const [search, setSearch] = useState(initialSearch);
  useEffect(() => {
    const value = text.trim();
    if (value === search) return;
    const id = setTimeout(() => {
      setSearch(value);
      // the URL remembers the search without a server round trip
      window.history.replaceState(null, "", `${window.location.pathname}${toSearch(withParam(window.location.search, "user", value))}`);
    }, 300);
    return () => clearTimeout(id);
  }, [text, search]);
  const query = useQuery({
    ...trpc.metrics.costUsers.queryOptions({ ...input, search: search || undefined, limit: TOP_USERS_LIMIT }),
    refetchInterval: useRefreshMs(),
    placeholderData: keepPreviousData,
  });
  return (
    <QueryPanel
      title="Top users"
      subtitle={search ? `user ids containing “${search}”` : `the ${TOP_USERS_LIMIT} users who cost the most`}
      actions={
        <input
          type="search"
          aria-label="Search users"
          placeholder="Search user id…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="h-7 w-48 rounded-md border border-slate-300 bg-white px-2 text-xs shadow-sm outline-none placeholder:text-slate-400 focus-visible:ring-2 focus-visible:ring-sky-500/60 dark:border-slate-700 dark:bg-slate-900"
        />
      }
      query={query}
      isEmpty={(d) => d.length === 0}
      empty={
        <p className="py-6 text-center text-sm text-slate-500 dark:text-slate-400">
          {search ? `No user id contains “${search}” in this range.` : "No requests with a user id in this range."}
        </p>
      }
      skeletonClassName="h-40"
      testId="panel-top-users"
    >
      {(users) => (
        <DataTable
          label="Top users"
          rows={users}
          rowKey={(u) => u.userId}
          columns={[
            { header: "User", cell: (u) => <span className="font-mono text-xs">{u.userId}</span> },
            { header: "Cost", align: "right", cell: (u) => formatUsd(u.costUsd) },
            { header: "Requests", align: "right", cell: (u) => formatCount(u.requests) },
            { header: "Per request", align: "right", cell: (u) => formatUsdPerUnit(u.requests ? u.costUsd / u.requests : null) },
            { header: "Output tokens", align: "right", cell: (u) => formatCount(u.outputTokens) },
          ]}
        />
      )}
    </QueryPanel>
  );
}
