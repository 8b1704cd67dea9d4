"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { DataTable, type Column } from "@/components/ui/data-table";
import { ErrorNotice } from "@/components/ui/error-notice";
import { NoData } from "@/components/ui/no-data";
import { formatDurationS } from "@/server/alerts/schema";
import { channelTarget, CHANNEL_TYPE_LABELS, type ChannelType } from "./channel-draft";
import { ChannelTestButton } from "./channel-test-button";
import { ConfirmButton } from "./confirm-button";
import { DeliveryStatus } from "./notifications-table";
import { RelativeTime } from "./relative-time";
import type { ChannelRow } from "./types";

/** The project's channels with how their last delivery went. */
export function ChannelsTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery({ ...trpc.alerts.channels.list.queryOptions(), refetchInterval: 10_000 });
  const remove = useMutation(trpc.alerts.channels.remove.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() }) }));
  if (channels.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (channels.isError) return <ErrorNotice what="channels" message={channels.error.message} />;
  if (!channels.data.length) return <NoData title="No channels yet">Add a webhook, a Slack incoming webhook or e-mail addresses above, then pick it in a rule.</NoData>;
  const columns: Column<ChannelRow>[] = [
    { header: "Name", cell: (c) => <span className="font-medium">{c.name}</span> },
    { header: "Type", cell: (c) => <span className="text-xs text-slate-600 dark:text-slate-300">{CHANNEL_TYPE_LABELS[c.type as ChannelType] ?? c.type}</span> },
    { header: "Target", cell: (c) => <span className="font-mono text-xs" title={channelTarget(c.type, c.config)}>{channelTarget(c.type, c.config)}</span>, className: "max-w-80 truncate" },
    { header: "Repeat", cell: (c) => <span className="text-xs">{formatDurationS(c.repeatIntervalS)}</span> },
    {
      header: "Last delivery",
      cell: (c) =>
        c.lastDelivery ? (
          <span className="inline-flex items-center gap-2 text-xs">
            <DeliveryStatus status={c.lastDelivery.status} />
            <RelativeTime at={c.lastDelivery.at} />
            {c.lastDelivery.error && <span className="max-w-56 truncate text-rose-600 dark:text-rose-400" title={c.lastDelivery.error}>{c.lastDelivery.error}</span>}
          </span>
        ) : (
          <span className="text-xs text-slate-400">never used</span>
        ),
    },
    {
      header: "Actions",
      align: "right",
      cell: (c) => (
        <span className="inline-flex items-center justify-end gap-4 whitespace-nowrap">
          <ChannelTestButton channelId={c.id} />
          <ConfirmButton small label="Delete" confirmLabel="Delete channel" question="Rules stop using it." pending={remove.isPending} onConfirm={() => remove.mutate({ id: c.id })} />
        </span>
      ),
    },
  ];
  return <DataTable label="Channels" columns={columns} rows={channels.data} rowKey={(c) => c.id} />;
}
