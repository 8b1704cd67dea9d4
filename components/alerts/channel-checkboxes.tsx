"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { channelTarget, CHANNEL_TYPE_LABELS, type ChannelType } from "./channel-draft";
import type { DraftProps } from "./draft-props";

/** Where the rule's notifications go: any of the project's channels. */
export function ChannelCheckboxes({ draft, set, errors }: DraftProps) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.alerts.channels.list.queryOptions());
  const toggle = (id: string, on: boolean) => set({ channelIds: on ? [...draft.channelIds, id] : draft.channelIds.filter((c) => c !== id) });
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-300">Notify</legend>
      {channels.isPending && <p className="text-sm text-slate-500">Loading channels…</p>}
      {channels.data?.length === 0 && (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          No channels yet: the rule will change state here without telling anyone.{" "}
          <Link href="/alerts/channels" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">Add a channel</Link>
        </p>
      )}
      <div className="flex flex-col gap-1.5">
        {channels.data?.map((c) => (
          <label key={c.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={draft.channelIds.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
            <span className="font-medium">{c.name}</span>
            <span className="truncate text-xs text-slate-500 dark:text-slate-400">
              {CHANNEL_TYPE_LABELS[c.type as ChannelType] ?? c.type} · {channelTarget(c.type, c.config)}
            </span>
          </label>
        ))}
      </div>
      {errors.channelIds && (
        <p role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {errors.channelIds}
        </p>
      )}
    </fieldset>
  );
}
