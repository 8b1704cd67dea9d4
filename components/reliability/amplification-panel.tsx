"use client";
import { prepareRates } from "@/components/charts/prepare/reliability";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { QueryPanel } from "@/components/ui/query-panel";
import { useReliability } from "./use-reliability";

export function AmplificationPanel({ input }: { input: DashboardQuery }) {
  const query = useReliability(input);
  return (
    <QueryPanel
      title="Retry amplification"
      subtitle="generation attempts per request; 1.0× = one attempt each (cache hits make no attempt)"
      query={query}
      isEmpty={(d) => d.totals.requests === 0}
      testId="panel-amplification"
    >
      {(data) => (
        <TimeSeriesChart
          syncId="reliability"
          data={prepareRates(data)}
          range={data.range}
          series={[{ dataKey: "attemptsPerRequest", name: "attempts / request", color: "#6366f1" }]}
          formatValue={(v) => `${v.toFixed(2)}×`}
          formatAxis={(v) => `${+v.toFixed(2)}×`}
          yDomain={[0, (max: number) => Math.max(1.5, Math.ceil(max * 2) / 2)]}
          yWidth={44}
          referenceY={{ y: 1, label: "" }}
          testId="chart-amplification"
        />
      )}
    </QueryPanel>
  );
}
