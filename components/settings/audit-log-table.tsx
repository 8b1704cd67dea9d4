"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { DataTable } from "@/components/ui/data-table";
import { whenText } from "./when-text";

/** Who changed what in this project, newest first (secrets never recorded). */
export function AuditLogTable() {
  const trpc = useTRPC();
  const log = useQuery(trpc.access.audit.list.queryOptions({ limit: 100 }));
  if (log.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (log.isError) return <p role="alert" className="text-sm text-rose-600">Could not load the audit log: {log.error.message}</p>;
  if (!log.data.length) return <p className="text-sm text-slate-500 dark:text-slate-400">No changes recorded yet.</p>;
  type Entry = (typeof log.data)[number];
  return (
    <div data-testid="audit-log">
      <DataTable<Entry>
        label="Audit log"
        rows={log.data}
        rowKey={(e) => e.id}
        columns={[
          { header: "When", cell: (e) => <span title={new Date(e.at).toISOString()}>{whenText(e.at)}</span>, className: "whitespace-nowrap" },
          { header: "Who", cell: (e) => e.userEmail ?? "—" },
          { header: "Action", cell: (e) => <code className="font-mono text-xs">{e.action}</code> },
          { header: "Target", cell: (e) => <span className="font-mono text-xs">{e.target ?? "—"}</span> },
          {
            header: "Details",
            cell: (e) => (
              <span className="line-clamp-2 max-w-md break-all font-mono text-[11px] text-slate-500" title={JSON.stringify(e.details.input ?? {})}>
                {JSON.stringify(e.details.input ?? {})}
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
