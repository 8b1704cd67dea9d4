import { Suspense } from "react";
import { dashboardQuery, parseDashboardParams, type SearchParams } from "@/components/filters/dashboard-params";
import { PageHeader } from "@/components/layout/page-header";
import { DiagnosisPanel } from "@/components/latency/diagnosis-panel";
import { GenerationPanel } from "@/components/latency/generation-panel";
import { P95ByGroupPanel } from "@/components/latency/p95-by-group-panel";
import { PercentilesPanel } from "@/components/latency/percentiles-panel";
import { percentilesInput } from "@/components/latency/percentiles-input";
import { StagesPanel } from "@/components/latency/stages-panel";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

export default async function LatencyPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const parsed = parseDashboardParams(await searchParams);
  const { range, filters, groupBy = "model" } = parsed;
  const input = dashboardQuery(parsed);
  const userId = parsed.userId;
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.metrics.latency.queryOptions(percentilesInput(input, userId))),
    qc.prefetchQuery(trpc.metrics.latency.queryOptions({ ...input, groupBy })),
    qc.prefetchQuery(trpc.metrics.stages.queryOptions(input)),
    qc.prefetchQuery(trpc.metrics.diagnosis.queryOptions(input)),
  ]);
  return (
    <HydrateClient>
      <PageHeader title="Latency" description="Percentiles over time, where the time goes, and whether the model or the serving stack is to blame" range={range} window={parsed.window} filters={filters} user={userId ?? ""} />
      <div className="flex flex-col gap-4">
        <div className="grid gap-4 2xl:grid-cols-2">
          <PercentilesPanel input={input} userId={userId} />
          <P95ByGroupPanel input={input} groupBy={groupBy} />
        </div>
        <Suspense>
          <DiagnosisPanel input={input} />
        </Suspense>
        <StagesPanel input={input} />
        <GenerationPanel input={input} />
      </div>
    </HydrateClient>
  );
}
