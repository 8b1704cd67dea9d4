"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDuration } from "@/components/charts/prepare/format";
import { useTRPC } from "@/components/trpc/client";

function ago(iso: string | Date | null): string {
  if (!iso) return "never";
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : new Date(iso).toISOString().slice(0, 16).replace("T", " ");
}

export function TargetTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const targets = useQuery({ ...trpc.engine.targets.list.queryOptions(), refetchInterval: 5_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.engine.targets.list.queryKey() });
  const toggle = useMutation(trpc.engine.targets.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.engine.targets.remove.mutationOptions({ onSuccess: refresh }));
  if (targets.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (targets.isError) return <p role="alert" className="text-sm text-rose-600">Could not load targets: {targets.error.message}</p>;
  if (!targets.data.length) {
    return <p className="text-sm text-slate-500 dark:text-slate-400">No targets yet. Add a DCGM exporter, vLLM, TGI or Triton /metrics URL above.</p>;
  }
  return (
    <table className="w-full text-left text-sm" data-testid="scrape-targets">
      <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
        <tr>
          <th className="py-2 font-medium">URL</th>
          <th className="font-medium">Every</th>
          <th className="font-medium">Last scrape</th>
          <th className="font-medium">Took</th>
          <th className="font-medium">Samples</th>
          <th className="font-medium">Status</th>
          <th />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {targets.data.map((t) => (
          <tr key={t.id}>
            <td className="max-w-80 truncate py-2 font-mono text-xs" title={t.url}>{t.url}</td>
            <td>{t.intervalS} s</td>
            <td>{ago(t.lastScrapeAt)}</td>
            <td>{t.lastDurationMs == null ? "—" : formatDuration(t.lastDurationMs)}</td>
            <td className="tabular-nums">{t.lastSamples ?? "—"}</td>
            <td className="max-w-72">
              {!t.enabled ? (
                <span className="text-slate-500">paused</span>
              ) : t.lastError ? (
                <span className="text-rose-600 dark:text-rose-400" title={t.lastError}>{t.lastError}</span>
              ) : t.lastScrapeAt ? (
                <span className="text-emerald-600 dark:text-emerald-400">ok</span>
              ) : (
                <span className="text-slate-500">waiting</span>
              )}
            </td>
            <td className="whitespace-nowrap text-right">
              <button type="button" className="mr-3 text-xs font-medium text-slate-600 hover:underline dark:text-slate-300" onClick={() => toggle.mutate({ id: t.id, enabled: !t.enabled })}>
                {t.enabled ? "Pause" : "Resume"}
              </button>
              <button type="button" className="text-xs font-medium text-rose-600 hover:underline" onClick={() => remove.mutate({ id: t.id })}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
