import type { MetricsOutput } from "./types";

type GpuSeries = MetricsOutput["gpu"]["series"][number];

const GIB = 1024 ** 3;

/** The gauges a host card can draw; each chart appears only when some device reported it. */
export const GPU_METRICS = ["util", "mem", "power", "kv", "requests"] as const;
export type GpuMetric = (typeof GPU_METRICS)[number];

export interface GpuDevice {
  /** column prefix in the points, e.g. `d0` */
  dataKey: string;
  label: string;
  source: string;
  /** a GPU (keyed by index or UUID) or an engine-level sampler (vLLM, TGI, …) */
  kind: "gpu" | "engine";
  metrics: GpuMetric[];
}

export interface GpuHost {
  host: string;
  gpuName: string | null;
  devices: GpuDevice[];
  /** one row per bucket; `d0_util`, `d0_memUsedGiB`, `d0_memTotalGiB`, `d0_power`, `d0_kv`, `d0_running`, `d0_waiting`; null = nothing reported */
  points: Array<{ t: number } & Record<string, number | null>>;
  metrics: GpuMetric[];
}

function deviceLabel(s: GpuSeries, gpuIndex: number): string {
  if (!s.gpuKey) return s.source; // an engine-level sample (vLLM, TGI, …)
  return `GPU ${gpuIndex}`;
}

type GpuPoint = GpuSeries["points"][number];
const GAUGES = ["gpuUtilPct", "memUsedBytes", "memTotalBytes", "powerW", "temperatureC", "kvCacheUsagePct", "requestsRunning", "requestsWaiting"] as const;

/** How long a gauge keeps its last sample (Prometheus' staleness window). */
export const GAUGE_HOLD_MS = 5 * 60_000;

/**
 * A gauge holds its last sample until the next one: a bucket between two samples (buckets
 * shorter than the scrape interval) is not a gap. Past `holdMs` without a sample it is one.
 */
export function holdGauges(points: GpuPoint[], holdMs = GAUGE_HOLD_MS): GpuPoint[] {
  const last = new Map<string, { t: number; v: number }>();
  return points.map((p) => {
    const out = { ...p };
    for (const g of GAUGES) {
      const v = p[g];
      if (v != null) last.set(g, { t: p.t, v });
      else {
        const prev = last.get(g);
        if (prev && p.t - prev.t <= holdMs) out[g] = prev.v;
      }
    }
    return out;
  });
}

const has = (s: GpuSeries, pick: (p: GpuSeries["points"][number]) => number | null) => s.points.some((p) => pick(p) != null);

/** Series grouped into one card per host, GPUs first (in key order) and engines after. */
export function prepareGpuHosts(series: GpuSeries[], holdMs = GAUGE_HOLD_MS): GpuHost[] {
  const hosts = new Map<string, GpuSeries[]>();
  for (const s of series) hosts.set(s.host, [...(hosts.get(s.host) ?? []), s]);
  return [...hosts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([host, list]) => {
      const ordered = [...list].sort((a, b) => Number(!a.gpuKey) - Number(!b.gpuKey) || a.gpuKey.localeCompare(b.gpuKey) || a.source.localeCompare(b.source));
      const byT = new Map<number, { t: number } & Record<string, number | null>>();
      let gpuIndex = 0;
      const devices = ordered.map((s, i) => {
        const dk = `d${i}`;
        for (const p of holdGauges(s.points, holdMs)) {
          const row = byT.get(p.t) ?? { t: p.t };
          row[`${dk}_util`] = p.gpuUtilPct;
          row[`${dk}_memUsedGiB`] = p.memUsedBytes == null ? null : p.memUsedBytes / GIB;
          row[`${dk}_memTotalGiB`] = p.memTotalBytes == null ? null : p.memTotalBytes / GIB;
          row[`${dk}_power`] = p.powerW;
          row[`${dk}_kv`] = p.kvCacheUsagePct;
          row[`${dk}_running`] = p.requestsRunning;
          row[`${dk}_waiting`] = p.requestsWaiting;
          byT.set(p.t, row);
        }
        const metrics: GpuMetric[] = [];
        if (has(s, (p) => p.gpuUtilPct)) metrics.push("util");
        if (has(s, (p) => p.memUsedBytes)) metrics.push("mem");
        if (has(s, (p) => p.powerW)) metrics.push("power");
        if (has(s, (p) => p.kvCacheUsagePct)) metrics.push("kv");
        if (has(s, (p) => p.requestsRunning ?? p.requestsWaiting)) metrics.push("requests");
        return { dataKey: dk, label: deviceLabel(s, s.gpuKey ? gpuIndex++ : 0), source: s.source, kind: s.gpuKey ? ("gpu" as const) : ("engine" as const), metrics };
      });
      return {
        host,
        gpuName: ordered.find((s) => s.gpuName)?.gpuName ?? null,
        devices,
        points: [...byT.values()].sort((a, b) => a.t - b.t),
        metrics: GPU_METRICS.filter((m) => devices.some((d) => d.metrics.includes(m))),
      };
    });
}
