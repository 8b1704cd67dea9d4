/**
 * One OTLP metric (OTLP/JSON shape; protobuf is converted to it first) → metric points. Pure.
 *
 * - gauge → gauge; sum → counter when monotonic, else gauge (as Prometheus reads them);
 * - histogram → `{ buckets: [[bound, cumulativeCount], …], sum, count, min, max }` (the +Inf
 *   bucket is `count`);
 * - exponentialHistogram → `{ scale, zeroCount, positive: { offset, bucketCounts }, sum, count, … }`;
 * - summary → `{ quantiles: [[q, value], …], sum, count }`.
 * Labels are the data point's attributes (non-string values as JSON text) plus the resource's
 * `service.name`. Points flagged "no recorded value" are skipped; invalid ones are refused.
 */
import { makePoint, type MetricPointHistogram, type MetricPointKind, type MetricPointWire } from "./metric-series";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** int64 as a decimal string or number, double as a number or "NaN"/"Infinity" text. */
export const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN);

/** DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK */
const NO_RECORDED_VALUE = 1;

/** OTLP AnyValue → label text. */
function labelText(v: unknown, depth = 0): string | undefined {
  if (!isObj(v) || depth > 8) return undefined;
  if (typeof v.stringValue === "string") return v.stringValue;
  if (v.boolValue !== undefined) return String(v.boolValue === true || v.boolValue === "true");
  if (v.intValue !== undefined) return String(v.intValue);
  if (v.doubleValue !== undefined) return String(num(v.doubleValue));
  if (isObj(v.arrayValue)) return JSON.stringify(arr(v.arrayValue.values).map((x) => labelText(x, depth + 1) ?? null));
  if (isObj(v.kvlistValue)) {
    const out: Record<string, string | null> = {};
    for (const kv of arr(v.kvlistValue.values)) if (isObj(kv) && typeof kv.key === "string") out[kv.key] = labelText(kv.value, depth + 1) ?? null;
    return JSON.stringify(out);
  }
  if (typeof v.bytesValue === "string") return v.bytesValue;
  return undefined;
}

export function attributeLabels(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of arr(list)) {
    if (!isObj(kv) || typeof kv.key !== "string") continue;
    const v = labelText(kv.value);
    if (v !== undefined) out[kv.key] = v;
  }
  return out;
}

export interface PointContext {
  host: string;
  /** Labels every point of the resource gets (data point attributes win). */
  resourceLabels: Record<string, string>;
  now: number;
}

export interface PointsOfMetric {
  points: MetricPointWire[];
  /** Data points refused, with why. */
  refused: string[];
  /** Data points flagged as having no recorded value. */
  skipped: number;
}

function timeOf(dp: Obj, now: number): number {
  const ns = num(dp.timeUnixNano);
  return Number.isFinite(ns) && ns > 0 ? Math.round(ns / 1e6) : now;
}

const nonNegInt = (x: number) => Number.isInteger(x) && x >= 0;

/** Optional doubles (sum, min, max) that are present and finite; the others are left out. */
function extras(dp: Obj, keys: readonly ("sum" | "min" | "max")[]): Partial<MetricPointHistogram> {
  const out: Partial<MetricPointHistogram> = {};
  for (const k of keys) {
    const x = dp[k] === undefined || dp[k] === null ? NaN : num(dp[k]);
    if (Number.isFinite(x)) out[k] = x;
  }
  return out;
}

function explicitHistogram(dp: Obj): MetricPointHistogram {
  const counts = arr(dp.bucketCounts).map(num);
  const bounds = arr(dp.explicitBounds).map(num);
  const buckets: [number, number][] = [];
  let cumulative = 0;
  for (let i = 0; i < bounds.length && i < counts.length; i++) {
    cumulative += counts[i]!;
    buckets.push([bounds[i]!, cumulative]);
  }
  return { buckets, count: num(dp.count ?? 0) };
}

function buckets(b: unknown): { offset: number; bucketCounts: number[] } | undefined {
  if (!isObj(b)) return undefined;
  const bucketCounts = arr(b.bucketCounts).map(num);
  if (bucketCounts.length === 0) return undefined;
  return { offset: num(b.offset ?? 0), bucketCounts };
}

function exponentialHistogram(dp: Obj): MetricPointHistogram {
  const h: MetricPointHistogram = {
    scale: num(dp.scale ?? 0),
    zeroCount: num(dp.zeroCount ?? 0),
    positive: buckets(dp.positive) ?? { offset: 0, bucketCounts: [] },
    count: num(dp.count ?? 0),
  };
  const negative = buckets(dp.negative);
  if (negative) h.negative = negative;
  const zt = num(dp.zeroThreshold ?? 0);
  if (Number.isFinite(zt) && zt > 0) h.zeroThreshold = zt;
  return h;
}

function summary(dp: Obj): MetricPointHistogram | string {
  const count = num(dp.count ?? 0);
  if (!nonNegInt(count)) return "count is not a non-negative integer";
  const quantiles: [number, number][] = [];
  for (const q of arr(dp.quantileValues)) {
    if (!isObj(q)) continue;
    const [quantile, value] = [num(q.quantile ?? 0), num(q.value ?? 0)];
    if (!(quantile >= 0 && quantile <= 1)) return `quantile ${quantile} is not in [0, 1]`;
    if (Number.isFinite(value)) quantiles.push([quantile, value]);
  }
  return { quantiles: quantiles.sort((a, b) => a[0] - b[0]), count };
}

/**
 * Points of one metric. `histogramError` is otlp-metrics' validator, which decides whether an
 * explicit or exponential histogram point is refused.
 */
export function otlpMetricPoints(m: Obj, ctx: PointContext, histogramError: (dp: Obj, exponential: boolean) => string | null): PointsOfMetric {
  const out: PointsOfMetric = { points: [], refused: [], skipped: 0 };
  const name = typeof m.name === "string" ? m.name : "";
  const data = [m.gauge, m.sum, m.histogram, m.exponentialHistogram, m.summary].find(isObj);
  if (!data) return out;
  for (const dp of arr(data.dataPoints)) {
    if (!isObj(dp)) continue;
    if ((num(dp.flags ?? 0) & NO_RECORDED_VALUE) !== 0) {
      out.skipped++;
      continue;
    }
    let kind: MetricPointKind;
    let value: number | null = null;
    let histogram: MetricPointHistogram | null = null;
    let refusal: string | null = null;
    if (data === m.gauge || data === m.sum) {
      kind = data === m.sum && (data.isMonotonic === true || data.isMonotonic === "true") ? "counter" : "gauge";
      const raw = dp.asDouble ?? dp.asInt;
      value = num(raw);
      if (!Number.isFinite(value)) refusal = `value ${raw === undefined ? "(none)" : String(raw)} dropped`;
    } else if (data === m.summary) {
      kind = "summary";
      const s = summary(dp);
      if (typeof s === "string") refusal = s;
      else histogram = { ...s, ...extras(dp, ["sum"]) };
    } else {
      kind = "histogram";
      const exponential = data === m.exponentialHistogram;
      refusal = histogramError(dp, exponential);
      if (!refusal) histogram = { ...(exponential ? exponentialHistogram(dp) : explicitHistogram(dp)), ...extras(dp, ["sum", "min", "max"]) };
    }
    if (refusal) {
      out.refused.push(refusal);
      continue;
    }
    out.points.push(
      makePoint({
        time: timeOf(dp, ctx.now),
        host: ctx.host,
        source: "otlp",
        name,
        labels: { ...ctx.resourceLabels, ...attributeLabels(dp.attributes) },
        kind,
        value,
        histogram,
      }),
    );
  }
  return out;
}
