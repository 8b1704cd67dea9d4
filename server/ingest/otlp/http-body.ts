import { promisify } from "node:util";
import { gunzip as gunzipCb } from "node:zlib";
import { INGEST_LIMITS } from "../limits";
import type { Encoding } from "./responses";

const gunzip = promisify(gunzipCb);

/** OTLP/HTTP body encoding from Content-Type; null for anything else (answer 415). */
export function encodingOf(contentType: string | null): Encoding | null {
  const media = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (media === "application/x-protobuf" || media === "application/protobuf") return "protobuf";
  if (media === "application/json") return "json";
  return null;
}

export type Decompressed = Uint8Array | { refused: "too_large" } | { refused: "unsupported" } | { refused: "invalid"; message: string };

/** Undoes Content-Encoding (none or gzip), never past `maxBytes` (the body limit). Shared by the OTLP trace and metrics receivers. */
export async function decompress(
  body: Uint8Array,
  contentEncoding: string | null,
  maxBytes: number = INGEST_LIMITS.maxBodyBytes,
): Promise<Decompressed> {
  const enc = (contentEncoding ?? "").trim().toLowerCase();
  if (enc === "" || enc === "identity") return body;
  if (enc !== "gzip" && enc !== "x-gzip") return { refused: "unsupported" };
  try {
    return await gunzip(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) return { refused: "too_large" };
    return { refused: "invalid", message: (err as Error).message };
  }
}
