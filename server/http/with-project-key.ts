import "server-only";
import { isDatabaseUnavailable } from "@/db/errors";
import { authenticateKey, hashKey, keyAllows, keyFromAuthorization, scopeRefusal, type AuthenticatedKey, type KeyScope } from "@/server/auth/api-keys";
import { IngestRefusal } from "@/server/ingest/ingest-batch";
import { decompress } from "@/server/ingest/otlp/http-body";
import { recordIngestAnswer, type IngestRoute } from "@/server/observability/self-metrics";
import { getRuntime, type Runtime } from "@/server/runtime";
import { ingestAdmission } from "./admission";
import { countOtlpSpans, ingestRateLimiter, rateLimitMessage } from "./rate-limit";
import { readBodyLimited } from "./read-body";

/** Builds a refusal in the route's own error format. */
export type Refuse = (status: number, message: string, headers?: Record<string, string>) => Response;

export interface KeyedRequest<F, Q> {
  runtime: Runtime;
  projectId: string;
  key: AuthenticatedKey;
  request: Request;
  /** The body, read within the route's limit (and un-gzipped where the route accepts gzip). */
  body: Uint8Array;
  /** What `format` chose from the headers (OTLP: the encoding). */
  format: F;
  /** What `query` read from the URL. */
  query: Q;
  refuse: Refuse;
}

export interface KeyedRoute<F, Q> {
  /** The `route` label of tailwatch_ingest_* metrics; also the log prefix. */
  route: IngestRoute;
  /** What the key must allow (default "ingest": ingest and read keys both pass). */
  scope?: KeyScope;
  /** First, before the key: the answer format from the headers, or a refusal (OTLP: 415). */
  format(request: Request): F | Response;
  /** Refusals in that format. */
  refuse(format: F): Refuse;
  /** Once a key is present, before the database: what the handler needs from the URL, or a refusal. */
  query?(request: Request, refuse: Refuse): Q | Response;
  body: {
    maxBytes: number;
    /** Message of the 413 when the body (or, with gzip, its decompressed form) is larger. */
    tooLarge: string;
    /** Accept Content-Encoding gzip; the message of the 400 when it is not valid gzip. */
    gzip?: { invalid(detail: string): string };
  };
  /** Route-specific errors thrown by the handler (decode errors…) as answers; null for the common mapping. */
  refusal?(err: unknown, refuse: Refuse): Response | null;
}

const RETRY_AFTER_SECONDS = "5";

/**
 * An ingest endpoint authenticated with a project API key: admission (429 past capacity), the
 * answer format, the key (401, 403 for a scope that does not allow it), the database (503 +
 * Retry-After), the body within its limit (413; gzip, 415 for other encodings), the key's rate
 * limit (429 + Retry-After; OTLP traces count their spans), and the common
 * error mapping (IngestRefusal → 400/413, database down → 503, anything else → 500 without
 * internals). The handler sees only an authenticated project and its body.
 */
export function withProjectKey<F, Q = undefined>(
  route: KeyedRoute<F, Q>,
  handler: (req: KeyedRequest<F, Q>) => Promise<Response>,
): (request: Request) => Promise<Response> {
  const needed = route.scope ?? "ingest";

  async function answer(request: Request): Promise<Response> {
    const format = route.format(request);
    if (format instanceof Response) return format;
    const refuse = route.refuse(format);
    const secret = keyFromAuthorization(request.headers.get("authorization"));
    if (!secret) return refuse(401, "missing API key: send Authorization: Bearer <key>");
    const query = route.query ? route.query(request, refuse) : (undefined as Q);
    if (query instanceof Response) return query;

    const unavailable = () => refuse(503, "database unavailable; retry later", { "retry-after": RETRY_AFTER_SECONDS });
    try {
      const runtime = await getRuntime().catch((err) => {
        console.error(`[${route.route}] runtime unavailable:`, (err as Error).message);
        return null;
      });
      if (!runtime) return unavailable();
      const key = await authenticateKey(runtime.handle.db, secret);
      if (!key) return refuse(401, "unknown or revoked API key");
      if (!keyAllows(key.scope, needed)) return refuse(403, scopeRefusal(key.scope, needed));

      const raw = await readBodyLimited(request, route.body.maxBytes);
      if (raw === null) return refuse(413, route.body.tooLarge);
      let body: Uint8Array = raw;
      if (route.body.gzip) {
        const plain = await decompress(raw, request.headers.get("content-encoding"), route.body.maxBytes);
        if ("refused" in plain) {
          if (plain.refused === "too_large") return refuse(413, route.body.tooLarge);
          if (plain.refused === "unsupported") return refuse(415, "unsupported Content-Encoding: send gzip or none");
          return refuse(400, route.body.gzip.invalid(plain.message));
        }
        body = plain;
      }
      // the key's rate limit (its bucket: the hash of the secret, as on ingest.batch), charged
      // before anything is written and given back when nothing is
      const limiter = ingestRateLimiter();
      const rateKey = hashKey(secret);
      const spans = route.route === "otlp_traces" ? countOtlpSpans(body, format === "protobuf" ? "protobuf" : "json") : 0;
      const decision = limiter.take(rateKey, spans);
      if (!decision.ok) return refuse(429, rateLimitMessage(limiter.limits, decision), { "retry-after": String(decision.retryAfterS) });
      let response: Response | undefined;
      try {
        response = await handler({ runtime, projectId: key.projectId, key, request, body, format, query, refuse });
        return response;
      } finally {
        if (!response?.ok) limiter.refund(rateKey, spans);
      }
    } catch (err) {
      const own = route.refusal?.(err, refuse);
      if (own) return own;
      if (err instanceof IngestRefusal) return refuse(err.kind === "too_large" ? 413 : 400, err.message);
      if (isDatabaseUnavailable(err)) return unavailable();
      console.error(`[${route.route}] request failed:`, err);
      return refuse(500, "internal error; see the server log");
    }
  }

  return async (request) => {
    const started = performance.now();
    const response = await ingestAdmission().run(request, answer);
    recordIngestAnswer(route.route, response.status, (performance.now() - started) / 1000);
    return response;
  };
}
