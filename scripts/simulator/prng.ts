/**
 * Deterministic randomness for the simulator. Everything random is derived from
 * (seed, absolute epoch minute, …) through `hash32`, so re-generating a minute with the
 * same seed yields byte-identical traces and ids.
 */

/** 32-bit avalanche mix (murmur3 finaliser). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of integers (or short strings) into one unsigned 32-bit value. */
export function hash32(...parts: Array<number | string>): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    if (typeof part === "string") {
      for (let i = 0; i < part.length; i++) {
        h = fmix32((h ^ part.charCodeAt(i)) + 0x7f4a7c15);
      }
      h = fmix32(h ^ part.length);
    } else {
      // Split into two 32-bit halves so epoch minutes, ms and negative numbers hash well.
      const lo = part >>> 0;
      const hi = Math.floor(part / 0x1_0000_0000) >>> 0;
      h = fmix32(Math.imul(h ^ lo, 0xcc9e2d51) + 0x1b873593);
      h = fmix32(Math.imul(h ^ hi, 0x1b873593) + 0xe6546b64);
    }
  }
  return h;
}

/** `n` lowercase hex characters derived from the given parts (deterministic). */
export function hexId(chars: number, ...parts: Array<number | string>): string {
  let out = "";
  for (let k = 0; out.length < chars; k++) out += hash32(...parts, 0x51d, k).toString(16).padStart(8, "0");
  return out.slice(0, chars);
}

/** mulberry32: a small, fast, seedable PRNG with good enough statistics for traffic. */
export class Rng {
  private state: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator seeded by hash(parts). */
  static from(...parts: Array<number | string>): Rng {
    return new Rng(hash32(...parts));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Unsigned 32-bit integer. */
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1]![0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape σ (σ ≈ 0.5 moderate tail, ≥ 1 heavy tail). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    let u = 0;
    while (u === 0) u = this.next();
    return -mean * Math.log(u);
  }

  /** Poisson-distributed count (Knuth for small λ, normal approximation above). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda < 40) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
  }

  hex(chars: number): string {
    let out = "";
    while (out.length < chars) out += this.u32().toString(16).padStart(8, "0");
    return out.slice(0, chars);
  }
}

export function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}
