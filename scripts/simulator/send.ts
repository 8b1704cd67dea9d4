/**
 * Sends batches to Tailwatch's ingest API (`POST /api/trpc/ingest.batch`), retrying
 * 429/502/503/504 and network errors with exponential backoff + jitter (honouring Retry-After).
 * A refusal (400/401/413/…) is fatal: the server's message is surfaced and the run stops.
 */
import type { WireBatch } from "./types";

export interface SenderOptions {
  url: string;
  key: string;
  /** Retries of one batch before giving up (default 10). */
  maxRetries?: number;
  /** Per-request timeout (default 120 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SendResult {
  traces: number;
  spans: number;
  engineSamples: number;
}

/** The server refused the batch or could not be reached after all retries; the run must stop. */
export class FatalSendError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
  }
}

const RETRYABLE = new Set([408, 429, 502, 503, 504]);
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

/** Seconds or an HTTP date; null when absent or unparsable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}

/** Full-jitter exponential backoff: between 50 % and 100 % of min(cap, base · 2^n). */
export function backoffMs(retry: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  return ceiling * (0.5 + Math.random() * 0.5);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function errorMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown; json?: { message?: unknown } } };
    const msg = json.error?.message ?? json.error?.json?.message;
    if (typeof msg === "string" && msg) return msg;
  } catch {
    // not JSON
  }
  return body.slice(0, 500) || "(empty response)";
}

export function ingestEndpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/api/trpc/ingest.batch`;
}

export function createSender(opts: SenderOptions) {
  const endpoint = ingestEndpoint(opts.url);
  const maxRetries = opts.maxRetries ?? 10;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const log = opts.log ?? ((line: string) => console.error(line));

  /** Sends one batch; resolves with the server's counts, throws FatalSendError on refusal. */
  async function send(batch: WireBatch, signal?: AbortSignal): Promise<SendResult> {
    const body = JSON.stringify(batch);
    for (let retry = 0; ; retry++) {
      let status: number | null = null;
      let problem: string;
      let waitMs: number | null = null;
      try {
        const res = await fetch(endpoint, {
          method: "POST",
          headers: { Authorization: `Bearer ${opts.key}`, "Content-Type": "application/json" },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        const text = await res.text();
        if (res.ok) {
          try {
            const json = JSON.parse(text) as { result?: { data?: Partial<SendResult> | { json?: Partial<SendResult> } } };
            const data = (json.result?.data ?? {}) as Partial<SendResult> & { json?: Partial<SendResult> };
            const counts = data.json ?? data;
            return {
              traces: counts.traces ?? batch.traces.length,
              spans: counts.spans ?? batch.traces.reduce((n, t) => n + t.spans.length, 0),
              engineSamples: counts.engineSamples ?? batch.engineSamples.length,
            };
          } catch {
            throw new FatalSendError(`unexpected response from ${endpoint}: ${text.slice(0, 200)}`, status);
          }
        }
        problem = `HTTP ${res.status}: ${errorMessage(text)}`;
        if (!RETRYABLE.has(res.status)) {
          const hint =
            res.status === 401 ? " (check --key)" : res.status === 404 ? " (check --url: is Tailwatch running there?)" : "";
          throw new FatalSendError(`${problem}${hint}`, res.status);
        }
        waitMs = parseRetryAfter(res.headers.get("retry-after"));
      } catch (err) {
        if (err instanceof FatalSendError) throw err;
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        problem = `${(err as Error).name === "TimeoutError" ? "request timed out" : (err as Error).message}${cause ? ` (${cause})` : ""}`;
      }
      if (signal?.aborted) throw new FatalSendError(`interrupted while retrying: ${problem}`, status);
      if (retry >= maxRetries) throw new FatalSendError(`giving up after ${retry + 1} attempts: ${problem}`, status);
      // The server's Retry-After wins (plus a little jitter so parallel senders spread out).
      const delay = waitMs != null ? waitMs + Math.random() * Math.min(1_000, 100 + waitMs * 0.1) : backoffMs(retry);
      log(`[simulate] ${problem}; retrying in ${(delay / 1000).toFixed(1)} s (retry ${retry + 1}/${maxRetries})`);
      await sleep(delay, signal);
    }
  }

  return { send, endpoint };
}
