"use client";
import { prepareCostBreakdown } from "@/components/charts/prepare/cost";
import { formatCount, formatPercent, formatUsd, formatUsdPerUnit } from "@/components/charts/prepare/format";
import type { DashboardQuery } from "@/components/filters/dashboard-params";
import { DataTable } from "@/components/ui/data-table";
import { QueryPanel } from "@/components/ui/query-panel";
import { useCost } from "./use-cost";

export function CostBreakdownPanel({ input, by }: { input: DashboardQuery; by: "model" | "feature" }) {
  const query = useCost(input);
  return (
    <QueryPanel
      title={`Cost by ${by}`}
      subtitle="largest first"
      query={query}
      isEmpty={(d) => (by === "model" ? d.byModel : d.byFeature).length === 0}
      skeletonClassName="h-40"
      testId={`panel-cost-by-${by}`}
    >
      {(data) => (
        <DataTable
          label={`Cost by ${by}`}
          rows={prepareCostBreakdown(by === "model" ? data.byModel : data.byFeature)}
          rowKey={(r) => r.key}
          columns={[
            { header: by === "model" ? "Model" : "Feature", cell: (r) => <span className="font-mono text-xs">{r.key}</span> },
            {
              header: "Cost",
              align: "right",
              cell: (r) => (
                <span className="inline-flex items-center gap-2">
                  <span className="hidden h-1.5 w-14 overflow-hidden rounded-full bg-slate-100 sm:inline-block dark:bg-slate-800">
                    <span className="block h-full rounded-full bg-emerald-500" style={{ width: `${r.share * 100}%` }} />
                  </span>
                  {formatUsd(r.costUsd)}
                </span>
              ),
            },
            { header: "Share", align: "right", cell: (r) => formatPercent(r.share, 1) },
            { header: "Requests", align: "right", cell: (r) => formatCount(r.requests) },
            { header: "Per request", align: "right", cell: (r) => formatUsdPerUnit(r.costPerRequestUsd) },
          ]}
        />
      )}
    </QueryPanel>
  );
}
