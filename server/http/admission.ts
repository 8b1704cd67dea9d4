import { positiveInt } from "@/server/ingest/limits";

/**
 * Ingest admission: bounded concurrency and bounded bytes in flight per process. Past capacity a
 * request is answered at once with 429 and Retry-After (OTLP clients and the simulator retry),
 * instead of queueing without limit under the very bursts Tailwatch is meant to observe.
 */
export function createAdmission(opts: { maxInFlight: number; maxBytes: number; retryAfterS?: number }) {
  let inFlight = 0;
  let bytes = 0;
  let rejected = 0;
  return {
    stats: () => ({ inFlight, bytes, rejected }),
    async run(req: Request, handle: (req: Request) => Promise<Response>): Promise<Response> {
      const declared = Number(req.headers.get("content-length"));
      // a body of unknown size is counted as 1 MiB until it is read
      const cost = Number.isFinite(declared) && declared > 0 ? declared : 1024 * 1024;
      if (inFlight >= opts.maxInFlight || (inFlight > 0 && bytes + cost > opts.maxBytes)) {
        rejected++;
        return Response.json(
          { error: { message: "ingest is at capacity; retry after the indicated delay", code: "TOO_MANY_REQUESTS" } },
          { status: 429, headers: { "retry-after": String(opts.retryAfterS ?? 1) } },
        );
      }
      inFlight++;
      bytes += cost;
      try {
        return await handle(req);
      } finally {
        inFlight--;
        bytes -= cost;
      }
    },
  };
}

// One per process (it bounds this process's memory); survives module duplication across bundles.
const key = Symbol.for("tailwatch.admission");
type WithAdmission = typeof globalThis & { [key]?: ReturnType<typeof createAdmission> };

export function ingestAdmission() {
  const g = globalThis as WithAdmission;
  return (g[key] ??= createAdmission({
    maxInFlight: positiveInt(process.env.TAILWATCH_INGEST_CONCURRENCY, 16),
    maxBytes: positiveInt(process.env.TAILWATCH_INGEST_MAX_BYTES_IN_FLIGHT, 128 * 1024 * 1024),
  }));
}

/** Replaces the process's admission (tests lower its limits); returns a function that restores the previous one. */
export function useIngestAdmission(admission: ReturnType<typeof createAdmission>): () => void {
  const g = globalThis as WithAdmission;
  const previous = g[key];
  g[key] = admission;
  return () => {
    if (previous) g[key] = previous;
    else delete g[key];
  };
}
