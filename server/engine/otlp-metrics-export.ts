import "server-only";
import { promisify } from "node:util";
import { gunzip as gunzipCb } from "node:zlib";
import { isDatabaseUnavailable } from "@/db/errors";
import { authenticateKey, keyFromAuthorization } from "@/server/auth/api-keys";
import { readBodyLimited } from "@/server/http/read-body";
import { INGEST_LIMITS } from "@/server/ingest/limits";
import { getRuntime } from "@/server/runtime";
import { ingestEngineSamples } from "./ingest-samples";
import { mapOtlpMetrics, OtlpMetricsError } from "./otlp-metrics";

const gunzip = promisify(gunzipCb);

/** OTLP/HTTP error body: google.rpc.Status as JSON. */
const status = (http: number, code: number, message: string, headers?: Record<string, string>) =>
  Response.json({ code, message }, { status: http, headers });

/**
 * `POST /api/otel/v1/metrics`: OTLP/HTTP JSON metrics (optionally gzip) with a project API key.
 * Protobuf is not accepted yet (415): set `OTEL_EXPORTER_OTLP_METRICS_PROTOCOL=http/json`.
 */
export async function handleMetricsExport(req: Request): Promise<Response> {
  const media = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (media !== "application/json") {
    return status(415, 3, "only OTLP/JSON metrics are accepted: send Content-Type: application/json (OTEL_EXPORTER_OTLP_METRICS_PROTOCOL=http/json)");
  }
  const secret = keyFromAuthorization(req.headers.get("authorization"));
  if (!secret) return status(401, 16, "missing API key: send Authorization: Bearer <key>");
  const unavailable = () => status(503, 14, "database unavailable; retry later", { "retry-after": "5" });
  try {
    const runtime = await getRuntime().catch(() => null);
    if (!runtime) return unavailable();
    const key = await authenticateKey(runtime.handle.db, secret);
    if (!key) return status(401, 16, "unknown or revoked API key");

    const tooLarge = () => status(413, 8, `request body larger than ${INGEST_LIMITS.maxBodyBytes} bytes (after decompression)`);
    let body: Uint8Array | null = await readBodyLimited(req, INGEST_LIMITS.maxBodyBytes);
    if (body === null) return tooLarge();
    const encoding = (req.headers.get("content-encoding") ?? "").trim().toLowerCase();
    if (encoding === "gzip") {
      try {
        body = await gunzip(body, { maxOutputLength: INGEST_LIMITS.maxBodyBytes });
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return tooLarge();
        return status(400, 3, "body is not valid gzip");
      }
    } else if (encoding !== "" && encoding !== "identity") {
      return status(415, 3, "unsupported Content-Encoding: send gzip or none");
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(body));
    } catch {
      return status(400, 3, "body is not valid JSON");
    }
    const mapped = mapOtlpMetrics(json, { now: Date.now(), defaultHost: "otlp" });
    const { rejected } = await ingestEngineSamples(runtime.handle.db, key.projectId, mapped.samples);
    const rejectedDataPoints = mapped.rejectedDataPoints + rejected.length;
    if (rejectedDataPoints === 0) return Response.json({});
    const errorMessage = [...mapped.errors, ...rejected.map((r) => `${r.host}: ${r.reason}`)].slice(0, 5).join("; ");
    return Response.json({ partialSuccess: { rejectedDataPoints: String(rejectedDataPoints), errorMessage } });
  } catch (err) {
    if (err instanceof OtlpMetricsError) return status(400, 3, err.message);
    if (isDatabaseUnavailable(err)) return unavailable();
    console.error("[otlp] metrics export failed:", err);
    return status(500, 13, "internal error; see the server log");
  }
}
