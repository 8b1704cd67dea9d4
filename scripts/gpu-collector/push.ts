import type { WireEngineSample } from "./parse-csv";

/** The server refused the key: retrying cannot help, stop the collector. */
export class FatalPushError extends Error {}
/** The server refused this batch (400, 413 …): drop it and go on. */
export class BatchRefusedError extends Error {}

export interface PushOptions {
  url: string;
  key: string;
  /** Attempts per batch for 429/503/network failures. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt (a Retry-After header wins). */
  retryBaseMs?: number;
  log?: (message: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * Sends one batch to `POST {url}/api/trpc/ingest.batch`. Retries 429/502/503/504 and network
 * errors with exponential backoff; throws FatalPushError for a refused key, Error otherwise.
 */
export async function pushSamples(samples: WireEngineSample[], opts: PushOptions): Promise<number> {
  const endpoint = `${opts.url.replace(/\/+$/, "")}/api/trpc/ingest.batch`;
  const maxAttempts = opts.maxAttempts ?? 5;
  const base = opts.retryBaseMs ?? 1000;
  const body = JSON.stringify({ engineSamples: samples });
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs: number | null = null;
    let problem: string;
    try {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.key}` },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.ok) {
        const written = (JSON.parse(text) as { result?: { data?: { engineSamples?: number } } }).result?.data?.engineSamples;
        return written ?? samples.length;
      }
      const message = messageOf(text) ?? res.statusText;
      if (res.status === 401 || res.status === 403) throw new FatalPushError(`the server refused the API key (${res.status}): ${message}`);
      if (!RETRYABLE.has(res.status)) throw new BatchRefusedError(`the server refused the batch (${res.status}): ${message}`);
      const header = Number(res.headers.get("retry-after"));
      if (res.headers.has("retry-after") && Number.isFinite(header)) retryAfterMs = Math.min(header * 1000, 60_000);
      problem = `HTTP ${res.status}: ${message}`;
    } catch (err) {
      if (err instanceof FatalPushError || err instanceof BatchRefusedError) throw err;
      problem = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    }
    if (attempt >= maxAttempts) throw new Error(`giving up after ${attempt} attempts: ${problem}`);
    const delay = retryAfterMs ?? Math.min(base * 2 ** (attempt - 1), 30_000);
    opts.log?.(`push failed (${problem}); retrying in ${delay} ms`);
    await sleep(delay);
  }
}

function messageOf(text: string): string | null {
  try {
    const j = JSON.parse(text) as { error?: { message?: string } | string };
    return typeof j.error === "string" ? j.error : (j.error?.message ?? null);
  } catch {
    return text.slice(0, 200) || null;
  }
}
