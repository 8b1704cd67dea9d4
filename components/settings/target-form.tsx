"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { createTargetInput, SCRAPE_INTERVAL } from "@/server/engine/schema";

/** "gpu_pool=a100, region=eu" → { gpu_pool: "a100", region: "eu" } (null when malformed) */
export function parseLabels(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function TargetForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const [intervalS, setIntervalS] = useState(String(SCRAPE_INTERVAL.default));
  const [labels, setLabels] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.engine.targets.create.mutationOptions({
      onSuccess: () => {
        setUrl("");
        setLabels("");
        setError(null);
        return queryClient.invalidateQueries({ queryKey: trpc.engine.targets.list.queryKey() });
      },
      onError: (e) => setError(e.message),
    }),
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const extraLabels = parseLabels(labels);
    if (!extraLabels) return setError("labels are name=value pairs separated by commas");
    // the same schema the server validates with
    const parsed = createTargetInput.safeParse({ url, intervalS: Number(intervalS), extraLabels });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return setError(`${issue.path.join(".") || "input"}: ${issue.message}`);
    }
    create.mutate(parsed.data);
  };
  const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Add scrape target">
      <label className="flex min-w-72 flex-1 flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300">
        Metrics URL
        <input className={field} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://gpu-node-1:9400/metrics" />
      </label>
      <label className="flex w-28 flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300">
        Interval (s)
        <input className={field} value={intervalS} onChange={(e) => setIntervalS(e.target.value)} inputMode="numeric" />
      </label>
      <label className="flex w-64 flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300">
        Extra labels
        <input className={field} value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="cluster=eu-1, pool=h100" />
      </label>
      <button type="submit" disabled={create.isPending} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900">
        {create.isPending ? "Adding…" : "Add target"}
      </button>
      {error && (
        <p role="alert" className="w-full text-sm text-rose-600 dark:text-rose-400">
          {error}
        </p>
      )}
    </form>
  );
}
