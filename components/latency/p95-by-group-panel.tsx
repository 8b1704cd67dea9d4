"use client";
import { useQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { seriesColor } from "@/components/charts/chart-theme";
import { formatDuration, formatDurationTick } from "@/components/charts/prepare/format";
import { latencyIsEmpty, prepareP95ByGroup } from "@/components/charts/prepare/latency";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { GroupBySelect } from "@/components/filters/group-by-select";
import { useTRPC } from "@/components/trpc/client";
import { QueryPanel } from "@/components/ui/query-panel";
import type { GroupBy } from "@/server/metrics/schema";

export function P95ByGroupPanel({ input, groupBy }: { input: DashboardQuery; groupBy: GroupBy }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.latency.queryOptions({ ...input, groupBy }), refetchInterval: useRefreshMs() });
  return (
    <QueryPanel
      title="p95 by group"
      subtitle="the ten largest groups; gaps = the group had no requests"
      actions={
        <Suspense>
          <GroupBySelect value={groupBy} />
        </Suspense>
      }
      query={query}
      isEmpty={latencyIsEmpty}
      testId="panel-p95-by-group"
    >
      {(data) => {
        const { groups, points } = prepareP95ByGroup(data);
        return (
          <TimeSeriesChart
          syncId="latency"
            data={points}
            range={data.range}
            series={groups.map((g, i) => ({ dataKey: g.dataKey, name: g.key, color: seriesColor(i) }))}
            formatValue={formatDuration}
            formatAxis={formatDurationTick}
            legend
            height="h-64"
            testId="chart-p95-by-group"
          />
        );
      }}
    </QueryPanel>
  );
}
