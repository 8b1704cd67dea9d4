"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef } from "react";
import { formatCount, formatDuration, formatUsd } from "@/components/charts/prepare/format";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import type { TraceListInput } from "@/server/traces/schema";
import { useWindow } from "./use-window";

const ROW = 36;
const VIEWPORT = 640;
const COLS = "grid grid-cols-[9rem_minmax(8rem,1fr)_7rem_7rem_9rem_5.5rem_5rem_6rem_5.5rem_4.5rem_5.5rem_3.5rem] gap-2 items-center";

export function TraceTable({ input }: { input: Omit<TraceListInput, "cursor"> }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.traces.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const rows = query.data?.pages.flatMap((p) => p.traces) ?? [];
  const win = useWindow(rows.length, ROW, VIEWPORT);
  const box = useRef<HTMLDivElement>(null);
  if (query.isPending) return <p className="text-sm text-slate-500">Loading traces…</p>;
  if (query.isError) return <p role="alert" className="text-sm text-rose-600">Could not load traces: {query.error.message}</p>;
  if (!rows.length) {
    return <EmptyState title="No traces match">Widen the time range or clear the search and filters.</EmptyState>;
  }
  const onScroll = (e: React.UIEvent<HTMLDivElement>) => {
    win.onScroll(e);
    const el = e.currentTarget;
    if (el.scrollTop + el.clientHeight > el.scrollHeight - 8 * ROW && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  };
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white text-sm shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className={`${COLS} border-b border-slate-200 px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400`}>
        <span>Time (UTC)</span><span>Name</span><span>Task</span><span>User</span><span>Model</span>
        <span className="text-right">Duration</span><span className="text-right">TTFT</span><span className="text-right">Tokens</span>
        <span className="text-right">Cost</span><span>Status</span><span>Cache</span><span className="text-right">Tries</span>
      </div>
      <div ref={box} onScroll={onScroll} style={{ height: Math.min(VIEWPORT, rows.length * ROW + 2) }} className="overflow-y-auto" data-testid="trace-rows">
        <div style={{ height: win.totalHeight, position: "relative" }}>
          <div style={{ transform: `translateY(${win.offsetTop}px)` }}>
            {rows.slice(win.first, win.last).map((t) => (
              <Link
                key={t.traceId}
                href={`/traces/${encodeURIComponent(t.traceId)}`}
                style={{ height: ROW }}
                className={`${COLS} border-b border-slate-100 px-3 hover:bg-slate-50 dark:border-slate-800/60 dark:hover:bg-slate-800/50`}
              >
                <span className="font-mono text-xs tabular-nums">{new Date(t.startMs).toISOString().slice(5, 19).replace("T", " ")}</span>
                <span className="truncate" title={t.name ?? t.traceId}>{t.name ?? t.traceId}</span>
                <span className="truncate">{t.taskType ?? "—"}</span>
                <span className="truncate font-mono text-xs">{t.userId ?? "—"}</span>
                <span className="truncate">{t.model ?? "—"}</span>
                <span className="text-right tabular-nums">{formatDuration(t.durationMs)}</span>
                <span className="text-right tabular-nums">{formatDuration(t.ttftMs)}</span>
                <span className="text-right tabular-nums">{formatCount(t.inputTokens + t.outputTokens)}</span>
                <span className="text-right tabular-nums">{formatUsd(t.costUsd)}</span>
                <span className={t.status === "error" ? "truncate text-rose-600 dark:text-rose-400" : "text-emerald-600 dark:text-emerald-400"} title={t.errorType ?? ""}>
                  {t.status === "error" ? (t.errorType ?? "error") : "ok"}
                </span>
                <span className="truncate text-xs">{t.cacheOutcome?.replace("_", " ") ?? "—"}</span>
                <span className="text-right tabular-nums">{t.attemptCount}{t.fallbackUsed ? " ↪" : ""}</span>
              </Link>
            ))}
          </div>
        </div>
      </div>
      <div className="px-3 py-2 text-xs text-slate-500 dark:text-slate-400">
        {rows.length} traces{query.hasNextPage ? " — scroll for more" : ""}
        {query.isFetchingNextPage ? " (loading…)" : ""}
      </div>
    </div>
  );
}
