import { hashKey, keyFromAuthorization } from "@/server/auth/api-keys";
import { ingestKeyRateLimits } from "@/server/ingest/limits";

/**
 * Per-API-key ingest rate limits: two token buckets per key, one of requests and one of spans.
 * A request takes 1 request token and as many span tokens as it carries spans; when either bucket
 * lacks them it is refused whole (429, nothing written) with the seconds until both hold enough.
 *
 * Process-local by design: each Tailwatch process keeps its own buckets in memory (no database
 * round trip per request), so N processes behind a balancer admit up to N times the limit.
 */
export interface RateLimits {
  spansPerS: number;
  spansBurst: number;
  requestsPerS: number;
  requestsBurst: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterS: number; limit: "requests" | "spans" };

interface Bucket {
  requests: number;
  spans: number;
  /** When the tokens above were last brought up to date (ms of the limiter's clock). */
  at: number;
}

export function createRateLimiter(limits: RateLimits, opts: { now?: () => number; maxKeys?: number } = {}) {
  const now = opts.now ?? (() => performance.now());
  const maxKeys = opts.maxKeys ?? 10_000;
  // least recently used first: a key is moved to the end on every take
  const buckets = new Map<string, Bucket>();

  function refill(b: Bucket, t: number) {
    const dt = Math.max(0, t - b.at) / 1000;
    b.requests = Math.min(limits.requestsBurst, b.requests + dt * limits.requestsPerS);
    b.spans = Math.min(limits.spansBurst, b.spans + dt * limits.spansPerS);
    b.at = t;
  }
  const full = (b: Bucket) => b.requests >= limits.requestsBurst && b.spans >= limits.spansBurst;

  /** A full bucket is the same as no bucket: forget idle keys, and never keep more than maxKeys. */
  function sweep(t: number) {
    for (const [id, b] of buckets) {
      if (buckets.size <= maxKeys) {
        refill(b, t);
        if (!full(b)) break;
      }
      buckets.delete(id);
    }
  }

  return {
    limits,
    /** Takes 1 request and `spans` span tokens for `key`, or refuses and says when to retry. */
    take(key: string, spans: number): RateDecision {
      const t = now();
      sweep(t);
      let b = buckets.get(key);
      if (b) {
        buckets.delete(key);
        refill(b, t);
      } else {
        b = { requests: limits.requestsBurst, spans: limits.spansBurst, at: t };
      }
      buckets.set(key, b);
      // a batch larger than the burst is admitted from a full bucket, leaving a debt to wait out
      const needSpans = Math.min(Math.max(0, spans), limits.spansBurst);
      const waitRequests = b.requests >= 1 ? 0 : (1 - b.requests) / limits.requestsPerS;
      const waitSpans = b.spans >= needSpans ? 0 : (needSpans - b.spans) / limits.spansPerS;
      if (waitRequests > 0 || waitSpans > 0) {
        return {
          ok: false,
          retryAfterS: Math.max(1, Math.ceil(Math.max(waitRequests, waitSpans))),
          limit: waitSpans > waitRequests ? "spans" : "requests",
        };
      }
      b.requests -= 1;
      b.spans -= Math.max(0, spans);
      return { ok: true };
    },
    /** Gives back span tokens of a request that was not stored after all (refused later, failed). */
    refund(key: string, spans: number) {
      const b = buckets.get(key);
      if (!b || spans <= 0) return;
      refill(b, now());
      b.spans = Math.min(limits.spansBurst, b.spans + spans);
    },
    /** Keys with a bucket in memory. */
    size: () => buckets.size,
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** The refusal message of a rate-limited request. */
export function rateLimitMessage(limits: RateLimits, decision: Extract<RateDecision, { ok: false }>): string {
  const what =
    decision.limit === "spans"
      ? `${limits.spansPerS} spans/s (burst ${limits.spansBurst})`
      : `${limits.requestsPerS} requests/s (burst ${limits.requestsBurst})`;
  return `rate limit of this API key exceeded: at most ${what}; retry after ${decision.retryAfterS} s`;
}

/** The bucket of the key a request presents: the hash of its secret, the same on every ingest path. */
export function rateKeyOf(request: Request): string | null {
  const secret = keyFromAuthorization(request.headers.get("authorization"));
  return secret ? hashKey(secret) : null;
}

// One per process, like the admission; survives module duplication across bundles.
const key = Symbol.for("tailwatch.ingest-rate-limiter");
type WithLimiter = typeof globalThis & { [key]?: RateLimiter };

export function ingestRateLimiter(): RateLimiter {
  const g = globalThis as WithLimiter;
  return (g[key] ??= createRateLimiter(ingestKeyRateLimits()));
}

/** Replaces the process's limiter (tests lower the limits); returns a function that restores the previous one. */
export function useIngestRateLimiter(limiter: RateLimiter): () => void {
  const g = globalThis as WithLimiter;
  const previous = g[key];
  g[key] = limiter;
  return () => {
    if (previous) g[key] = previous;
    else delete g[key];
  };
}

// ── Counting spans before decoding ─────────────────────────────────────────────
// The limiter must know a request's spans before it is written; these count them in one pass over
// the bytes without building objects. A malformed body counts what it can (it is refused later).

const Q = 0x22;
const BACKSLASH = 0x5c;

/** Index of the quote closing the string that starts at `start` (its opening quote), or the end. */
function stringEnd(bytes: Uint8Array, start: number): number {
  const n = bytes.length;
  let i = start + 1;
  while (i < n) {
    const c = bytes[i]!;
    if (c === Q) return i;
    i += c === BACKSLASH ? 2 : 1;
  }
  return n;
}

const decoder = new TextDecoder();

function keyText(bytes: Uint8Array, start: number, end: number): string | null {
  if (end - start > 256) return null;
  const raw = decoder.decode(bytes.subarray(start + 1, end));
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
}

interface Frame {
  object: boolean;
  /** Path segments matched by this container's own path; the container is never -1 (skipped instead). */
  matched: number;
  expectKey: boolean;
  /** Path position of the value after the current key (-1: not on the path). */
  keyPos: number;
}

/**
 * The number of values at `path` in a JSON document, where "*" is any array element:
 * `["traces", "*", "spans", "*"]` counts the spans of an ingest batch. Linear, memory bounded by
 * the path's depth (subtrees off the path are skipped by counting brackets).
 */
export function countJsonValues(bytes: Uint8Array, path: readonly string[]): number {
  const stack: Frame[] = [];
  let count = 0;
  let rootSeen = false;
  let skip = 0; // depth inside a container that is off the path
  const n = bytes.length;

  function valueStart(): number {
    const top = stack[stack.length - 1];
    let pos: number;
    if (!top) {
      pos = rootSeen ? -1 : 0;
      rootSeen = true;
    } else if (top.object) {
      pos = top.keyPos;
      top.keyPos = -1;
    } else {
      pos = path[top.matched] === "*" ? top.matched + 1 : -1;
    }
    if (pos === path.length) {
      count++;
      return -1;
    }
    return pos;
  }

  let i = 0;
  while (i < n) {
    if (skip > 0) {
      // inside a value off the path: only strings and brackets matter
      while (i < n) {
        const c = bytes[i]!;
        if (c === Q) {
          i = stringEnd(bytes, i) + 1;
          continue;
        }
        i++;
        if (c === 0x7b || c === 0x5b) skip++;
        else if ((c === 0x7d || c === 0x5d) && --skip === 0) break;
      }
      continue;
    }
    const c = bytes[i]!;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
      i++;
    } else if (c === 0x3a /* : */) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = false;
      i++;
    } else if (c === 0x7d || c === 0x5d /* } ] */) {
      stack.pop();
      i++;
    } else if (c === Q) {
      const end = stringEnd(bytes, i);
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        top.keyPos = path[top.matched] !== undefined && keyText(bytes, i, end) === path[top.matched] ? top.matched + 1 : -1;
        top.expectKey = false;
      } else {
        valueStart();
      }
      i = end + 1;
    } else if (c === 0x7b || c === 0x5b /* { [ */) {
      const pos = valueStart();
      if (pos < 0) skip = 1;
      else stack.push({ object: c === 0x7b, matched: pos, expectKey: true, keyPos: -1 });
      i++;
    } else {
      // a number, true, false or null
      valueStart();
      i++;
      while (i < n) {
        const d = bytes[i]!;
        if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || d === 0x3a || d === Q || d === 0x7b || d === 0x5b) break;
        i++;
      }
    }
  }
  return count;
}

/** Reads a protobuf varint at `pos`; returns [value, next position] or null past `end`/malformed. */
function varint(bytes: Uint8Array, pos: number, end: number): [number, number] | null {
  let value = 0;
  let scale = 1;
  for (let k = 0; k < 10; k++) {
    if (pos >= end) return null;
    const b = bytes[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
  return null;
}

/** Calls `onField` for each length-delimited field `field` of the message in [start, end). */
function eachLenField(bytes: Uint8Array, start: number, end: number, field: number, onField: (s: number, e: number) => void) {
  let pos = start;
  while (pos < end) {
    const tag = varint(bytes, pos, end);
    if (!tag) return;
    pos = tag[1];
    const wire = tag[0] % 8;
    const no = Math.floor(tag[0] / 8);
    if (wire === 0) {
      const v = varint(bytes, pos, end);
      if (!v) return;
      pos = v[1];
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint(bytes, pos, end);
      if (!len) return;
      const s = len[1];
      const e = s + len[0];
      if (e > end) return;
      if (no === field) onField(s, e);
      pos = e;
    } else return; // groups and unknown wire types: the decoder refuses the body anyway
  }
}

/** Spans of an OTLP ExportTraceServiceRequest (JSON or protobuf), counted without decoding it. */
export function countOtlpSpans(bytes: Uint8Array, encoding: "json" | "protobuf"): number {
  if (encoding === "json") return countJsonValues(bytes, ["resourceSpans", "*", "scopeSpans", "*", "spans", "*"]);
  let count = 0;
  // resource_spans = 1 → scope_spans = 2 → spans = 2
  eachLenField(bytes, 0, bytes.length, 1, (rs, re) =>
    eachLenField(bytes, rs, re, 2, (ss, se) => eachLenField(bytes, ss, se, 2, () => count++)),
  );
  return count;
}

/** Spans of a tRPC `ingest.batch` body (`{ traces: [{ spans: [...] }] }`), counted without parsing it. */
export function countBatchSpans(bytes: Uint8Array): number {
  return countJsonValues(bytes, ["traces", "*", "spans", "*"]);
}
