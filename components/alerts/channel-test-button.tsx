"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

/** Sends a sample firing alert now and says inline whether the receiver took it. */
export function ChannelTestButton({ channelId }: { channelId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(
    trpc.alerts.channels.test.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.channels.list.queryKey() }),
    }),
  );
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" disabled={test.isPending} onClick={() => test.mutate({ id: channelId })} className="text-xs font-medium text-indigo-600 hover:underline disabled:opacity-50 dark:text-indigo-400">
        {test.isPending ? "Sending…" : "Send test"}
      </button>
      <span role="status" className="text-xs">
        {test.data?.ok && <span className="text-emerald-600 dark:text-emerald-400">delivered</span>}
        {test.data && !test.data.ok && <span className="text-rose-600 dark:text-rose-400">failed: {test.data.error}</span>}
        {test.isError && <span className="text-rose-600 dark:text-rose-400">{test.error.message}</span>}
      </span>
    </span>
  );
}
