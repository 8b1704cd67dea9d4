import { dashboardQuery, parseDashboardParams, type SearchParams } from "@/components/filters/dashboard-params";
import { GpuHosts } from "@/components/gpu/gpu-hosts";
import { gpuInput } from "@/components/gpu/gpu-input";
import { RequestP95Panel } from "@/components/gpu/request-p95-panel";
import { PageHeader } from "@/components/layout/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server-trpc";

export const dynamic = "force-dynamic";

/** One crosshair across the request p95 and every GPU chart. */
const SYNC_ID = "gpu";

export default async function GpuPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const parsed = parseDashboardParams(await searchParams);
  const { range, filters } = parsed;
  const input = dashboardQuery(parsed);
  const qc = getQueryClient();
  await Promise.all([
    qc.prefetchQuery(trpc.metrics.gpu.queryOptions(gpuInput(input))),
    qc.prefetchQuery(trpc.metrics.latency.queryOptions(input)),
  ]);
  return (
    <HydrateClient>
      <PageHeader title="GPU" description="Per host and GPU: utilisation, memory, power, KV cache and the engine queue, against the request tail" range={range} window={parsed.window} filters={filters} />
      <div className="flex flex-col gap-4">
        <RequestP95Panel input={input} syncId={SYNC_ID} />
        <GpuHosts input={input} syncId={SYNC_ID} />
      </div>
    </HydrateClient>
  );
}
