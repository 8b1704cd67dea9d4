"use client";
import { useQuery } from "@tanstack/react-query";
import { formatCount, formatDuration, formatPercent } from "@/components/charts/prepare/format";
import { type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";
import { DataTable } from "@/components/ui/data-table";
import { QueryPanel } from "@/components/ui/query-panel";

/** Time to first token against the whole generation, and how much of it is decoding. */
export function GenerationPanel({ input }: { input: DashboardQuery }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.stages.queryOptions(input), refetchInterval: useRefreshMs() });
  return (
    <QueryPanel
      title="TTFT vs generation"
      subtitle="generation spans per task type; decode share = 1 − mean TTFT / mean generation time"
      query={query}
      isEmpty={(d) => d.every((b) => b.generation.durationP50Ms == null && b.generation.ttftP50Ms == null)}
      empty={<p className="py-6 text-center text-sm text-slate-500">No generation spans in this range.</p>}
      testId="panel-generation"
    >
      {(data) => (
        <DataTable
          label="TTFT vs generation"
          rows={data.filter((b) => b.generation.durationP50Ms != null || b.generation.ttftP50Ms != null)}
          rowKey={(b) => b.taskType}
          columns={[
            { header: "Task type", cell: (b) => b.taskType || "(none)" },
            { header: "Requests", align: "right", cell: (b) => formatCount(b.requests) },
            { header: "TTFT p50", align: "right", cell: (b) => formatDuration(b.generation.ttftP50Ms) },
            { header: "TTFT p95", align: "right", cell: (b) => formatDuration(b.generation.ttftP95Ms) },
            { header: "Generation p50", align: "right", cell: (b) => formatDuration(b.generation.durationP50Ms) },
            { header: "Generation p95", align: "right", cell: (b) => formatDuration(b.generation.durationP95Ms) },
            {
              header: "Decode share",
              align: "right",
              cell: (b) => (
                <span className="inline-flex items-center gap-2">
                  <span className="hidden h-1.5 w-16 overflow-hidden rounded-full bg-slate-100 sm:inline-block dark:bg-slate-800">
                    <span className="block h-full rounded-full bg-indigo-500" style={{ width: `${(b.generation.decodeShare ?? 0) * 100}%` }} />
                  </span>
                  {formatPercent(b.generation.decodeShare, 0)}
                </span>
              ),
            },
          ]}
        />
      )}
    </QueryPanel>
  );
}
