import type { MetricFamily } from "./prometheus-parse";

export interface Bucket {
  /** Upper bound (`le`); the last bucket is +Inf. */
  le: number;
  /** Cumulative count of observations ≤ le. */
  count: number;
}

/** One series of a histogram family: the labels without `le`. */
export interface HistogramSeries {
  labels: Record<string, string>;
  buckets: Bucket[];
  sum: number | null;
  count: number | null;
}

export function seriesKey(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join("\u0000");
}

/** Groups a histogram family's `_bucket` / `_sum` / `_count` samples into series. */
export function histogramSeries(family: MetricFamily): HistogramSeries[] {
  const series = new Map<string, HistogramSeries>();
  for (const s of family.samples) {
    const { le, ...labels } = s.labels;
    const key = seriesKey(labels);
    let h = series.get(key);
    if (!h) {
      h = { labels, buckets: [], sum: null, count: null };
      series.set(key, h);
    }
    if (s.name === `${family.name}_bucket`) {
      const bound = le === undefined ? NaN : le === "+Inf" ? Infinity : Number(le);
      if (!Number.isNaN(bound) && Number.isFinite(s.value)) h.buckets.push({ le: bound, count: s.value });
    } else if (s.name === `${family.name}_sum`) {
      h.sum = s.value;
    } else if (s.name === `${family.name}_count`) {
      h.count = s.value;
    }
  }
  for (const h of series.values()) {
    h.buckets.sort((a, b) => a.le - b.le);
    if (h.count === null) h.count = h.buckets.at(-1)?.le === Infinity ? h.buckets.at(-1)!.count : null;
  }
  return [...series.values()];
}

/**
 * Quantile estimate from cumulative buckets, as PromQL `histogram_quantile` does: linear
 * interpolation inside the bucket holding the rank; the +Inf bucket answers the highest finite
 * bound. Null when there are no observations or no +Inf bucket.
 */
export function bucketQuantile(q: number, buckets: Bucket[]): number | null {
  if (buckets.length < 2 || buckets.at(-1)!.le !== Infinity) return null;
  const total = buckets.at(-1)!.count;
  if (!(total > 0)) return null;
  const rank = q * total;
  let i = buckets.findIndex((b) => b.count >= rank);
  if (i < 0) i = buckets.length - 1;
  if (i === buckets.length - 1) return buckets[buckets.length - 2]!.le;
  const upper = buckets[i]!;
  const lowerBound = i === 0 ? 0 : buckets[i - 1]!.le;
  const lowerCount = i === 0 ? 0 : buckets[i - 1]!.count;
  if (i === 0 && upper.le <= 0) return upper.le;
  const inBucket = upper.count - lowerCount;
  if (inBucket <= 0) return upper.le;
  return lowerBound + (upper.le - lowerBound) * ((rank - lowerCount) / inBucket);
}
