/** A positive integer from the environment, or the default: a typo must never switch a limit off. */
export function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) {
    console.error(`[config] ignoring invalid limit ${JSON.stringify(raw)}; using ${fallback}`);
    return fallback;
  }
  return n;
}

/** Ingest limits; a request over any of them is refused whole with 413. */
export const INGEST_LIMITS = {
  maxBodyBytes: positiveInt(process.env.TAILWATCH_MAX_BODY_BYTES, 16 * 1024 * 1024),
  maxTraces: 5_000,
  maxSpans: 50_000,
  maxSpansPerTrace: 10_000,
  maxEngineSamples: 20_000,
  maxIdLength: 256,
  maxNameLength: 1_024,
  maxTextLength: 1_000_000,
  maxAttributesBytes: 64 * 1024,
  /** Objects and arrays inside attributes, counting the attributes object itself. */
  maxAttributesDepth: 32,
  /** Accepted clock range: nothing before 2000, nothing more than a day ahead of the server. */
  minTimeMs: Date.UTC(2000, 0, 1),
  maxFutureMs: 24 * 3600 * 1000,
} as const;

/**
 * Per-API-key ingest rate limits (token buckets, per process): far above what the demo simulator
 * and the benchmarks send, low enough that one runaway exporter cannot take the whole process.
 */
export function ingestKeyRateLimits() {
  return {
    spansPerS: positiveInt(process.env.TAILWATCH_KEY_SPANS_PER_SECOND, 50_000),
    spansBurst: positiveInt(process.env.TAILWATCH_KEY_SPANS_BURST, 500_000),
    requestsPerS: positiveInt(process.env.TAILWATCH_KEY_REQUESTS_PER_SECOND, 1_000),
    requestsBurst: positiveInt(process.env.TAILWATCH_KEY_REQUESTS_BURST, 5_000),
  };
}
