import "server-only";
import { isDatabaseUnavailable } from "@/db/errors";
import { authenticateKey, keyFromAuthorization } from "@/server/auth/api-keys";
import { readBodyLimited } from "@/server/http/read-body";
import { getRuntime } from "@/server/runtime";
import { ingestValidated, IngestRefusal } from "../ingest-batch";
import { INGEST_LIMITS } from "../limits";
import { decodeJsonBody, decodeProtobufBody } from "./decode";
import { mapTraceRequest, OtlpTooLarge } from "./map-request";
import { decompress, encodingOf } from "./http-body";
import { errorResponse, exportResponse, type Encoding } from "./responses";
import { OtlpDecodeError } from "./types";

const RETRY_AFTER_SECONDS = "5";

function tooLarge(encoding: Encoding) {
  return errorResponse(encoding, 413, `request body larger than ${INGEST_LIMITS.maxBodyBytes} bytes (after decompression); send smaller batches`);
}

/**
 * `POST /api/otel/v1/traces`: OTLP/HTTP trace export (protobuf or JSON, optionally gzip),
 * authenticated with a project API key. Spans that fail validation are refused one by one and
 * reported in `partialSuccess`; the rest are written in one transaction.
 */
export async function handleTraceExport(req: Request): Promise<Response> {
  const encoding = encodingOf(req.headers.get("content-type"));
  if (!encoding) {
    return errorResponse("json", 415, "unsupported Content-Type: send application/x-protobuf or application/json");
  }
  const secret = keyFromAuthorization(req.headers.get("authorization"));
  if (!secret) return errorResponse(encoding, 401, "missing API key: send Authorization: Bearer <key>");

  const unavailable = () =>
    errorResponse(encoding, 503, "database unavailable; retry later", { "retry-after": RETRY_AFTER_SECONDS });
  try {
    const runtime = await getRuntime().catch((err) => {
      console.error("[otlp] runtime unavailable:", (err as Error).message);
      return null;
    });
    if (!runtime) return unavailable();
    const db = runtime.handle.db;
    const key = await authenticateKey(db, secret);
    if (!key) return errorResponse(encoding, 401, "unknown or revoked API key");

    const raw = await readBodyLimited(req, INGEST_LIMITS.maxBodyBytes);
    if (raw === null) return tooLarge(encoding);
    const body = await decompress(raw, req.headers.get("content-encoding"));
    if ("refused" in body) {
      if (body.refused === "too_large") return tooLarge(encoding);
      if (body.refused === "unsupported") return errorResponse(encoding, 415, "unsupported Content-Encoding: send gzip or none");
      throw new OtlpDecodeError(`body is not valid gzip: ${body.message}`);
    }

    const decoded = encoding === "protobuf" ? decodeProtobufBody(body) : decodeJsonBody(body);
    const mapped = mapTraceRequest(decoded);
    if (mapped.batch.traces.length > 0) await ingestValidated(db, key.projectId, mapped.batch);
    return exportResponse(encoding, mapped.rejectedSpans, mapped.errorMessage);
  } catch (err) {
    if (err instanceof OtlpDecodeError) return errorResponse(encoding, 400, err.message);
    if (err instanceof OtlpTooLarge) return errorResponse(encoding, 413, err.message);
    if (err instanceof IngestRefusal) return errorResponse(encoding, err.kind === "too_large" ? 413 : 400, err.message);
    if (isDatabaseUnavailable(err)) return unavailable();
    console.error("[otlp] trace export failed:", err);
    return errorResponse(encoding, 500, "internal error; see the server log");
  }
}
