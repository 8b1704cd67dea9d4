import "server-only";
import { isDatabaseUnavailable } from "@/db/errors";
import { promisify } from "node:util";
import { gunzip as gunzipCb } from "node:zlib";
import { authenticateKey, keyFromAuthorization } from "@/server/auth/api-keys";
import { readBodyLimited } from "@/server/http/read-body";
import { getRuntime } from "@/server/runtime";
import { ingestValidated, IngestRefusal } from "../ingest-batch";
import { INGEST_LIMITS } from "../limits";
import { decodeJsonBody, decodeProtobufBody } from "./decode";
import { mapTraceRequest, OtlpTooLarge } from "./map-request";
import { errorResponse, exportResponse, type Encoding } from "./responses";
import { OtlpDecodeError } from "./types";

const gunzip = promisify(gunzipCb);
const RETRY_AFTER_SECONDS = "5";

function encodingOf(contentType: string | null): Encoding | null {
  const media = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (media === "application/x-protobuf" || media === "application/protobuf") return "protobuf";
  if (media === "application/json") return "json";
  return null;
}

function tooLarge(encoding: Encoding) {
  return errorResponse(encoding, 413, `request body larger than ${INGEST_LIMITS.maxBodyBytes} bytes (after decompression); send smaller batches`);
}

async function decompress(body: Uint8Array, contentEncoding: string | null): Promise<Uint8Array | "too_large" | "unsupported"> {
  const enc = (contentEncoding ?? "").trim().toLowerCase();
  if (enc === "" || enc === "identity") return body;
  if (enc !== "gzip" && enc !== "x-gzip") return "unsupported";
  try {
    return await gunzip(body, { maxOutputLength: INGEST_LIMITS.maxBodyBytes });
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) return "too_large";
    throw new OtlpDecodeError(`body is not valid gzip: ${(err as Error).message}`);
  }
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
    if (body === "too_large") return tooLarge(encoding);
    if (body === "unsupported") return errorResponse(encoding, 415, "unsupported Content-Encoding: send gzip or none");

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
