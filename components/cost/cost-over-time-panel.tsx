"use client";
import { prepareCostSeries } from "@/components/charts/prepare/cost";
import { formatCompact, formatCount, formatUsd } from "@/components/charts/prepare/format";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { QueryPanel } from "@/components/ui/query-panel";
import { useCost } from "./use-cost";

const hasRequests = (points: ReturnType<typeof prepareCostSeries>) => points.some((p) => p.requests > 0);

export function CostOverTimePanel({ input }: { input: DashboardQuery }) {
  const query = useCost(input);
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <QueryPanel title="Cost" subtitle="USD per bucket" query={query} isEmpty={(d) => !hasRequests(prepareCostSeries(d))} testId="panel-cost">
        {(data) => (
          <TimeSeriesChart
          syncId="cost"
            data={prepareCostSeries(data)}
            range={data.range}
            series={[{ dataKey: "costUsd", name: "cost", color: "#10b981", kind: "bar" }]}
            formatValue={formatUsd}
            yWidth={60}
            testId="chart-cost"
          />
        )}
      </QueryPanel>
      <QueryPanel title="Tokens" subtitle="input and output tokens per bucket" query={query} isEmpty={(d) => !hasRequests(prepareCostSeries(d))} testId="panel-tokens">
        {(data) => (
          <TimeSeriesChart
          syncId="cost"
            data={prepareCostSeries(data)}
            range={data.range}
            series={[
              { dataKey: "inputTokens", name: "input", color: "#818cf8", kind: "bar", stackId: "tok" },
              { dataKey: "outputTokens", name: "output", color: "#f59e0b", kind: "bar", stackId: "tok" },
            ]}
            formatValue={formatCount}
            formatAxis={formatCompact}
            yWidth={44}
            testId="chart-tokens"
          />
        )}
      </QueryPanel>
    </div>
  );
}
