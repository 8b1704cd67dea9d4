import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { ingestAdmission } from "@/server/http/admission";
import { countBatchSpans, ingestRateLimiter, rateKeyOf, rateLimitMessage } from "@/server/http/rate-limit";
import { readBodyLimited } from "@/server/http/read-body";
import { INGEST_LIMITS } from "@/server/ingest/limits";
import { recordIngestAnswer } from "@/server/observability/self-metrics";

export const dynamic = "force-dynamic";

function handle(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    responseMeta({ errors }) {
      // overload and outages are retryable: tell clients when
      const retry = errors.some((e) => e.code === "SERVICE_UNAVAILABLE" || e.code === "TOO_MANY_REQUESTS");
      return retry ? { headers: new Headers({ "retry-after": "5" }) } : {};
    },
  });
}

async function POST(req: Request) {
  // ingest is admitted against the process's capacity; dashboard calls are not
  if (!new URL(req.url).pathname.endsWith("/ingest.batch")) return readAndHandle(req);
  const started = performance.now();
  const response = await ingestAdmission().run(req, (admitted) => readAndHandle(admitted, true));
  recordIngestAnswer("ingest_batch", response.status, (performance.now() - started) / 1000);
  return response;
}

async function readAndHandle(req: Request, ingest = false) {
  const body = await readBodyLimited(req, INGEST_LIMITS.maxBodyBytes);
  if (body === null) {
    const message = `request body larger than ${INGEST_LIMITS.maxBodyBytes} bytes; split the batch`;
    return Response.json(
      { error: { message, code: -32600, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } },
      { status: 413 },
    );
  }
  const forward = () => handle(new Request(req.url, { method: "POST", headers: req.headers, body }));
  // ingest: the key's rate limit (the key's bucket is the hash of its secret, as on the other ingest routes)
  const rateKey = ingest ? rateKeyOf(req) : null;
  if (!rateKey) return forward();
  const limiter = ingestRateLimiter();
  const spans = countBatchSpans(body);
  const decision = limiter.take(rateKey, spans);
  if (!decision.ok) {
    return Response.json(
      { error: { message: rateLimitMessage(limiter.limits, decision), code: -32029, data: { code: "TOO_MANY_REQUESTS", httpStatus: 429 } } },
      { status: 429, headers: { "retry-after": String(decision.retryAfterS) } },
    );
  }
  let response: Response | undefined;
  try {
    response = await forward();
    return response;
  } finally {
    if (!response?.ok) limiter.refund(rateKey, spans);
  }
}

export { handle as GET, POST };
