/**
 * Log-bucket latency sketch, mergeable by adding bucket counts.
 *
 * Mapping: the OpenTelemetry exponential-histogram mapping at scale `s`: base γ = 2^(2^-s),
 * bucket i holds (γ^i, γ^(i+1)] — so OTLP ExponentialHistogram points at the same scale merge in
 * directly. A quantile is answered with the bucket's relative midpoint 2γ^(i+1)/(γ+1), whose
 * relative error is at most α = (γ−1)/(γ+1): 0.54 % at s = 6.
 */
export const SKETCH_SCALE = 6;

export function gammaFor(scale = SKETCH_SCALE): number {
  return 2 ** (2 ** -scale);
}

export function relativeAccuracy(scale = SKETCH_SCALE): number {
  const g = gammaFor(scale);
  return (g - 1) / (g + 1);
}

/** Index of the bucket (γ^i, γ^(i+1)] that holds x > 0. */
export function bucketIndex(x: number, scale = SKETCH_SCALE): number {
  const factor = 2 ** scale;
  let i = Math.ceil(Math.log2(x) * factor) - 1;
  // log2 rounding can land one bucket off right at a boundary; settle it against the bounds
  if (2 ** ((i + 1) / factor) < x) i++;
  else if (2 ** (i / factor) >= x) i--;
  return i;
}

export function bucketUpperBound(i: number, scale = SKETCH_SCALE): number {
  return 2 ** ((i + 1) / 2 ** scale);
}

/** The value reported for bucket i: relative error ≤ α for anything in it. */
export function bucketValue(i: number, scale = SKETCH_SCALE): number {
  const g = gammaFor(scale);
  return (2 * bucketUpperBound(i, scale)) / (g + 1);
}

/** Dense, storable form: counts[k] belongs to bucket offset + k. */
export interface DenseSketch {
  scale: number;
  zero: number;
  offset: number;
  counts: number[];
  sum: number;
  min: number | null;
  max: number | null;
}

export class LatencySketch {
  readonly buckets = new Map<number, number>();
  zero = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(readonly scale = SKETCH_SCALE) {}

  /** Adds `n` observations of `x` (values ≤ 0 count as zero; NaN is ignored). */
  add(x: number, n = 1): this {
    if (!Number.isFinite(x) || n <= 0) return this;
    this.count += n;
    this.sum += x * n;
    this.min = Math.min(this.min, x);
    this.max = Math.max(this.max, x);
    if (x <= 0) this.zero += n;
    else {
      const i = bucketIndex(x, this.scale);
      this.buckets.set(i, (this.buckets.get(i) ?? 0) + n);
    }
    return this;
  }

  /** Exact merge: the result is the sketch of the union of both inputs. */
  merge(other: LatencySketch | DenseSketch): this {
    const o = other instanceof LatencySketch ? other : LatencySketch.fromDense(other);
    if (o.scale !== this.scale) throw new Error(`cannot merge sketches of scale ${o.scale} into ${this.scale}`);
    for (const [i, c] of o.buckets) this.buckets.set(i, (this.buckets.get(i) ?? 0) + c);
    this.zero += o.zero;
    this.count += o.count;
    this.sum += o.sum;
    this.min = Math.min(this.min, o.min);
    this.max = Math.max(this.max, o.max);
    return this;
  }

  /** Mean: the exact sum when known, else estimated from bucket values (within α). */
  mean(): number | null {
    if (this.count === 0) return null;
    if (this.sum) return this.sum / this.count;
    let total = 0;
    for (const [i, c] of this.buckets) total += bucketValue(i, this.scale) * c;
    return total / this.count;
  }

  /** Value of the k-th smallest observation (0-based), within α. */
  private valueAtRank(k: number, sorted: Array<[number, number]>): number {
    if (k < this.zero) return 0;
    let seen = this.zero;
    for (const [i, c] of sorted) {
      seen += c;
      if (k < seen) return Math.min(this.max, Math.max(this.min, bucketValue(i, this.scale)));
    }
    return this.max;
  }

  /**
   * Quantile with the same definition as PostgreSQL's percentile_cont (linear interpolation
   * between the order statistics around rank q·(n−1)); each is estimated within α, so the result is too.
   */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const sorted = [...this.buckets.entries()].sort((a, b) => a[0] - b[0]);
    const rank = q * (this.count - 1);
    const lo = Math.floor(rank);
    const frac = rank - lo;
    const a = this.valueAtRank(lo, sorted);
    if (frac === 0) return a;
    const b = this.valueAtRank(lo + 1, sorted);
    return a + (b - a) * frac;
  }

  /**
   * Observations at or below `x`, within α: every bucket up to the one holding `x` counts
   * (burn-rate SLOs count "requests under 2 s" with this).
   */
  countAtMost(x: number): number {
    if (x < 0) return 0;
    let n = this.zero;
    if (x === 0) return n;
    const top = bucketIndex(x, this.scale);
    for (const [i, c] of this.buckets) if (i <= top) n += c;
    return n;
  }

  /** Stored form: bucket index → count, "z" for the zero bucket. */
  toStored(): Record<string, number> {
    const out: Record<string, number> = {};
    if (this.zero) out.z = this.zero;
    for (const [i, c] of this.buckets) out[String(i)] = c;
    return out;
  }

  toDense(): DenseSketch {
    const keys = [...this.buckets.keys()];
    const offset = keys.length ? Math.min(...keys) : 0;
    const top = keys.length ? Math.max(...keys) : -1;
    const counts = new Array<number>(top - offset + 1).fill(0);
    for (const [i, c] of this.buckets) counts[i - offset] = c;
    return {
      scale: this.scale,
      zero: this.zero,
      offset,
      counts,
      sum: this.sum,
      min: this.count ? this.min : null,
      max: this.count ? this.max : null,
    };
  }

  /** From the stored form (bucket index → count, "z" for zero), with the true max when known. */
  static fromStored(stored: Record<string, number | string>, max?: number | null, scale = SKETCH_SCALE): LatencySketch {
    const s = new LatencySketch(scale);
    for (const [key, raw] of Object.entries(stored)) {
      const c = Number(raw);
      if (!(c > 0)) continue;
      if (key === "z") s.zero += c;
      else s.buckets.set(Number(key), (s.buckets.get(Number(key)) ?? 0) + c);
      s.count += c;
    }
    // unknown extremes are estimated from the outermost buckets (within α like everything else)
    const keys = [...s.buckets.keys()];
    if (s.zero > 0) s.min = 0;
    else if (keys.length) s.min = bucketValue(Math.min(...keys), scale);
    if (max != null) s.max = max;
    else if (keys.length) s.max = bucketValue(Math.max(...keys), scale);
    else if (s.zero > 0) s.max = 0;
    return s;
  }

  static fromDense(d: DenseSketch): LatencySketch {
    const s = new LatencySketch(d.scale);
    d.counts.forEach((c, k) => {
      if (c > 0) s.buckets.set(d.offset + k, c);
    });
    s.zero = d.zero;
    s.count = d.zero + d.counts.reduce((a, b) => a + b, 0);
    s.sum = d.sum;
    s.min = d.min ?? Infinity;
    s.max = d.max ?? -Infinity;
    return s;
  }
}
