import type { z } from "zod";
import { INGEST_LIMITS } from "../limits";
import { formatIssuePath, traceInput, type IngestBatchInput, type TraceInput } from "../schema";
import { limitAttributes } from "./limit-attributes";
import { mapSpan, resourceHints, type SpanWire, type TraceHints } from "./map-span";
import type { Attributes, DecodedTraceRequest } from "./types";

type TraceWire = z.input<typeof traceInput>;

export interface MappedTraceRequest {
  /** Validated, ready for `ingestValidated`. */
  batch: IngestBatchInput;
  acceptedSpans: number;
  rejectedSpans: number;
  /** Why spans were refused: the first few reasons, then a count. */
  errorMessage: string;
}

/** More spans or traces than one request may carry: answer 413, write nothing. */
export class OtlpTooLarge extends Error {}

interface Group {
  traceId: string;
  wire: SpanWire[];
  /** For each wire span, the index of the OTLP span it came from (derived spans share it). */
  origin: number[];
  rootHints: TraceHints[];
  otherHints: TraceHints[];
  resources: Attributes[];
}

const MAX_MESSAGES = 5;

function mergeHints(lists: TraceHints[][]): TraceHints {
  const out: TraceHints = {};
  for (const list of lists) for (const h of list) for (const [k, v] of Object.entries(h)) out[k as keyof TraceHints] ??= v;
  return out;
}

/**
 * OTLP spans → the internal batch, one trace per trace id. Each trace is validated with the
 * ingest schema; a span that fails (missing ids, end before start, a negative token count…)
 * is refused alone and counted for `partialSuccess`; a trace-level failure refuses its spans.
 */
export function mapTraceRequest(req: DecodedTraceRequest): MappedTraceRequest {
  if (req.spans.length > INGEST_LIMITS.maxSpans) {
    throw new OtlpTooLarge(`request has ${req.spans.length} spans; the limit is ${INGEST_LIMITS.maxSpans} per request`);
  }
  const messages: string[] = [...req.malformed];
  let rejected = req.malformed.length;
  const groups = new Map<string, Group>();

  req.spans.forEach((span, index) => {
    let mapped;
    try {
      mapped = mapSpan(span);
    } catch (err) {
      rejected++;
      messages.push(`span ${span.spanId ?? `#${index}`}: ${(err as Error).message}`);
      return;
    }
    let g = groups.get(span.traceId!);
    if (!g) {
      g = { traceId: span.traceId!, wire: [], origin: [], rootHints: [], otherHints: [], resources: [] };
      groups.set(span.traceId!, g);
    }
    for (const w of mapped.spans) {
      g.wire.push(w);
      g.origin.push(index);
    }
    (span.parentSpanId ? g.otherHints : g.rootHints).push(mapped.trace);
    if (!g.resources.includes(span.resource)) g.resources.push(span.resource);
  });
  if (groups.size > INGEST_LIMITS.maxTraces) {
    throw new OtlpTooLarge(`request has ${groups.size} traces; the limit is ${INGEST_LIMITS.maxTraces} per request`);
  }

  const traces: TraceInput[] = [];
  let accepted = 0;
  for (const g of groups.values()) {
    const hints = mergeHints([g.rootHints, g.otherHints, g.resources.map(resourceHints)]);
    const resourceAttrs: Attributes = {};
    for (const r of g.resources) for (const [k, v] of Object.entries(r)) if (!(k in resourceAttrs)) resourceAttrs[k] = v;
    const base: Omit<TraceWire, "spans"> = { traceId: g.traceId, ...hints, attributes: limitAttributes(resourceAttrs) };
    const result = validateTrace(base, g, messages);
    rejected += result.rejected;
    if (result.trace) {
      traces.push(result.trace);
      accepted += result.accepted;
    }
  }

  const extra = messages.length > MAX_MESSAGES ? ` (and ${messages.length - MAX_MESSAGES} more)` : "";
  return {
    batch: { traces, engineSamples: [] },
    acceptedSpans: accepted,
    rejectedSpans: rejected,
    errorMessage: rejected ? `${rejected} span(s) refused: ${messages.slice(0, MAX_MESSAGES).join("; ")}${extra}` : "",
  };
}

function validateTrace(base: Omit<TraceWire, "spans">, g: Group, messages: string[]) {
  let wire = g.wire;
  let origin = g.origin;
  const originals = () => new Set(origin).size;
  for (let round = 0; round < 2; round++) {
    const parsed = traceInput.safeParse({ ...base, spans: wire });
    if (parsed.success) return { trace: parsed.data, accepted: originals(), rejected: new Set(g.origin).size - originals() };
    const bad = new Set<number>();
    let traceLevel = false;
    for (const issue of parsed.error.issues) {
      const [head, i] = issue.path;
      if (head === "spans" && typeof i === "number") {
        if (!bad.has(origin[i]!)) {
          messages.push(`span ${wire[i]!.spanId} (trace ${g.traceId}): ${formatIssuePath(issue.path.slice(2))}: ${issue.message}`);
        }
        bad.add(origin[i]!);
      } else {
        traceLevel = true;
        messages.push(`trace ${g.traceId}: ${formatIssuePath(issue.path)}: ${issue.message}`);
      }
    }
    if (traceLevel) break;
    const keep = wire.map((_, i) => !bad.has(origin[i]!));
    wire = wire.filter((_, i) => keep[i]);
    origin = origin.filter((_, i) => keep[i]);
    if (wire.length === 0) break;
  }
  return { trace: null, accepted: 0, rejected: new Set(g.origin).size };
}
