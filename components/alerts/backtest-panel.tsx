"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import type { ThresholdSpec } from "@/server/alerts/schema";
import { formatSpan, formatUtc } from "./alert-time";
import { firesSentence, firingBands, firingDurationMs } from "./preview-data";
import { PreviewChart } from "./preview-chart";

const DAYS = 7;
const SHOWN = 8;

/** Replays the rule over 7 days: how often it would have fired, drawn as shaded intervals over the metric. */
export function BacktestPanel({ spec }: { spec: ThresholdSpec }) {
  const trpc = useTRPC();
  const opts = { placeholderData: keepPreviousData, staleTime: 60_000 };
  const backtest = useQuery({ ...trpc.alerts.backtest.queryOptions({ spec, days: DAYS }), ...opts });
  const series = useQuery({ ...trpc.alerts.preview.queryOptions({ spec, hours: DAYS * 24 }), ...opts });
  let body: React.ReactNode;
  if (backtest.isPending || series.isPending) body = <Skeleton className="h-64" />;
  else if (backtest.isError) body = <ErrorNotice what="the backtest" message={backtest.error.message} />;
  else if (series.isError) body = <ErrorNotice what="the 7-day series" message={series.error.message} />;
  else {
    const b = backtest.data;
    const range = { fromMs: b.fromMs, toMs: b.toMs };
    const points = series.data.kind === "threshold" ? series.data.series : [];
    body = (
      <div className="flex flex-col gap-3">
        <p className="text-sm" data-testid="backtest-summary">
          <span className={`font-semibold ${b.fires ? "text-rose-600 dark:text-rose-400" : "text-emerald-600 dark:text-emerald-400"}`}>{firesSentence(b.fires, DAYS)}</span>
          {b.fires > 0 && <span className="text-slate-500 dark:text-slate-400"> — firing {formatSpan(firingDurationMs(b.intervals, b.toMs))} in all</span>}
        </p>
        <PreviewChart spec={spec} series={points} range={range} bands={firingBands(b.intervals, b.toMs)} height="h-48" testId="chart-backtest" />
        {b.intervals.length > 0 && (
          <ul aria-label="Firing intervals" className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-300">
            {b.intervals.slice(-SHOWN).reverse().map((i) => (
              <li key={`${i.key}-${i.from}`} className="flex justify-between gap-3 tabular-nums">
                <span>
                  {formatUtc(new Date(i.from)).slice(5, 16)} → {i.to ? formatUtc(new Date(i.to)).slice(11, 16) : "still firing"}
                  {i.key && <span className="ml-1.5 font-mono text-slate-400">{i.key}</span>}
                </span>
                <span className="text-slate-400">{formatSpan((i.to ?? b.toMs) - i.from)}</span>
              </li>
            ))}
            {b.intervals.length > SHOWN && <li className="text-slate-400">and {b.intervals.length - SHOWN} earlier</li>}
          </ul>
        )}
      </div>
    );
  }
  return (
    <Panel
      title="Backtest: last 7 days"
      subtitle="One evaluation a minute through the live state machine: for, keep-firing-for and no-data count"
      testId="panel-backtest"
      actions={backtest.isFetching ? <span className="text-xs text-slate-400">replaying…</span> : undefined}
    >
      <div className={backtest.isPlaceholderData ? "opacity-60 transition-opacity" : ""}>{body}</div>
    </Panel>
  );
}
