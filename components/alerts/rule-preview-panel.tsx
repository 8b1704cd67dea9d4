"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { NoData } from "@/components/ui/no-data";
import { Panel } from "@/components/ui/panel";
import { Skeleton } from "@/components/ui/skeleton";
import type { RuleSpec } from "@/server/alerts/schema";
import { hasValues } from "./preview-data";
import { PreviewChart } from "./preview-chart";
import { SloStatus } from "./slo-status";

const HOUR_MS = 3_600_000;

/** The rule's metric over the last 24 h as the evaluator sees it (or an SLO's burn rates now); null spec = the form is not valid yet. */
export function RulePreviewPanel({ spec, title = "Preview: last 24 hours", refetchMs }: { spec: RuleSpec | null; title?: string; refetchMs?: number }) {
  const trpc = useTRPC();
  const preview = useQuery({
    ...trpc.alerts.preview.queryOptions({ spec: spec!, hours: 24 }),
    enabled: spec !== null,
    placeholderData: keepPreviousData,
    refetchInterval: refetchMs,
  });
  const isSlo = spec?.kind === "slo";
  const subtitle = isSlo ? "Error budget and burn rates now" : "Each point is the window's value at that minute; dashed = threshold";
  let body: React.ReactNode;
  if (!spec) body = <NoData title="Fix the highlighted fields to see the preview">The chart redraws as you edit.</NoData>;
  else if (preview.isPending) body = <Skeleton className="h-56" />;
  else if (preview.isError) body = <ErrorNotice what="the preview" message={preview.error.message} />;
  else if (preview.data.kind === "slo") body = <SloStatus slo={preview.data.slo} />;
  else if (spec.kind !== "threshold" || !hasValues(preview.data.series)) body = <NoData title="No data for this rule in the last 24 hours" />;
  else {
    const toMs = Math.max(...preview.data.series.flatMap((s) => s.points.map((p) => p.t)));
    body = <PreviewChart spec={spec} series={preview.data.series} range={{ fromMs: toMs - 24 * HOUR_MS, toMs }} testId="chart-rule-preview" />;
  }
  return (
    <Panel title={isSlo ? "SLO status" : title} subtitle={subtitle} testId="panel-rule-preview" actions={preview.isFetching && spec ? <span className="text-xs text-slate-400">updating…</span> : undefined}>
      <div className={preview.isPlaceholderData ? "opacity-60 transition-opacity" : ""}>{body}</div>
    </Panel>
  );
}
