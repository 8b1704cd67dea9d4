"use client";
import { useQuery } from "@tanstack/react-query";
import { Line, LineChart, ReferenceLine, ResponsiveContainer, YAxis } from "recharts";
import { seriesColor } from "@/components/charts/chart-theme";
import { useTRPC } from "@/components/trpc/client";
import type { RuleSpec } from "@/server/alerts/schema";
import { maxValue, preparePreview } from "./preview-data";

/** The rule's metric over the last 6 h, as the evaluator sees it, with the threshold dashed; an SLO shows its budget. */
export function RuleSparkline({ spec }: { spec: RuleSpec }) {
  const trpc = useTRPC();
  const preview = useQuery({ ...trpc.alerts.preview.queryOptions({ spec, hours: 6 }), staleTime: 60_000, refetchInterval: 60_000 });
  if (preview.isPending) return <div className="h-8 w-32 animate-pulse rounded bg-slate-100 dark:bg-slate-800/70" />;
  if (preview.isError) return <span className="text-xs text-slate-400">—</span>;
  const data = preview.data;
  if (data.kind === "slo") {
    const left = data.slo.budgetRemaining;
    return (
      <span className={`text-xs tabular-nums ${left !== null && left < 0.25 ? "text-rose-600 dark:text-rose-400" : "text-slate-600 dark:text-slate-300"}`}>
        {left === null ? "no requests yet" : `${Math.round(left * 100)} % budget left`}
      </span>
    );
  }
  const max = maxValue(data.series);
  if (max === null || spec.kind !== "threshold") return <span className="text-xs text-slate-400 dark:text-slate-500">no data in 6 h</span>;
  const { rows, series } = preparePreview(data.series, "");
  const color = (i: number) => (series.length > 1 ? seriesColor(i) : "#6366f1");
  return (
    <div className="h-8 w-32" aria-label="Last 6 hours" role="img">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
          <YAxis hide domain={[0, Math.max(max, spec.threshold) * 1.1]} />
          <ReferenceLine y={spec.threshold} stroke="#f43f5e" strokeDasharray="3 2" strokeOpacity={0.8} />
          {series.map((s, i) => (
            <Line key={s.dataKey} dataKey={s.dataKey} stroke={color(i)} strokeWidth={1.25} dot={loneDot(rows, s.dataKey, color(i))} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A window with values on neither side has no line to sit on: a dot, so a short spike still shows. */
function loneDot(rows: Array<Record<string, number | null>>, key: string, color: string) {
  const has = (i: number) => typeof rows[i]?.[key] === "number";
  return (p: { index?: number; cx?: number; cy?: number }) => {
    const i = p.index ?? -1;
    if (!has(i) || has(i - 1) || has(i + 1) || p.cx == null || p.cy == null) return <g key={`d${i}`} />;
    return <circle key={`d${i}`} cx={p.cx} cy={p.cy} r={1.75} fill={color} />;
  };
}
