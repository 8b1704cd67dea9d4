import "server-only";
import { withProjectKey } from "@/server/http/with-project-key";
import { recordIngestedSpans, recordRejectedSpans } from "@/server/observability/self-metrics";
import { ingestValidated } from "../ingest-batch";
import { INGEST_LIMITS } from "../limits";
import { decodeJsonBody, decodeProtobufBody } from "./decode";
import { encodingOf } from "./http-body";
import { mapTraceRequest, OtlpTooLarge } from "./map-request";
import { errorResponse, exportResponse, type Encoding } from "./responses";
import { OtlpDecodeError } from "./types";

/**
 * `POST /api/otel/v1/traces`: OTLP/HTTP trace export (protobuf or JSON, optionally gzip),
 * authenticated with a project API key. Spans that fail validation are refused one by one and
 * reported in `partialSuccess`; the rest are written in one transaction.
 */
export const handleTraceExport = withProjectKey<Encoding>(
  {
    route: "otlp_traces",
    format: (req) =>
      encodingOf(req.headers.get("content-type")) ??
      errorResponse("json", 415, "unsupported Content-Type: send application/x-protobuf or application/json"),
    refuse: (encoding) => (status, message, headers) => errorResponse(encoding, status, message, headers),
    body: {
      maxBytes: INGEST_LIMITS.maxBodyBytes,
      tooLarge: `request body larger than ${INGEST_LIMITS.maxBodyBytes} bytes (after decompression); send smaller batches`,
      gzip: { invalid: (detail) => `body is not valid gzip: ${detail}` },
    },
    refusal(err, refuse) {
      if (err instanceof OtlpDecodeError) return refuse(400, err.message);
      if (err instanceof OtlpTooLarge) return refuse(413, err.message);
      return null;
    },
  },
  async ({ runtime, projectId, body, format: encoding }) => {
    const decoded = encoding === "protobuf" ? decodeProtobufBody(body) : decodeJsonBody(body);
    const mapped = mapTraceRequest(decoded);
    if (mapped.batch.traces.length > 0) {
      const written = await ingestValidated(runtime.handle.db, projectId, mapped.batch);
      recordIngestedSpans("otlp_traces", written.spans);
    }
    recordRejectedSpans("otlp_traces", mapped.rejectedSpans);
    return exportResponse(encoding, mapped.rejectedSpans, mapped.errorMessage);
  },
);
