import { decodeAttributes, decodeId, nanosDiffMs, nanosToMs, type Flavor } from "./any-value";
import { decodeTraceRequestProto } from "./otlp-proto";
import { OtlpDecodeError, type DecodedTraceRequest, type OtlpEvent, type OtlpSpan } from "./types";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_NAMES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

/** Enums are integers in OTLP/JSON; the proto3 JSON names are accepted too. */
function enumValue(v: unknown, names: Record<string, number>): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") return /^\d+$/.test(v) ? Number(v) : (names[v] ?? 0);
  return 0;
}

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${where} must be an array`);
  return v;
}

function decodeEvent(e: unknown, flavor: Flavor): OtlpEvent | null {
  if (!isObject(e)) return null;
  return {
    name: typeof e.name === "string" ? e.name : "",
    timeMs: nanosToMs(e.timeUnixNano),
    attributes: decodeAttributes(e.attributes, flavor),
  };
}

function decodeSpan(
  s: Record<string, unknown>,
  flavor: Flavor,
  ctx: Pick<OtlpSpan, "resource" | "scopeName" | "scopeVersion">,
): OtlpSpan {
  const startMs = nanosToMs(s.startTimeUnixNano);
  const endMs = nanosToMs(s.endTimeUnixNano);
  // exact difference of the integer nanoseconds: fractional ms of short spans survive
  const durationMs = startMs !== null && endMs !== null ? nanosDiffMs(s.endTimeUnixNano, s.startTimeUnixNano) : null;
  const status = isObject(s.status) ? s.status : {};
  return {
    traceId: decodeId(s.traceId, flavor, 16),
    spanId: decodeId(s.spanId, flavor, 8),
    parentSpanId: decodeId(s.parentSpanId, flavor, 8),
    name: typeof s.name === "string" ? s.name : "",
    kind: enumValue(s.kind, KIND_NAMES),
    startMs,
    endMs,
    durationMs,
    attributes: decodeAttributes(s.attributes, flavor),
    events: (Array.isArray(s.events) ? s.events : []).map((e) => decodeEvent(e, flavor)).filter((e) => e !== null),
    statusCode: enumValue(status.code, STATUS_NAMES),
    statusMessage: typeof status.message === "string" ? status.message : "",
    ...ctx,
  };
}

/** Walks `resourceSpans[].scopeSpans[].spans[]` of an already parsed body (either encoding). */
export function decodeTraceRequestObject(body: unknown, flavor: Flavor): DecodedTraceRequest {
  if (!isObject(body)) throw new OtlpDecodeError("body must be an ExportTraceServiceRequest object");
  const out: DecodedTraceRequest = { spans: [], malformed: [] };
  const resourceSpans = list(body.resourceSpans, "resourceSpans");
  resourceSpans.forEach((rs, i) => {
    if (!isObject(rs)) throw new OtlpDecodeError(`resourceSpans[${i}] must be an object`);
    const resource = decodeAttributes(isObject(rs.resource) ? rs.resource.attributes : undefined, flavor);
    list(rs.scopeSpans, `resourceSpans[${i}].scopeSpans`).forEach((ss, j) => {
      if (!isObject(ss)) throw new OtlpDecodeError(`resourceSpans[${i}].scopeSpans[${j}] must be an object`);
      const scope = isObject(ss.scope) ? ss.scope : {};
      const ctx = {
        resource,
        scopeName: typeof scope.name === "string" ? scope.name : "",
        scopeVersion: typeof scope.version === "string" ? scope.version : "",
      };
      list(ss.spans, `resourceSpans[${i}].scopeSpans[${j}].spans`).forEach((s, k) => {
        if (isObject(s)) out.spans.push(decodeSpan(s, flavor, ctx));
        else out.malformed.push(`resourceSpans[${i}].scopeSpans[${j}].spans[${k}]: not a span object`);
      });
    });
  });
  return out;
}

export function decodeJsonBody(bytes: Uint8Array): DecodedTraceRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (err) {
    throw new OtlpDecodeError(`body is not valid OTLP/JSON: ${(err as Error).message}`);
  }
  return decodeTraceRequestObject(parsed, "json");
}

export function decodeProtobufBody(bytes: Uint8Array): DecodedTraceRequest {
  let message: Record<string, unknown>;
  try {
    message = decodeTraceRequestProto(bytes);
  } catch (err) {
    throw new OtlpDecodeError(`body is not a valid ExportTraceServiceRequest protobuf: ${(err as Error).message}`);
  }
  return decodeTraceRequestObject(message, "proto");
}
