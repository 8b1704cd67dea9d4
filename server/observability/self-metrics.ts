import { createRegistry } from "./exposition";

/** The ingest paths, as the `route` label of Tailwatch's own metrics. */
export type IngestRoute = "ingest_batch" | "otlp_traces" | "otlp_metrics" | "engine_push";

/** Why a request was refused, from its status code: the `reason` label of tailwatch_ingest_rejected_total. */
export function rejectionReason(status: number): string {
  switch (status) {
    case 400: return "invalid";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 413: return "too_large";
    case 415: return "unsupported_media_type";
    case 429: return "at_capacity";
    case 500: return "internal";
    case 503: return "db_unavailable";
    default: return `http_${status}`;
  }
}

const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function build() {
  const r = createRegistry();
  return {
    registry: r,
    requests: r.counter("tailwatch_ingest_requests_total", "Ingest requests answered, by route and HTTP status code."),
    rejected: r.counter("tailwatch_ingest_rejected_total", "Ingest requests refused whole (nothing stored), by route and reason."),
    spans: r.counter("tailwatch_ingest_spans_total", "Spans stored (committed) by ingest, by route."),
    rejectedSpans: r.counter(
      "tailwatch_ingest_rejected_spans_total",
      "Spans refused one by one inside an accepted OTLP request (reported in partialSuccess), by route.",
    ),
    duration: r.histogram("tailwatch_ingest_request_duration_seconds", "Time to answer an ingest request, by route.", REQUEST_SECONDS_BUCKETS),
    inflight: r.gauge("tailwatch_ingest_inflight", "Ingest requests admitted and not yet answered (the admission queue depth)."),
    inflightBytes: r.gauge("tailwatch_ingest_inflight_bytes", "Request bytes admitted and not yet answered."),
    dbUp: r.gauge("tailwatch_db_up", "1 when SELECT 1 succeeded at scrape time, else 0."),
    dbLatency: r.gauge("tailwatch_db_query_latency_seconds", "Round trip of SELECT 1 at scrape time; NaN when the database did not answer."),
    rollupLag: r.gauge("tailwatch_rollup_lag_seconds", "Age of the oldest dirty rollup minute mark; 0 when the rollups are caught up."),
    alertLag: r.gauge("tailwatch_alert_evaluation_lag_seconds", "How far the alert engine's last evaluation is behind; absent until the alert engine reports."),
    rss: r.gauge("process_resident_memory_bytes", "Resident memory size in bytes."),
    startTime: r.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds."),
  };
}

// One per process: Next.js bundles each route separately, and every bundle must count into the same registry.
const key = Symbol.for("tailwatch.self-metrics");
type WithSelfMetrics = typeof globalThis & { [key]?: ReturnType<typeof build> };

export function selfMetrics() {
  const g = globalThis as WithSelfMetrics;
  return (g[key] ??= build());
}

/** Counts one answered ingest request (status code, refusal reason, time to answer). */
export function recordIngestAnswer(route: IngestRoute, status: number, seconds: number) {
  const m = selfMetrics();
  m.requests.inc({ route, code: String(status) });
  if (status >= 400) m.rejected.inc({ route, reason: rejectionReason(status) });
  m.duration.observe(seconds, { route });
}

/** Spans committed by an ingest request. */
export function recordIngestedSpans(route: IngestRoute, spans: number) {
  if (spans > 0) selfMetrics().spans.inc({ route }, spans);
}

/** Spans an accepted OTLP request refused one by one (partialSuccess). */
export function recordRejectedSpans(route: IngestRoute, spans: number) {
  if (spans > 0) selfMetrics().rejectedSpans.inc({ route }, spans);
}

/**
 * The alert engine reports how far behind its evaluations run (seconds since the oldest rule's
 * due time); null or a non-finite value removes the sample.
 */
export function setAlertEvaluationLag(seconds: number | null) {
  const gauge = selfMetrics().alertLag;
  if (seconds === null || !Number.isFinite(seconds)) gauge.clear();
  else gauge.set(Math.max(0, seconds));
}
