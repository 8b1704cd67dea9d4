/**
 * Parsed Prometheus families → metric points, every family kept by name. Pure.
 *
 * - gauge / untyped / counter: one point per sample, named as the sample (`vllm:prompt_tokens_total`);
 *   a counter family's `_created` samples are metadata and skipped.
 * - histogram: one point per series (labels without `le`): the finite cumulative buckets, `sum`
 *   and `count` (the `_count` sample, else the +Inf bucket).
 * - summary: one point per series (labels without `quantile`): the quantiles, `sum`, `count`;
 *   a NaN quantile (no observations yet) is left out.
 * - NaN/±Inf values are never stored: such a sample, or a histogram series with such a bucket or
 *   count, is dropped and reported; a non-finite `_sum` is left out and reported.
 */
import type { DroppedValue } from "./map-engine";
import { makePoint, type MetricPointHistogram, type MetricPointWire } from "./metric-series";
import { parseValue, type MetricFamily, type PromSample } from "./prometheus-parse";

export interface PromPointOptions {
  /** Host when a sample carries no Hostname/hostname label. */
  host: string;
  /** Epoch ms for samples without their own timestamp. */
  now: number;
  /** Overrides the detected source. */
  source?: string;
  /** Merged into every point's labels (they win over scraped labels). */
  extraLabels?: Record<string, string>;
}

export interface PromPointsResult {
  points: MetricPointWire[];
  dropped: DroppedValue[];
}

/** The exporter a metric name comes from, by its prefix. */
export function sourceOfMetric(name: string): string {
  if (name.startsWith("vllm:")) return "vllm";
  if (name.startsWith("tgi_")) return "tgi";
  if (name.startsWith("nv_")) return "triton";
  if (name.startsWith("DCGM_")) return "dcgm";
  return "prometheus";
}

interface SeriesAcc {
  labels: Record<string, string>;
  line: number;
  timeMs: number | null;
  buckets: [number, number][];
  quantiles: [number, number][];
  sum: number | null;
  count: number | null;
  inf: number | null;
  problem: string | null;
}

export function prometheusPoints(families: MetricFamily[], opts: PromPointOptions): PromPointsResult {
  const points: MetricPointWire[] = [];
  const dropped: DroppedValue[] = [];
  const hostOf = (l: Record<string, string>) => l.Hostname || l.hostname || opts.host;
  const labelsOf = (l: Record<string, string>) => ({ ...l, ...opts.extraLabels });

  for (const family of families) {
    const source = opts.source ?? sourceOfMetric(family.name);
    if (family.type === "histogram" || family.type === "summary") {
      for (const s of groupSeries(family)) {
        if (s.problem) {
          dropped.push({ metric: family.name, line: s.line, reason: s.problem });
          continue;
        }
        const histogram = toHistogram(family, s, (reason) => dropped.push({ metric: family.name, line: s.line, reason }));
        if (!histogram) continue;
        points.push(
          makePoint({
            time: s.timeMs ?? opts.now,
            host: hostOf(s.labels),
            source,
            name: family.name,
            labels: labelsOf(s.labels),
            kind: family.type,
            value: null,
            histogram,
          }),
        );
      }
      continue;
    }
    for (const s of family.samples) {
      if (family.type === "counter" && s.name === `${family.name}_created`) continue;
      if (!Number.isFinite(s.value)) {
        dropped.push({ metric: s.name, line: s.line, reason: `${s.value} value dropped` });
        continue;
      }
      points.push(
        makePoint({
          time: s.timestampMs ?? opts.now,
          host: hostOf(s.labels),
          source,
          name: s.name,
          labels: labelsOf(s.labels),
          kind: family.type,
          value: s.value,
          histogram: null,
        }),
      );
    }
  }
  return { points, dropped };
}

function toHistogram(family: MetricFamily, s: SeriesAcc, report: (reason: string) => void): MetricPointHistogram | null {
  const count = s.count ?? s.inf;
  if (count === null) {
    report(family.type === "histogram" ? "histogram series without _count or +Inf bucket dropped" : "summary series without _count dropped");
    return null;
  }
  const h: MetricPointHistogram =
    family.type === "histogram"
      ? { buckets: s.buckets.sort((a, b) => a[0] - b[0]), count }
      : { quantiles: s.quantiles.sort((a, b) => a[0] - b[0]), count };
  if (s.sum !== null) {
    if (Number.isFinite(s.sum)) h.sum = s.sum;
    else report(`${s.sum} _sum left out`);
  }
  return h;
}

/** Groups a histogram or summary family's samples into series (labels without `le` / `quantile`). */
function groupSeries(family: MetricFamily): SeriesAcc[] {
  const out = new Map<string, SeriesAcc>();
  const base = family.name;
  const fail = (acc: SeriesAcc, why: string) => {
    acc.problem ??= why;
  };
  for (const sample of family.samples) {
    const { le, quantile, ...labels } = sample.labels;
    const key = JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
    let acc = out.get(key);
    if (!acc) {
      acc = { labels, line: sample.line, timeMs: null, buckets: [], quantiles: [], sum: null, count: null, inf: null, problem: null };
      out.set(key, acc);
    }
    if (sample.timestampMs !== undefined) acc.timeMs = Math.max(acc.timeMs ?? sample.timestampMs, sample.timestampMs);
    addSample(family.type, base, acc, sample, le, quantile, fail);
  }
  return [...out.values()];
}

function addSample(
  type: MetricFamily["type"],
  base: string,
  acc: SeriesAcc,
  s: PromSample,
  le: string | undefined,
  quantile: string | undefined,
  fail: (acc: SeriesAcc, why: string) => void,
) {
  if (s.name === `${base}_created`) return;
  if (s.name === `${base}_sum`) {
    acc.sum = s.value;
  } else if (s.name === `${base}_count`) {
    if (Number.isFinite(s.value) && s.value >= 0) acc.count = s.value;
    else fail(acc, `_count ${s.value}: series dropped`);
  } else if (type === "histogram" && s.name === `${base}_bucket`) {
    const bound = le === undefined ? null : parseValue(le.trim());
    if (bound === null || Number.isNaN(bound)) return fail(acc, `bucket without a valid le label ('${le ?? ""}'): series dropped`);
    if (!Number.isFinite(s.value) || s.value < 0) return fail(acc, `bucket count ${s.value} (le="${le}"): series dropped`);
    if (bound === Infinity) acc.inf = s.value;
    else if (bound !== -Infinity) acc.buckets.push([bound, s.value]);
  } else if (type === "summary" && s.name === base) {
    const q = quantile === undefined ? null : parseValue(quantile.trim());
    if (q === null || !Number.isFinite(q) || q < 0 || q > 1) return fail(acc, `quantile label '${quantile ?? ""}' is not in [0, 1]: series dropped`);
    if (Number.isFinite(s.value)) acc.quantiles.push([q, s.value]);
  } else {
    fail(acc, `unexpected sample ${s.name} in ${type} ${base}: series dropped`);
  }
}
