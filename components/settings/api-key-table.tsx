"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { DataTable } from "@/components/ui/data-table";
import { whenText } from "./when-text";

/** The project's keys: name, prefix, scope, created, last used; revoke asks once more. */
export function ApiKeyTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.access.keys.list.queryOptions());
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.access.keys.revoke.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        return queryClient.invalidateQueries({ queryKey: trpc.access.keys.list.queryKey() });
      },
    }),
  );
  if (keys.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (keys.isError) return <p role="alert" className="text-sm text-rose-600">Could not load keys: {keys.error.message}</p>;
  if (!keys.data.length) return <p className="text-sm text-slate-500 dark:text-slate-400">No keys yet.</p>;
  type Key = (typeof keys.data)[number];
  return (
    <div data-testid="api-keys">
      {revoke.isError && <p role="alert" className="mb-2 text-sm text-rose-600">{revoke.error.message}</p>}
      <DataTable<Key>
        label="API keys"
        rows={keys.data}
        rowKey={(k) => k.id}
        columns={[
          { header: "Name", cell: (k) => k.name },
          { header: "Key", cell: (k) => <code className="font-mono text-xs">{k.prefix}…</code> },
          { header: "Scope", cell: (k) => k.scope },
          { header: "Created", cell: (k) => whenText(k.createdAt) },
          { header: "Last used", cell: (k) => whenText(k.lastUsedAt) },
          {
            header: "Status",
            align: "right",
            cell: (k) =>
              k.revokedAt ? (
                <span className="text-slate-500">revoked {whenText(k.revokedAt)}</span>
              ) : confirming === k.id ? (
                <button type="button" className="text-xs font-medium text-rose-600 hover:underline" onClick={() => revoke.mutate({ id: k.id })}>
                  Confirm revoke
                </button>
              ) : (
                <button type="button" className="text-xs font-medium text-rose-600 hover:underline" onClick={() => setConfirming(k.id)}>
                  Revoke
                </button>
              ),
          },
        ]}
      />
    </div>
  );
}
