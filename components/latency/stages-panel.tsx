"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { prepareStageShares, prepareStageTable } from "@/components/charts/prepare/stages";
import { StageShareChart } from "@/components/charts/stage-share-chart";
import { type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";
import { QueryPanel } from "@/components/ui/query-panel";
import { StageTable } from "./stage-table";

/** Where the time of a request goes, per task type, and the p50/p95 of each stage of one task type. */
export function StagesPanel({ input }: { input: DashboardQuery }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.stages.queryOptions(input), refetchInterval: useRefreshMs() });
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <QueryPanel
      title="Stage breakdown"
      subtitle="each stage's share of the time spent in stages, per task type"
      query={query}
      isEmpty={(d) => d.every((b) => b.stages.length === 0)}
      testId="panel-stages"
    >
      {(data) => {
        const withStages = data.filter((b) => b.stages.length > 0);
        const { stages, rows } = prepareStageShares(withStages);
        const current = withStages.find((b) => b.taskType === picked) ?? withStages[0]!;
        return (
          <div className="grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <StageShareChart rows={rows} stages={stages} />
            <div className="min-w-0">
              <div role="tablist" aria-label="Task type" className="mb-2 flex flex-wrap gap-1">
                {withStages.map((b) => (
                  <button
                    key={b.taskType}
                    type="button"
                    role="tab"
                    aria-selected={b === current}
                    onClick={() => setPicked(b.taskType)}
                    className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${
                      b === current
                        ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900"
                        : "bg-slate-100 text-slate-600 hover:bg-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:hover:bg-slate-700"
                    }`}
                  >
                    {b.taskType || "(none)"}
                  </button>
                ))}
              </div>
              <StageTable rows={prepareStageTable(current)} taskType={current.taskType} />
            </div>
          </div>
        );
      }}
    </QueryPanel>
  );
}
