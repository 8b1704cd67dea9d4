"use client";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { ALERT_METRICS, formatMetricValue, type ThresholdSpec } from "@/server/alerts/schema";
import { maxValue, preparePreview, type PreviewSeriesIn } from "./preview-data";

/** A threshold rule's metric over a range with its threshold as a dashed line, and optional shaded intervals. */
export function PreviewChart({
  spec,
  series,
  range,
  bands,
  height = "h-56",
  testId,
}: {
  spec: ThresholdSpec;
  series: PreviewSeriesIn[];
  range: { fromMs: number; toMs: number };
  bands?: Array<{ fromMs: number; toMs: number; color: string }>;
  height?: string;
  testId?: string;
}) {
  const { rows, series: specs } = preparePreview(series, ALERT_METRICS[spec.metric].label);
  const format = (v: number) => formatMetricValue(spec.metric, v);
  // stretch the axis so the threshold line is always in view
  const top = Math.max(maxValue(series) ?? 0, spec.threshold) * 1.1 || 1;
  return (
    <TimeSeriesChart
      data={rows}
      range={range}
      series={specs}
      formatValue={format}
      yDomain={[0, top]}
      yWidth={64}
      height={height}
      bands={bands}
      referenceY={{ y: spec.threshold, label: `threshold ${spec.comparator} ${format(spec.threshold)}`, color: "#f43f5e" }}
      testId={testId}
    />
  );
}
