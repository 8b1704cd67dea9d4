"use client";
import { useQuery } from "@tanstack/react-query";
import { LoadCurveChart } from "@/components/charts/load-curve-chart";
import { prepareLoadCurve } from "@/components/charts/prepare/load";
import { type DashboardQuery } from "@/components/filters/dashboard-params";
import { useRefreshMs } from "@/components/filters/use-refresh";
import { useTRPC } from "@/components/trpc/client";
import { QueryPanel } from "@/components/ui/query-panel";

const TITLES = { rps: "Latency vs offered load", concurrency: "Latency vs concurrency" } as const;
const SUBTITLES = {
  rps: "minutes binned by requests per second; each point merges its minutes' requests",
  concurrency: "minutes binned by mean requests in flight (Little's law)",
} as const;

/** One latency-vs-load curve, its finding in words above it. */
export function LoadPanel({ input, axis }: { input: DashboardQuery; axis: "rps" | "concurrency" }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.load.queryOptions(input), refetchInterval: useRefreshMs() });
  return (
    <QueryPanel
      title={TITLES[axis]}
      subtitle={SUBTITLES[axis]}
      query={query}
      isEmpty={(d) => d.byRps.points.length === 0 && d.byConcurrency.points.length === 0}
      testId={`panel-load-${axis}`}
    >
      {(data) => {
        const curve = axis === "rps" ? data.byRps : data.byConcurrency;
        const { points, kneeX } = prepareLoadCurve(curve);
        return (
          <>
            <p
              data-testid={`statement-${axis}`}
              className={`mb-3 rounded-md px-3 py-2 text-sm ${
                kneeX != null
                  ? "bg-amber-50 text-amber-900 dark:bg-amber-500/10 dark:text-amber-200"
                  : "bg-slate-50 text-slate-700 dark:bg-slate-800/60 dark:text-slate-200"
              }`}
            >
              {curve.statement}
            </p>
            {points.length === 0 ? (
              <p className="py-6 text-center text-sm text-slate-500">Too few minutes at any load level to draw a curve.</p>
            ) : (
              <LoadCurveChart points={points} kneeX={kneeX} unit={axis} testId={`chart-load-${axis}`} />
            )}
          </>
        );
      }}
    </QueryPanel>
  );
}
