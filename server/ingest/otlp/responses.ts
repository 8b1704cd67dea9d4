import { encodeRpcStatusProto, encodeTraceResponseProto } from "./otlp-proto";

export type Encoding = "json" | "protobuf";

export const CONTENT_TYPES: Record<Encoding, string> = {
  json: "application/json",
  protobuf: "application/x-protobuf",
};

/** gRPC status codes carried in the google.rpc.Status body of OTLP/HTTP error responses. */
const RPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 413: 8, 415: 3, 429: 8, 500: 13, 503: 14 };

/** 200 ExportTraceServiceResponse: empty, or with partialSuccess when some spans were refused. */
export function exportResponse(encoding: Encoding, rejectedSpans: number, errorMessage: string): Response {
  const partial = rejectedSpans > 0 ? { rejectedSpans, errorMessage } : undefined;
  if (encoding === "protobuf") {
    return new Response(Buffer.from(encodeTraceResponseProto(partial)), {
      status: 200,
      headers: { "content-type": CONTENT_TYPES.protobuf },
    });
  }
  // OTLP/JSON writes int64 as a decimal string
  const body = partial ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {};
  return Response.json(body, { status: 200 });
}

/** An OTLP/HTTP error: google.rpc.Status in the request's encoding. */
export function errorResponse(encoding: Encoding, status: number, message: string, headers: Record<string, string> = {}): Response {
  const code = RPC_CODE[status] ?? 2;
  if (encoding === "protobuf") {
    return new Response(Buffer.from(encodeRpcStatusProto(code, message)), {
      status,
      headers: { "content-type": CONTENT_TYPES.protobuf, ...headers },
    });
  }
  return Response.json({ code, message }, { status, headers });
}
