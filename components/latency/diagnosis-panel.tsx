"use client";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { diagnosisSummary, prepareDiagnosis } from "@/components/charts/prepare/diagnosis";
import { withParam, type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";
import { QueryPanel } from "@/components/ui/query-panel";
import { DiagnosisSignal } from "./diagnosis-signal";

/** Is it the model or the serving stack? Each signal with its verdict and evidence. */
export function DiagnosisPanel({ input }: { input: DashboardQuery }) {
  const trpc = useTRPC();
  const search = useSearchParams();
  const query = useQuery({ ...trpc.metrics.diagnosis.queryOptions(input), refetchInterval: useRefreshMs() });
  // the group-by belongs to this page; range and filters carry over to the signal's chart
  const carried = withParam(search.toString(), "groupBy", null).toString();
  return (
    <QueryPanel
      title="Diagnosis: model or serving stack?"
      subtitle="this range against the period just before it"
      query={query}
      isEmpty={(d) => d.signals.length === 0}
      skeletonClassName="h-48"
      testId="panel-diagnosis"
    >
      {(data) => {
        const rows = prepareDiagnosis(data.signals, carried);
        return (
          <>
            <p className="text-sm text-slate-600 dark:text-slate-300">{diagnosisSummary(rows)}</p>
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((r) => (
                <DiagnosisSignal key={r.id} row={r} />
              ))}
            </ul>
          </>
        );
      }}
    </QueryPanel>
  );
}
