import "server-only";
import { withProjectKey } from "@/server/http/with-project-key";
import { INGEST_LIMITS } from "@/server/ingest/limits";
import { encodingOf } from "@/server/ingest/otlp/http-body";
import { pgSafeDeep } from "@/server/ingest/pg-text";
import { CONTENT_TYPES, errorResponse, type Encoding } from "@/server/ingest/otlp/responses";
import { ingestEngineData } from "./ingest-samples";
import { ENGINE_LIMITS } from "./limits";
import { finalizePoints } from "./metric-series";
import { mapOtlpMetrics, OtlpMetricsError } from "./otlp-metrics";
import { decodeMetricsRequestProto, encodeMetricsResponseProto } from "./otlp-metrics-proto";

/** 200 ExportMetricsServiceResponse in the request's encoding, with partialSuccess when points were refused. */
function exportResponse(encoding: Encoding, rejectedDataPoints: number, errorMessage: string): Response {
  const partial = rejectedDataPoints > 0 ? { rejectedDataPoints, errorMessage } : undefined;
  if (encoding === "protobuf") {
    return new Response(Buffer.from(encodeMetricsResponseProto(partial)), {
      status: 200,
      headers: { "content-type": CONTENT_TYPES.protobuf },
    });
  }
  // OTLP/JSON writes int64 as a decimal string
  return Response.json(partial ? { partialSuccess: { rejectedDataPoints: String(rejectedDataPoints), errorMessage } } : {});
}

/** The parsed request, its strings made storable (JSON may carry NUL and lone surrogates). */
function decodeBody(encoding: Encoding, body: Uint8Array): unknown {
  return pgSafeDeep(parseBody(encoding, body));
}

function parseBody(encoding: Encoding, body: Uint8Array): unknown {
  if (encoding === "protobuf") {
    try {
      return decodeMetricsRequestProto(body);
    } catch (err) {
      throw new OtlpMetricsError(`body is not a valid ExportMetricsServiceRequest protobuf: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new OtlpMetricsError("body is not valid JSON");
  }
}

/**
 * `POST /api/otel/v1/metrics`: OTLP/HTTP metrics, protobuf or JSON (optionally gzip), with a
 * project API key; answered in the request's encoding. GPU gauges become engine samples; every
 * data point is stored by name in metric_points (up to ENGINE_LIMITS.maxMetricSeries series per
 * request). Refused points are reported in partialSuccess.rejectedDataPoints.
 */
export const handleMetricsExport = withProjectKey<Encoding>(
  {
    route: "otlp_metrics",
    format: (req) =>
      encodingOf(req.headers.get("content-type")) ??
      errorResponse("json", 415, "unsupported Content-Type: send application/x-protobuf or application/json"),
    refuse: (encoding) => (status, message, headers) => errorResponse(encoding, status, message, headers),
    body: {
      maxBytes: INGEST_LIMITS.maxBodyBytes,
      tooLarge: `request body larger than ${INGEST_LIMITS.maxBodyBytes} bytes (after decompression)`,
      gzip: { invalid: () => "body is not valid gzip" },
    },
    refusal: (err, refuse) => (err instanceof OtlpMetricsError ? refuse(400, err.message) : null),
  },
  async ({ runtime, projectId, body, format: encoding }) => {
    const now = Date.now();
    const mapped = mapOtlpMetrics(decodeBody(encoding, body), { now, defaultHost: "otlp" });
    const points = finalizePoints(mapped.points, { now, maxSeries: ENGINE_LIMITS.maxMetricSeries });
    const stored = await ingestEngineData(runtime.handle.db, projectId, mapped.samples, points.points);
    const rejected = mapped.rejectedDataPoints + stored.rejected.length + points.refused.length + points.pointsOverLimit;
    if (rejected === 0) return exportResponse(encoding, 0, "");
    const messages = [
      ...(points.seriesOverLimit > 0
        ? [`${points.pointsOverLimit} data points of ${points.seriesOverLimit} series over the limit of ${ENGINE_LIMITS.maxMetricSeries} series per request`]
        : []),
      ...mapped.errors,
      ...stored.rejected.map((r) => `${r.host}: ${r.reason}`),
      ...points.refused.map((r) => `${r.name}: ${r.reason}`),
    ];
    return exportResponse(encoding, rejected, messages.slice(0, 5).join("; "));
  },
);
