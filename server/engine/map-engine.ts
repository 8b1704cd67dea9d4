/**
 * Maps parsed Prometheus families (DCGM exporter, vLLM, TGI, Triton) to engine samples:
 * one per host+GPU for GPU metrics, one per host+engine/model for serving-engine gauges.
 *
 * - NaN/±Inf and out-of-range values are dropped (reported in `dropped`), never stored.
 * - Metrics this mapper does not know are counted in `ignoredMetrics`: they map to no
 *   engine-sample column. Every family, these and histograms included, is stored whole by name
 *   in metric_points by prom-points.ts.
 * - Latency histograms (vLLM TTFT/queue/prefill/decode/e2e, TGI durations) are also returned
 *   summarised in `histograms` (count, sum, p50/p95 estimated from the buckets) for the push
 *   report.
 * - Engine-level samples have no GPU (gpu_key ""), so (host, source) identifies the series.
 *   When one page carries several models/engines of one source, each gets its own host,
 *   `<host>/<model>` (plus `#<engine>` when one model runs several engines).
 */
import { bucketQuantile, histogramSeries } from "./histogram";
import type { MetricFamily } from "./prometheus-parse";
import type { EngineSampleWire } from "./schema";

const MiB = 1024 * 1024;

type Field =
  | "gpuUtilPct"
  | "memUsedBytes"
  | "memFreeBytes"
  | "memTotalBytes"
  | "powerW"
  | "temperatureC"
  | "kvCacheUsagePct"
  | "requestsRunning"
  | "requestsWaiting";

interface Rule {
  source: string;
  kind: "gpu" | "engine";
  field: Field;
  scale?: number;
  /** Used only when no preferred metric filled the field (older metric names). */
  fallback?: boolean;
}

const RULES: Record<string, Rule> = {
  DCGM_FI_DEV_GPU_UTIL: { source: "dcgm", kind: "gpu", field: "gpuUtilPct" },
  DCGM_FI_DEV_FB_USED: { source: "dcgm", kind: "gpu", field: "memUsedBytes", scale: MiB },
  DCGM_FI_DEV_FB_FREE: { source: "dcgm", kind: "gpu", field: "memFreeBytes", scale: MiB },
  DCGM_FI_DEV_POWER_USAGE: { source: "dcgm", kind: "gpu", field: "powerW" },
  DCGM_FI_DEV_GPU_TEMP: { source: "dcgm", kind: "gpu", field: "temperatureC" },
  "vllm:num_requests_running": { source: "vllm", kind: "engine", field: "requestsRunning" },
  "vllm:num_requests_waiting": { source: "vllm", kind: "engine", field: "requestsWaiting" },
  "vllm:kv_cache_usage_perc": { source: "vllm", kind: "engine", field: "kvCacheUsagePct", scale: 100 },
  "vllm:gpu_cache_usage_perc": { source: "vllm", kind: "engine", field: "kvCacheUsagePct", scale: 100, fallback: true },
  tgi_queue_size: { source: "tgi", kind: "engine", field: "requestsWaiting" },
  tgi_batch_current_size: { source: "tgi", kind: "engine", field: "requestsRunning" },
  nv_inference_pending_request_count: { source: "triton", kind: "engine", field: "requestsWaiting" },
  nv_gpu_utilization: { source: "triton", kind: "gpu", field: "gpuUtilPct", scale: 100 },
  nv_gpu_memory_used_bytes: { source: "triton", kind: "gpu", field: "memUsedBytes" },
  nv_gpu_memory_total_bytes: { source: "triton", kind: "gpu", field: "memTotalBytes" },
  nv_gpu_power_usage: { source: "triton", kind: "gpu", field: "powerW" },
};

/** Latency histograms summarised in the push report (stored whole in metric_points). */
export const HISTOGRAM_FAMILIES: Record<string, string> = {
  "vllm:time_to_first_token_seconds": "vllm",
  "vllm:request_queue_time_seconds": "vllm",
  "vllm:request_prefill_time_seconds": "vllm",
  "vllm:request_decode_time_seconds": "vllm",
  "vllm:e2e_request_latency_seconds": "vllm",
  "vllm:inter_token_latency_seconds": "vllm",
  tgi_request_duration: "tgi",
  tgi_request_queue_duration: "tgi",
  tgi_request_inference_duration: "tgi",
  tgi_request_mean_time_per_token_duration: "tgi",
};

const RANGES: Record<Field, [number, number]> = {
  gpuUtilPct: [0, 100],
  memUsedBytes: [0, 1e15],
  memFreeBytes: [0, 1e15],
  memTotalBytes: [0, 1e15],
  powerW: [0, 1e5],
  temperatureC: [-50, 200],
  kvCacheUsagePct: [0, 100],
  requestsRunning: [0, 1e7],
  requestsWaiting: [0, 1e7],
};

/** Labels that become columns or the host, not `labels`. */
const IDENTITY_LABELS = new Set(["gpu", "UUID", "gpu_uuid", "modelName", "Hostname", "hostname", "le", "quantile", "__name__"]);
const SUMMED: ReadonlySet<Field> = new Set(["requestsRunning", "requestsWaiting"]);
const MAX_LABELS = 32;

export interface MapOptions {
  /** Host when the metrics carry no Hostname/hostname label (target host:port, or `?host=`). */
  host: string;
  /** Epoch ms for samples without their own timestamp. */
  now: number;
  /** Overrides the detected source of every sample. */
  source?: string;
  /** Merged into every sample's labels (they win over scraped labels). */
  extraLabels?: Record<string, string>;
}

export interface EngineHistogram {
  name: string;
  source: string;
  host: string;
  labels: Record<string, string>;
  count: number | null;
  sum: number | null;
  p50: number | null;
  p95: number | null;
}

export interface DroppedValue {
  metric: string;
  line: number;
  reason: string;
}

export interface MapResult {
  samples: EngineSampleWire[];
  histograms: EngineHistogram[];
  /** Families (metric names) this mapper does not store. */
  ignoredMetrics: number;
  dropped: DroppedValue[];
}

interface Group {
  kind: "gpu" | "engine";
  host: string;
  source: string;
  model: string;
  engine: string;
  gpuIndex?: number;
  gpuUuid?: string;
  gpuName?: string;
  timeMs: number | null;
  values: Partial<Record<Field, number>>;
  fromFallback: Set<Field>;
  labels: Record<string, string>;
}

function restLabels(labels: Record<string, string>, into: Record<string, string>) {
  for (const [k, v] of Object.entries(labels)) {
    if (IDENTITY_LABELS.has(k) || k.length > 256 || v.length > 1024) continue;
    if (Object.keys(into).length >= MAX_LABELS && !(k in into)) continue;
    into[k] = v;
  }
}

export function mapEngineFamilies(families: MetricFamily[], opts: MapOptions): MapResult {
  const groups = new Map<string, Group>();
  const histograms: EngineHistogram[] = [];
  const dropped: DroppedValue[] = [];
  let ignoredMetrics = 0;

  for (const family of families) {
    const histSource = HISTOGRAM_FAMILIES[family.name];
    if (histSource && family.type === "histogram") {
      for (const h of histogramSeries(family)) {
        const labels: Record<string, string> = {};
        restLabels(h.labels, labels);
        histograms.push({
          name: family.name,
          source: opts.source ?? histSource,
          host: h.labels.Hostname ?? h.labels.hostname ?? opts.host,
          labels: { ...labels, ...opts.extraLabels },
          count: Number.isFinite(h.count) ? h.count : null,
          sum: Number.isFinite(h.sum) ? h.sum : null,
          p50: bucketQuantile(0.5, h.buckets),
          p95: bucketQuantile(0.95, h.buckets),
        });
      }
      continue;
    }
    const rule = RULES[family.name];
    if (!rule) {
      ignoredMetrics++;
      continue;
    }
    for (const s of family.samples) {
      if (s.name !== family.name) continue;
      const value = s.value * (rule.scale ?? 1);
      const [min, max] = RANGES[rule.field];
      if (!Number.isFinite(s.value)) {
        dropped.push({ metric: s.name, line: s.line, reason: `${s.value} value dropped` });
        continue;
      }
      if (value < min || value > max) {
        dropped.push({ metric: s.name, line: s.line, reason: `value ${s.value} out of range; dropped` });
        continue;
      }
      const l = s.labels;
      const host = l.Hostname || l.hostname || opts.host;
      const source = opts.source ?? rule.source;
      const uuid = l.UUID || l.gpu_uuid || undefined;
      const index = l.gpu !== undefined && /^\d+$/.test(l.gpu) ? Number(l.gpu) : undefined;
      const model = rule.kind === "engine" ? (l.model_name ?? l.model ?? "") : "";
      const engine = rule.kind === "engine" ? (l.engine ?? "") : "";
      const id = rule.kind === "gpu" ? `gpu\u0000${uuid ?? index ?? ""}` : `engine\u0000${model}\u0000${engine}`;
      const key = `${host}\u0000${source}\u0000${id}`;
      let g = groups.get(key);
      if (!g) {
        g = { kind: rule.kind, host, source, model, engine, timeMs: null, values: {}, fromFallback: new Set(), labels: {} };
        if (rule.kind === "gpu") {
          g.gpuUuid = uuid;
          g.gpuIndex = index;
          g.gpuName = l.modelName || undefined;
        }
        groups.set(key, g);
      }
      if (s.timestampMs !== undefined) g.timeMs = Math.max(g.timeMs ?? 0, s.timestampMs);
      const prev = g.values[rule.field];
      if (rule.fallback) {
        if (prev !== undefined && !g.fromFallback.has(rule.field)) continue;
        g.fromFallback.add(rule.field);
      } else if (g.fromFallback.delete(rule.field)) {
        g.values[rule.field] = undefined;
      }
      const current = g.values[rule.field];
      g.values[rule.field] = SUMMED.has(rule.field) && current !== undefined ? current + value : value;
      restLabels(l, g.labels);
    }
  }

  return { samples: toSamples([...groups.values()], opts), histograms, ignoredMetrics, dropped };
}

function toSamples(groups: Group[], opts: MapOptions): EngineSampleWire[] {
  // engine-level groups sharing (host, source) get a per-model host so their series stay apart
  const perHostSource = new Map<string, Group[]>();
  for (const g of groups) {
    if (g.kind !== "engine") continue;
    const k = `${g.host}\u0000${g.source}`;
    perHostSource.set(k, [...(perHostSource.get(k) ?? []), g]);
  }
  const hostOf = (g: Group): string => {
    const peers = perHostSource.get(`${g.host}\u0000${g.source}`);
    if (g.kind !== "engine" || !peers || peers.length < 2) return g.host;
    const sameModel = peers.filter((p) => p.model === g.model).length;
    const suffix = (g.model || "default") + (sameModel > 1 && g.engine ? `#${g.engine}` : "");
    return `${g.host}/${suffix}`;
  };

  const out: EngineSampleWire[] = [];
  for (const g of groups) {
    const v = g.values;
    let memTotal = v.memTotalBytes;
    if (memTotal === undefined && v.memUsedBytes !== undefined && v.memFreeBytes !== undefined) {
      memTotal = v.memUsedBytes + v.memFreeBytes;
    }
    const fields = {
      gpuUtilPct: v.gpuUtilPct,
      memUsedBytes: v.memUsedBytes,
      memTotalBytes: memTotal,
      powerW: v.powerW,
      temperatureC: v.temperatureC,
      kvCacheUsagePct: v.kvCacheUsagePct,
      requestsRunning: v.requestsRunning,
      requestsWaiting: v.requestsWaiting,
    };
    if (Object.values(fields).every((x) => x === undefined)) continue;
    const sample: EngineSampleWire = {
      time: g.timeMs ?? opts.now,
      host: hostOf(g),
      source: g.source,
      labels: { ...g.labels, ...opts.extraLabels },
    };
    if (g.gpuIndex !== undefined) sample.gpuIndex = g.gpuIndex;
    if (g.gpuUuid !== undefined) sample.gpuUuid = g.gpuUuid;
    if (g.gpuName !== undefined) sample.gpuName = g.gpuName;
    for (const [k, x] of Object.entries(fields)) {
      if (x !== undefined) (sample as Record<string, unknown>)[k] = x;
    }
    out.push(sample);
  }
  return out;
}
