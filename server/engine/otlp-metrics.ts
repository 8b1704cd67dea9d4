/**
 * OTLP/JSON metrics (ExportMetricsServiceRequest) → engine samples. Pure.
 *
 * - GPU gauges (`gpu.utilization`, `hw.gpu.utilization`, `gpu.memory.used`, `hw.gpu.memory.usage`,
 *   `gpu.memory.total`, `hw.gpu.memory.limit`, `gpu.temperature`, `gpu.power.usage`) become one
 *   engine sample per host (resource `host.name`) + GPU + timestamp, source "otlp".
 * - Every data point (GPU gauges, `gen_ai.*` histograms — explicit-bucket and exponential — and
 *   every other gauge, sum, histogram and summary) also becomes a metric point, addressable by
 *   name (see otlp-points.ts). Its host is the resource's `host.name`, else `service.instance.id`,
 *   else `service.name`.
 * - Invalid data points are refused and counted; points flagged "no recorded value" are ignored.
 */
import type { MetricPointWire } from "./metric-series";
import { num, otlpMetricPoints, type PointContext } from "./otlp-points";
import type { EngineSampleWire } from "./schema";

type Obj = Record<string, unknown>;
const MiB = 1024 * 1024;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export class OtlpMetricsError extends Error {}

type GpuField = "gpuUtilPct" | "memUsedBytes" | "memTotalBytes" | "temperatureC" | "powerW";
const GPU_GAUGES: Record<string, GpuField> = {
  "gpu.utilization": "gpuUtilPct",
  "hw.gpu.utilization": "gpuUtilPct",
  "gpu.memory.used": "memUsedBytes",
  "hw.gpu.memory.usage": "memUsedBytes",
  "gpu.memory.total": "memTotalBytes",
  "hw.gpu.memory.limit": "memTotalBytes",
  "gpu.temperature": "temperatureC",
  "gpu.power.usage": "powerW",
  "gpu.power.draw": "powerW",
};

export interface OtlpMetricsResult {
  samples: EngineSampleWire[];
  points: MetricPointWire[];
  /** Valid `gen_ai.*` histogram data points (stored as metric points). */
  genAiDataPoints: number;
  rejectedDataPoints: number;
  ignoredDataPoints: number;
  errors: string[];
}

/** OTLP AnyValue → JS (strings, numbers, booleans; int64 arrives as a decimal string). */
function anyValue(v: unknown): string | number | boolean | undefined {
  if (!isObj(v)) return undefined;
  if (typeof v.stringValue === "string") return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (typeof v.doubleValue === "number") return v.doubleValue;
  if (typeof v.boolValue === "boolean") return v.boolValue;
  return undefined;
}

function attributes(list: unknown): Map<string, string | number | boolean> {
  const out = new Map<string, string | number | boolean>();
  for (const kv of arr(list)) {
    if (!isObj(kv) || typeof kv.key !== "string") continue;
    const v = anyValue(kv.value);
    if (v !== undefined) out.set(kv.key, v);
  }
  return out;
}

function pointValue(dp: Obj): number {
  if (dp.asDouble !== undefined) return num(dp.asDouble);
  if (dp.asInt !== undefined) return num(dp.asInt);
  return NaN;
}

function scaleGpu(field: GpuField, value: number, unit: string): number {
  if (field === "gpuUtilPct") return unit === "%" || (unit !== "1" && value > 1) ? value : value * 100;
  if ((field === "memUsedBytes" || field === "memTotalBytes") && /^MiB?$/.test(unit)) return value * MiB;
  return value;
}

/** Checks an explicit-bucket or exponential histogram data point; returns a reason when invalid. */
export function histogramPointError(dp: Obj, exponential: boolean): string | null {
  const count = num(dp.count ?? 0);
  if (!Number.isInteger(count) || count < 0) return "count is not a non-negative integer";
  if (dp.sum !== undefined && !Number.isFinite(num(dp.sum))) return "sum is not a finite number";
  const counts = (list: unknown) => arr(list).map(num);
  const bad = (xs: number[]) => xs.some((x) => !Number.isInteger(x) || x < 0);
  if (!exponential) {
    const buckets = counts(dp.bucketCounts);
    const bounds = arr(dp.explicitBounds).map(num);
    if (buckets.length === 0) return null; // no buckets: count and sum only, allowed
    if (bad(buckets)) return "bucketCounts must be non-negative integers";
    if (buckets.length !== bounds.length + 1) return "bucketCounts must have one more entry than explicitBounds";
    if (bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= bounds[i - 1]!))) return "explicitBounds must be finite and increasing";
    if (buckets.reduce((a, b) => a + b, 0) !== count) return "bucketCounts do not add up to count";
    return null;
  }
  const scale = num(dp.scale ?? 0);
  if (!Number.isInteger(scale) || scale < -10 || scale > 20) return "scale must be an integer in [-10, 20]";
  const zero = num(dp.zeroCount ?? 0);
  const pos = isObj(dp.positive) ? counts(dp.positive.bucketCounts) : [];
  const neg = isObj(dp.negative) ? counts(dp.negative.bucketCounts) : [];
  if (!Number.isInteger(zero) || zero < 0 || bad(pos) || bad(neg)) return "bucket counts must be non-negative integers";
  if (zero + pos.reduce((a, b) => a + b, 0) + neg.reduce((a, b) => a + b, 0) !== count) return "bucket counts do not add up to count";
  return null;
}

export function mapOtlpMetrics(body: unknown, opts: { now: number; defaultHost: string }): OtlpMetricsResult {
  if (!isObj(body) || (body.resourceMetrics !== undefined && !Array.isArray(body.resourceMetrics))) {
    throw new OtlpMetricsError("body is not an ExportMetricsServiceRequest: expected { resourceMetrics: [...] }");
  }
  const groups = new Map<string, EngineSampleWire>();
  const result: OtlpMetricsResult = { samples: [], points: [], genAiDataPoints: 0, rejectedDataPoints: 0, ignoredDataPoints: 0, errors: [] };
  const reject = (metric: string, reason: string) => {
    result.rejectedDataPoints++;
    if (result.errors.length < 5) result.errors.push(`${metric}: ${reason}`);
  };

  for (const rm of arr(body.resourceMetrics)) {
    if (!isObj(rm)) continue;
    const res = attributes(isObj(rm.resource) ? rm.resource.attributes : undefined);
    const host = String(res.get("host.name") ?? res.get("host.id") ?? res.get("service.instance.id") ?? opts.defaultHost);
    const service = res.get("service.name");
    const pointCtx: PointContext = {
      host: String(res.get("host.name") ?? res.get("service.instance.id") ?? service ?? opts.defaultHost),
      resourceLabels: service !== undefined ? { "service.name": String(service) } : {},
      now: opts.now,
    };
    for (const sm of arr(rm.scopeMetrics)) {
      for (const m of arr(isObj(sm) ? sm.metrics : undefined)) {
        if (!isObj(m) || typeof m.name !== "string") continue;
        const name = m.name;
        const unit = typeof m.unit === "string" ? m.unit : "";
        const data = isObj(m.gauge) ? m.gauge : isObj(m.sum) ? m.sum : null;
        const points = arr(data?.dataPoints).filter(isObj).filter((dp) => (num(dp.flags ?? 0) & 1) === 0);
        const field = GPU_GAUGES[name];
        const mapped = otlpMetricPoints(m, pointCtx, histogramPointError);
        result.points.push(...mapped.points);
        result.ignoredDataPoints += mapped.skipped;
        if (name.startsWith("gen_ai.") && (isObj(m.histogram) || isObj(m.exponentialHistogram))) result.genAiDataPoints += mapped.points.length;
        // a GPU gauge's refusals are counted once, below
        if (!field || !data) for (const why of mapped.refused) reject(name, why);
        if (field && data) {
          for (const dp of points) {
            const raw = pointValue(dp);
            if (!Number.isFinite(raw) || raw < 0) {
              reject(name, `value ${raw} dropped`);
              continue;
            }
            const a = attributes(dp.attributes);
            const uuid = a.get("gpu.uuid") ?? a.get("hw.id") ?? a.get("gpu.id");
            const index = a.get("gpu.index");
            const timeNs = num(dp.timeUnixNano);
            const time = Number.isFinite(timeNs) && timeNs > 0 ? Math.round(timeNs / 1e6) : opts.now;
            const key = `${host}\u0000${uuid ?? index ?? ""}\u0000${time}`;
            let s = groups.get(key);
            if (!s) {
              s = { time, host, source: "otlp", labels: {} };
              if (uuid !== undefined) s.gpuUuid = String(uuid);
              if (typeof index === "number" && Number.isInteger(index)) s.gpuIndex = index;
              const gpuName = a.get("gpu.name") ?? a.get("hw.name") ?? a.get("hw.model");
              if (gpuName !== undefined) s.gpuName = String(gpuName);
              groups.set(key, s);
            }
            s[field] = scaleGpu(field, raw, unit);
          }
        }
      }
    }
  }
  result.samples = [...groups.values()];
  return result;
}
