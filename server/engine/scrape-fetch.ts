/** Fetches one /metrics page with a timeout and a size limit; every failure becomes a clear message. */

export type FetchPageResult = { ok: true; text: string } | { ok: false; error: string };

export interface FetchPageOptions {
  timeoutMs: number;
  maxBytes: number;
}

const ACCEPT = "text/plain;version=0.0.4;q=0.9,*/*;q=0.1";

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `timed out after ${timeoutMs / 1000} s`;
  const code = e?.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused (is the exporter running and the port right?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host name not found (DNS)";
  if (code === "ECONNRESET") return "connection reset by the target";
  if (e?.cause?.message === "bad port") return "port refused by fetch (on the WHATWG bad-port list); expose the exporter on another port";
  if (code) return `${code}: ${e.cause?.message ?? e.message ?? "request failed"}`;
  return e?.cause?.message ?? e?.message ?? String(err);
}

async function readLimited(res: Response, maxBytes: number, signal: AbortSignal): Promise<Uint8Array | null> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  const onAbort = () => reader.cancel().catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return null;
      }
      parts.push(value);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (signal.aborted) throw signal.reason ?? Object.assign(new Error("aborted"), { name: "TimeoutError" });
  return Buffer.concat(parts);
}

export function looksLikeHtml(contentType: string | null, text: string): boolean {
  if (/\btext\/html\b|\bapplication\/xhtml/i.test(contentType ?? "")) return true;
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(text.slice(0, 512));
}

export async function fetchMetricsPage(url: string, opts: FetchPageOptions): Promise<FetchPageResult> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await fetch(url, { headers: { accept: ACCEPT }, signal, redirect: "manual" });
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => {});
      return { ok: false, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""} from the target` };
    }
    const contentType = res.headers.get("content-type");
    const body = await readLimited(res, opts.maxBytes, signal);
    if (body === null) return { ok: false, error: `response larger than ${opts.maxBytes} bytes` };
    const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
    if (looksLikeHtml(contentType, text)) {
      return { ok: false, error: "the target answered HTML, not Prometheus text: is the URL its /metrics endpoint?" };
    }
    return { ok: true, text };
  } catch (err) {
    return { ok: false, error: describeFetchError(err, opts.timeoutMs) };
  }
}
