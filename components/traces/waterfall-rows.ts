/** Pure layout of a trace's waterfall: depth from the parent chain, bar geometry, retry/fallback links. */
export interface WaterfallSpanIn {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  stage: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  ttftMs: number | null;
  status: string;
  errorType: string | null;
  httpStatus: number | null;
  attempt: number;
  retryOfSpanId: string | null;
  fallbackIndex: number;
  fallbackFromModel: string | null;
  model: string | null;
}

export interface WaterfallRow<S extends WaterfallSpanIn = WaterfallSpanIn> {
  span: S;
  depth: number;
  /** bar position and width as a share of the trace (0–1) */
  left: number;
  width: number;
  /** TTFT marker position inside the bar (0–1 of the trace), generation spans only */
  ttftAt: number | null;
  /** backoff before this retry: the gap since the attempt it retries ended */
  backoffMs: number | null;
  label: string | null;
}

export function layoutWaterfall<S extends WaterfallSpanIn>(spans: S[]): { rows: WaterfallRow<S>[]; startMs: number; totalMs: number } {
  if (!spans.length) return { rows: [], startMs: 0, totalMs: 0 };
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.endMs));
  const totalMs = Math.max(1, endMs - startMs);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depthOf = new Map<string, number>();
  const depth = (s: S): number => {
    const known = depthOf.get(s.spanId);
    if (known !== undefined) return known;
    let d = 0;
    const seen = new Set([s.spanId]);
    for (let p = s.parentSpanId ? byId.get(s.parentSpanId) : undefined; p && !seen.has(p.spanId); p = p.parentSpanId ? byId.get(p.parentSpanId) : undefined) {
      seen.add(p.spanId);
      d++;
    }
    depthOf.set(s.spanId, d);
    return d;
  };
  // children follow their parent, siblings in start order
  const children = new Map<string | null, S[]>();
  for (const s of [...spans].sort((a, b) => a.startMs - b.startMs || a.spanId.localeCompare(b.spanId))) {
    const parent = s.parentSpanId && byId.has(s.parentSpanId) ? s.parentSpanId : null;
    const list = children.get(parent);
    if (list) list.push(s);
    else children.set(parent, [s]);
  }
  const ordered: S[] = [];
  const visit = (parent: string | null) => {
    for (const c of children.get(parent) ?? []) {
      ordered.push(c);
      visit(c.spanId);
    }
  };
  visit(null);
  const rows = ordered.map((span) => {
    const retried = span.retryOfSpanId ? byId.get(span.retryOfSpanId) : undefined;
    const label =
      span.fallbackIndex > 0
        ? `fallback ${span.fallbackIndex}${span.fallbackFromModel ? ` from ${span.fallbackFromModel}` : ""}`
        : span.attempt > 1
          ? `attempt ${span.attempt}`
          : null;
    return {
      span,
      depth: depth(span),
      left: (span.startMs - startMs) / totalMs,
      width: Math.max(0.002, (span.endMs - span.startMs) / totalMs),
      ttftAt: span.stage === "generation" && span.ttftMs != null ? (span.startMs + span.ttftMs - startMs) / totalMs : null,
      backoffMs: retried ? Math.max(0, span.startMs - retried.endMs) : null,
      label,
    };
  });
  return { rows, startMs, totalMs };
}
