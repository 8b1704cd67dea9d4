import protobuf from "protobufjs";
import { OTLP_METRICS_PROTO, OTLP_TRACE_PROTO } from "@/server/ingest/otlp/otlp-proto";

/**
 * OTLP metrics protobuf, decoded and encoded by protobufjs from the messages in otlp-proto.ts
 * (parsed into one root with the common messages they share with traces).
 */
let types: { request: protobuf.Type; response: protobuf.Type } | null = null;

function load() {
  if (!types) {
    const root = new protobuf.Root();
    protobuf.parse(OTLP_TRACE_PROTO, root, { keepCase: false });
    protobuf.parse(OTLP_METRICS_PROTO, root, { keepCase: false });
    root.resolveAll();
    types = {
      request: root.lookupType("opentelemetry.proto.ExportMetricsServiceRequest"),
      response: root.lookupType("opentelemetry.proto.ExportMetricsServiceResponse"),
    };
  }
  return types;
}

/**
 * Decodes an ExportMetricsServiceRequest into the OTLP/JSON object shape: lowerCamelCase keys,
 * only the fields present on the wire, 64-bit integers as decimal strings, enums as numbers,
 * bytes as base64. Throws on malformed protobuf.
 */
export function decodeMetricsRequestProto(bytes: Uint8Array): Record<string, unknown> {
  const { request } = load();
  const message = request.decode(bytes);
  return request.toObject(message, { longs: String, bytes: String, defaults: false, arrays: false, objects: false });
}

export function encodeMetricsResponseProto(partial?: { rejectedDataPoints: number; errorMessage: string }): Uint8Array {
  const { response } = load();
  return response.encode(response.fromObject(partial ? { partialSuccess: partial } : {})).finish();
}

/** Test helper: encodes a request given in the OTLP/JSON object shape. */
export function encodeMetricsRequestProto(request: Record<string, unknown>): Uint8Array {
  const { request: type } = load();
  return type.encode(type.fromObject(request)).finish();
}

/** Test helper: decodes an ExportMetricsServiceResponse. */
export function decodeMetricsResponseProto(bytes: Uint8Array): Record<string, unknown> {
  const { response } = load();
  return response.toObject(response.decode(bytes), { longs: String, defaults: false });
}
