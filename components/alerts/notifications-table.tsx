"use client";
import Link from "next/link";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatUtc } from "./alert-time";
import { RelativeTime } from "./relative-time";
import type { NotificationRow } from "./types";

const STATUS_CLASS: Record<string, string> = {
  sent: "text-emerald-700 bg-emerald-50 ring-emerald-200 dark:text-emerald-300 dark:bg-emerald-500/10 dark:ring-emerald-500/30",
  pending: "text-amber-800 bg-amber-50 ring-amber-200 dark:text-amber-200 dark:bg-amber-500/10 dark:ring-amber-500/30",
  failed: "text-rose-700 bg-rose-50 ring-rose-200 dark:text-rose-300 dark:bg-rose-500/10 dark:ring-rose-500/30",
  silenced: "text-slate-600 bg-slate-100 ring-slate-200 dark:text-slate-300 dark:bg-slate-800 dark:ring-slate-700",
};

export function DeliveryStatus({ status }: { status: string }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${STATUS_CLASS[status] ?? STATUS_CLASS.silenced}`}>{status}</span>;
}

const KIND_CLASS: Record<string, string> = { firing: "text-rose-600 dark:text-rose-400", resolved: "text-emerald-600 dark:text-emerald-400" };

/** The notification outbox: what was sent where, how many tries, and why one failed. */
export function NotificationsTable({ notifications, showRule }: { notifications: NotificationRow[]; showRule: boolean }) {
  const columns: Column<NotificationRow>[] = [
    { header: "Queued", cell: (n) => <span className="text-xs"><RelativeTime at={n.createdAt} /></span> },
    ...(showRule
      ? [{ header: "Rule", cell: (n: NotificationRow) => (n.ruleId ? <Link href={`/alerts/${n.ruleId}`} className="font-medium hover:text-indigo-600 hover:underline dark:hover:text-indigo-400">{n.ruleName}</Link> : <span className="text-slate-500">{n.kind === "test" ? "channel test" : n.ruleName}</span>) }]
      : []),
    { header: "Channel", cell: (n) => n.channelName ?? <span className="text-slate-400">deleted</span> },
    { header: "Kind", cell: (n) => <span className={`text-xs font-medium ${KIND_CLASS[n.kind] ?? "text-slate-600 dark:text-slate-300"}`}>{n.kind}</span> },
    { header: "Status", cell: (n) => <DeliveryStatus status={n.status} /> },
    { header: "Attempts", align: "right", cell: (n) => n.attempts },
    {
      header: "Delivered",
      cell: (n) => (
        <span className="whitespace-nowrap text-xs text-slate-600 dark:text-slate-300">
          {n.sentAt ? <span title={formatUtc(n.sentAt)}>{formatUtc(n.sentAt).slice(11, 19)}</span> : n.status === "pending" ? <>next try <RelativeTime at={n.nextAttemptAt} /></> : "—"}
        </span>
      ),
    },
    { header: "Error", cell: (n) => <span className="text-xs text-rose-600 dark:text-rose-400" title={n.lastError ?? undefined}>{n.lastError ?? ""}</span>, className: "max-w-72 truncate" },
  ];
  return <DataTable label="Notifications" columns={columns} rows={notifications} rowKey={(n) => String(n.id)} />;
}
