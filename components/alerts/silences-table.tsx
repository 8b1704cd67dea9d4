"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { DataTable, type Column } from "@/components/ui/data-table";
import { ErrorNotice } from "@/components/ui/error-notice";
import { NoData } from "@/components/ui/no-data";
import { formatUtc, toMs } from "./alert-time";
import { formatLabelList } from "./label-lines";
import { RelativeTime } from "./relative-time";
import type { SilenceRow } from "./types";

/** Active silences, and those that ended in the last day. */
export function SilencesTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const silences = useQuery({ ...trpc.alerts.silences.list.queryOptions(), refetchInterval: 15_000 });
  const expire = useMutation(trpc.alerts.silences.expire.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.silences.list.queryKey() }) }));
  if (silences.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (silences.isError) return <ErrorNotice what="silences" message={silences.error.message} />;
  if (!silences.data.length) return <NoData title="Nothing is silenced">Silence a rule during a deploy or a provider incident: states are still recorded, only notifications stop.</NoData>;
  const active = (s: SilenceRow) => (toMs(s.silence.endsAt) ?? 0) > Date.now();
  const columns: Column<SilenceRow>[] = [
    {
      header: "Status",
      cell: (s) =>
        active(s) ? (
          <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 dark:bg-indigo-500/10 dark:text-indigo-300 dark:ring-indigo-500/30">active</span>
        ) : (
          <span className="text-xs text-slate-400">expired</span>
        ),
    },
    {
      header: "Silences",
      cell: (s) => (
        <span>
          {s.silence.ruleId ? <Link href={`/alerts/${s.silence.ruleId}`} className="font-medium hover:text-indigo-600 hover:underline dark:hover:text-indigo-400">{s.ruleName ?? "a rule"}</Link> : <span className="text-slate-500">any rule</span>}
          {Object.keys(s.silence.matchers).length > 0 && <span className="ml-2 font-mono text-xs text-slate-500 dark:text-slate-400">{formatLabelList(s.silence.matchers)}</span>}
        </span>
      ),
    },
    { header: "Reason", cell: (s) => <span className="text-sm">{s.silence.reason}</span>, className: "max-w-96" },
    { header: "Started", cell: (s) => <span className="text-xs" title={formatUtc(s.silence.startsAt)}><RelativeTime at={s.silence.startsAt} /></span> },
    { header: "Ends", cell: (s) => <span className="text-xs" title={formatUtc(s.silence.endsAt)}><RelativeTime at={s.silence.endsAt} /></span> },
    {
      header: "Actions",
      align: "right",
      cell: (s) =>
        active(s) ? (
          <button type="button" disabled={expire.isPending} onClick={() => expire.mutate({ id: s.silence.id })} className="text-xs font-medium text-rose-600 hover:underline dark:text-rose-400">
            Expire now
          </button>
        ) : null,
    },
  ];
  return <DataTable label="Silences" columns={columns} rows={silences.data} rowKey={(s) => s.silence.id} />;
}
