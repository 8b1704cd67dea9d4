/**
 * Metric points addressable by name (table `metric_points`): the shape mappers produce, series
 * identity, and the checks every point passes before it is written. Pure.
 */
import { createHash } from "node:crypto";
import type { MetricPointHistogram, MetricPointKind } from "@/db/schema/metric-points";
import { INGEST_LIMITS } from "@/server/ingest/limits";

export type { MetricPointHistogram, MetricPointKind };

export interface MetricPointWire {
  /** Epoch ms. */
  time: number;
  host: string;
  source: string;
  name: string;
  labels: Record<string, string>;
  seriesKey: string;
  kind: MetricPointKind;
  /** gauge, counter, untyped; finite. */
  value: number | null;
  /** histogram, summary; every number in it finite. */
  histogram: MetricPointHistogram | null;
}

export const SERIES_LIMITS = {
  maxLabels: 64,
  maxLabelNameLength: 256,
  maxLabelValueLength: 1024,
  maxNameLength: 1024,
  maxHostLength: 1024,
} as const;

/**
 * Labels as stored: at most 64, by sorted name; longer names are dropped and longer values
 * truncated (so an oversized label cannot refuse the whole point).
 */
export function cleanLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const k of Object.keys(labels).sort()) {
    if (k.length === 0 || k.length > SERIES_LIMITS.maxLabelNameLength) continue;
    if (n++ >= SERIES_LIMITS.maxLabels) break;
    out[k] = String(labels[k]).slice(0, SERIES_LIMITS.maxLabelValueLength);
  }
  return out;
}

/**
 * Identity of a series on a host: a hash of the metric name and its labels sorted by name.
 * The same name and labels always give the same key, whatever order the labels came in.
 */
export function seriesKeyOf(name: string, labels: Record<string, string>): string {
  const parts = [name, ...Object.keys(labels).sort().flatMap((k) => [k, labels[k]!])];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

/** A point with its labels cleaned and its series key computed. */
export function makePoint(p: Omit<MetricPointWire, "seriesKey">): MetricPointWire {
  const labels = cleanLabels(p.labels);
  return { ...p, labels, seriesKey: seriesKeyOf(p.name, labels) };
}

const finite = (x: unknown): boolean => typeof x === "number" && Number.isFinite(x);

/** True when every number of a histogram value is finite (JSON could not even carry the others). */
export function histogramIsFinite(h: MetricPointHistogram): boolean {
  const pairs = (xs?: [number, number][]) => (xs ?? []).every(([a, b]) => finite(a) && finite(b));
  const nums = (xs?: number[]) => (xs ?? []).every(finite);
  for (const k of ["sum", "min", "max", "scale", "zeroCount", "zeroThreshold"] as const) {
    if (h[k] !== undefined && !finite(h[k])) return false;
  }
  return (
    finite(h.count) &&
    pairs(h.buckets) &&
    pairs(h.quantiles) &&
    nums(h.positive?.bucketCounts) &&
    nums(h.negative?.bucketCounts) &&
    (h.positive === undefined || finite(h.positive.offset)) &&
    (h.negative === undefined || finite(h.negative.offset))
  );
}

export interface PointRefusal {
  name: string;
  host: string;
  reason: string;
}

export interface FinalizedPoints {
  points: MetricPointWire[];
  refused: PointRefusal[];
  /** Distinct series beyond `maxSeries`, not stored. */
  seriesOverLimit: number;
  /** Their points. */
  pointsOverLimit: number;
}

/**
 * The last gate before storage: refuses points with a time out of the accepted range, a missing
 * or oversized name/host, or a non-finite number; keeps the first `maxSeries` distinct series
 * (host + series key) and counts the rest; and keeps one point per series and time (the last).
 */
export function finalizePoints(points: MetricPointWire[], opts: { now: number; maxSeries: number }): FinalizedPoints {
  const refused: PointRefusal[] = [];
  const series = new Set<string>();
  const over = new Set<string>();
  const byKey = new Map<string, MetricPointWire>();
  let pointsOverLimit = 0;
  const maxTime = opts.now + INGEST_LIMITS.maxFutureMs;
  for (const p of points) {
    const refuse = (reason: string) => refused.push({ name: p.name, host: p.host, reason });
    if (!p.name || p.name.length > SERIES_LIMITS.maxNameLength) refuse("metric name is empty or longer than 1024 characters");
    else if (!p.host || p.host.length > SERIES_LIMITS.maxHostLength) refuse("host is empty or longer than 1024 characters");
    else if (!finite(p.time) || p.time < INGEST_LIMITS.minTimeMs || p.time > maxTime) refuse(`time ${p.time} is out of range`);
    else if (p.value !== null && !finite(p.value)) refuse(`value ${p.value} is not finite`);
    else if (p.histogram !== null && !histogramIsFinite(p.histogram)) refuse("histogram holds a NaN or infinite number");
    else if (p.value === null && p.histogram === null) refuse("point has no value");
    else {
      const id = `${p.host}\u0000${p.seriesKey}`;
      if (!series.has(id)) {
        if (series.size >= opts.maxSeries) {
          over.add(id);
          pointsOverLimit++;
          continue;
        }
        series.add(id);
      }
      byKey.set(`${id}\u0000${p.time}`, p);
    }
  }
  return { points: [...byKey.values()], refused, seriesOverLimit: over.size, pointsOverLimit };
}
