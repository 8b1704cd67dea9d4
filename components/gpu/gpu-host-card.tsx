"use client";
import { seriesColor } from "@/components/charts/chart-theme";
import { formatCompact, formatCount } from "@/components/charts/prepare/format";
import type { GpuHost, GpuMetric } from "@/components/charts/prepare/gpu";
import { TimeSeriesChart, type SeriesSpec } from "@/components/charts/time-series-chart";
import { Panel } from "@/components/ui/panel";

const TITLES: Record<GpuMetric, string> = {
  util: "Utilisation",
  mem: "Memory",
  power: "Power",
  kv: "KV cache",
  requests: "Requests",
};

const pct = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} %`;
const FORMAT: Record<GpuMetric, { value: (v: number) => string; axis: (v: number) => string; domain?: [number, number] }> = {
  util: { value: pct, axis: (v) => `${Math.round(v)} %`, domain: [0, 100] },
  mem: { value: (v) => `${v.toFixed(1)} GiB`, axis: (v) => `${Math.round(v)} GiB` },
  power: { value: (v) => `${Math.round(v)} W`, axis: (v) => `${Math.round(v)} W` },
  kv: { value: pct, axis: (v) => `${Math.round(v)} %`, domain: [0, 100] },
  requests: { value: (v) => formatCount(v), axis: formatCompact },
};

function seriesOf(host: GpuHost, metric: GpuMetric): SeriesSpec[] {
  const devices = host.devices.filter((d) => d.metrics.includes(metric));
  const color = (i: number) => seriesColor(i);
  if (metric === "mem") {
    return [
      ...devices.map((d, i) => ({ dataKey: `${d.dataKey}_memUsedGiB`, name: `${d.label} used`, color: color(i) })),
      ...devices.slice(0, 1).map((d) => ({ dataKey: `${d.dataKey}_memTotalGiB`, name: "total", color: "#94a3b8", dashed: true })),
    ];
  }
  if (metric === "requests") {
    return devices.flatMap((d) => [
      { dataKey: `${d.dataKey}_running`, name: devices.length > 1 ? `${d.label} running` : "running", color: "#10b981" },
      { dataKey: `${d.dataKey}_waiting`, name: devices.length > 1 ? `${d.label} waiting` : "waiting", color: "#f43f5e" },
    ]);
  }
  const key = metric === "util" ? "util" : metric === "power" ? "power" : "kv";
  return devices.map((d, i) => ({ dataKey: `${d.dataKey}_${key}`, name: d.label, color: color(i) }));
}

/** Small multiples of one host: a chart per gauge, every chart on the page sharing one crosshair. */
export function GpuHostCard({ host, range, syncId }: { host: GpuHost; range: { fromMs: number; toMs: number }; syncId: string }) {
  const gpus = host.devices.filter((d) => d.kind === "gpu").length;
  const engines = host.devices.filter((d) => d.kind === "engine").map((d) => d.source);
  const subtitle = [host.gpuName, gpus ? `${gpus} GPU${gpus > 1 ? "s" : ""}` : null, ...engines].filter(Boolean).join(" · ");
  return (
    <Panel title={host.host} subtitle={subtitle} testId={`gpu-host-${host.host}`}>
      <div className="grid gap-x-5 gap-y-3 md:grid-cols-2 2xl:grid-cols-3">
        {host.metrics.map((m) => (
          <div key={m} className="min-w-0">
            <h3 className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-300">{TITLES[m]}</h3>
            <TimeSeriesChart
              data={host.points}
              range={range}
              series={seriesOf(host, m)}
              formatValue={FORMAT[m].value}
              formatAxis={FORMAT[m].axis}
              yDomain={FORMAT[m].domain}
              yWidth={56}
              yTickCount={3}
              syncId={syncId}
              height="h-36"
              testId={`chart-gpu-${m}`}
            />
          </div>
        ))}
      </div>
    </Panel>
  );
}
