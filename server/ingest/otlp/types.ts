/** Attributes after decoding: kvlists flattened to dotted keys, arrays as JS arrays, bytes as base64. */
export type Attributes = Record<string, unknown>;

export interface OtlpEvent {
  name: string;
  /** Epoch milliseconds (fractional), or null when absent. */
  timeMs: number | null;
  attributes: Attributes;
}

/** One span as received, independent of the encoding (JSON or protobuf). */
export interface OtlpSpan {
  /** Lowercase hex; null when missing, malformed or all zeros. */
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Epoch milliseconds, fractional (nanosecond input keeps microsecond precision); null when absent. */
  startMs: number | null;
  endMs: number | null;
  /** Exact duration from the nanosecond timestamps, in ms; null when either end is absent. */
  durationMs: number | null;
  attributes: Attributes;
  events: OtlpEvent[];
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
  resource: Attributes;
  scopeName: string;
  scopeVersion: string;
}

export interface DecodedTraceRequest {
  spans: OtlpSpan[];
  /** Span entries that were not even shaped like a span (counted as rejected). */
  malformed: string[];
}

/** A body that cannot be read as an OTLP trace request at all: answer 400, write nothing. */
export class OtlpDecodeError extends Error {}
