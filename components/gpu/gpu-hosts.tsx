"use client";
import { useQuery } from "@tanstack/react-query";
import { prepareGpuHosts } from "@/components/charts/prepare/gpu";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";
import { ErrorNotice } from "@/components/ui/error-notice";
import { NoData } from "@/components/ui/no-data";
import { Skeleton } from "@/components/ui/skeleton";
import { GpuHostCard } from "./gpu-host-card";
import { gpuInput } from "./gpu-input";

export function GpuHosts({ input, syncId }: { input: DashboardQuery; syncId: string }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.gpu.queryOptions(gpuInput(input)), refetchInterval: useRefreshMs() });
  if (query.isPending) return <Skeleton className="h-80" />;
  if (query.isError) return <ErrorNotice what="GPU metrics" message={query.error.message} />;
  const hosts = prepareGpuHosts(query.data.series);
  if (hosts.length === 0) {
    return (
      <NoData title="No GPU or engine samples in this range">
        Add a DCGM or vLLM scrape target in Settings, push Prometheus text to <code className="font-mono">/api/engine/push</code>, or send{" "}
        <code className="font-mono">engineSamples</code> with <code className="font-mono">POST /api/trpc/ingest.batch</code>; see the README.
      </NoData>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {hosts.map((h) => (
        <GpuHostCard key={h.host} host={h} range={query.data.range} syncId={syncId} />
      ))}
    </div>
  );
}
