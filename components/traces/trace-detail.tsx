"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { formatCount, formatDuration, formatUsd } from "@/components/charts/prepare/format";
import { useTRPC } from "@/components/trpc/client";
import { StatCard } from "@/components/ui/stat-card";
import { SpanDetails } from "./span-details";
import { STAGE_COLORS } from "./stage-colors";
import { Waterfall } from "./waterfall";
import { layoutWaterfall } from "./waterfall-rows";

export function TraceDetail({ traceId }: { traceId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.traces.get.queryOptions({ traceId }));
  const layout = useMemo(() => layoutWaterfall(query.data?.spans ?? []), [query.data]);
  const [selected, setSelected] = useState<string | null>(null);
  if (query.isPending) return <p className="text-sm text-slate-500">Loading trace…</p>;
  if (query.isError) return <p role="alert" className="text-sm text-rose-600">{query.error.message}</p>;
  const { trace } = query.data;
  const chosen = query.data.spans.find((s) => s.spanId === selected) ?? null;
  const stages = [...new Set(query.data.spans.map((s) => s.stage))];
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
        <StatCard label="Duration" value={formatDuration(trace.durationMs)} />
        <StatCard label="TTFT" value={formatDuration(trace.ttftMs)} />
        <StatCard label="Status" value={trace.status === "error" ? (trace.errorType ?? "error") : "ok"} tone={trace.status === "error" ? "bad" : "good"} />
        <StatCard label="Model" value={trace.model ?? "—"} hint={trace.provider ?? undefined} />
        <StatCard label="Attempts" value={String(trace.attemptCount)} hint={trace.fallbackUsed ? "served by a fallback" : undefined} />
        <StatCard label="Tokens" value={formatCount(trace.inputTokens + trace.outputTokens)} hint={`${formatCount(trace.inputTokens)} in / ${formatCount(trace.outputTokens)} out`} />
        <StatCard label="Cost" value={formatUsd(trace.costUsd)} hint={trace.cacheOutcome ? `cache: ${trace.cacheOutcome.replace("_", " ")}` : undefined} />
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {new Date(trace.startMs).toISOString().replace("T", " ").slice(0, 23)} UTC · {trace.taskType ?? "no task type"} · {trace.feature ?? "no feature"} · user{" "}
        <span className="font-mono">{trace.userId ?? "—"}</span> · {trace.environment}
        {trace.release ? ` · release ${trace.release}` : ""} · {trace.spanCount} spans
      </p>
      <div className="flex flex-wrap gap-3 text-xs">
        {stages.map((s) => (
          <span key={s} className="flex items-center gap-1">
            <span className="h-2.5 w-2.5 rounded-sm" style={{ background: STAGE_COLORS[s] ?? STAGE_COLORS.other }} />
            {s}
          </span>
        ))}
        <span className="text-slate-500 dark:text-slate-400">white tick = first token · dashed = backoff before a retry</span>
      </div>
      <div className="grid gap-4 xl:grid-cols-[1fr_26rem]">
        <Waterfall rows={layout.rows} totalMs={layout.totalMs} selected={selected} onSelect={setSelected} />
        {chosen ? <SpanDetails span={chosen} /> : <p className="text-sm text-slate-500 dark:text-slate-400">Select a span to see its tokens, cost, attributes and text.</p>}
      </div>
    </div>
  );
}
