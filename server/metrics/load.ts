import "server-only";
import type { Database } from "@/db/client";
import { LatencySketch } from "@/server/rollup/sketch";
import { counterSeries } from "./counters";
import { detectKnee, type Knee } from "./knee";
import type { ResolvedRange } from "./range";
import type { MetricFilters } from "./schema";
import { mergedSketches } from "./sketches";

export interface LoadCurvePoint {
  x: number;
  minutes: number;
  requests: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface LoadCurve {
  axis: "rps" | "concurrency";
  points: LoadCurvePoint[];
  knee: Knee;
  /** the finding in words, e.g. "p95 rises past ~1.8 req/s (from 1.2 s to 4.6 s)" */
  statement: string;
}

const BINS = 12;
const MIN_MINUTES_PER_BIN = 3;

/** Two significant digits: 0.052, 0.52, 5.2, 52 */
function fmtLoad(x: number) {
  return x >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(2)));
}

function fmtMs(ms: number) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Minutes binned by load; each bin's sketches merged, so its percentiles are of all its requests. */
function curve(axis: LoadCurve["axis"], minutes: Array<{ x: number; count: number; sketch: LatencySketch }>): LoadCurve {
  const maxX = Math.max(0, ...minutes.map((m) => m.x));
  const width = maxX / BINS || 1;
  const bins = Array.from({ length: BINS }, () => ({ minutes: 0, requests: 0, sketch: new LatencySketch() }));
  for (const m of minutes) {
    const bin = bins[Math.min(BINS - 1, Math.floor(m.x / width))]!;
    bin.minutes++;
    bin.requests += m.count;
    bin.sketch.merge(m.sketch);
  }
  const points = bins
    .map((b, i) => ({
      x: (i + 0.5) * width,
      minutes: b.minutes,
      requests: b.requests,
      p50Ms: b.sketch.quantile(0.5),
      p95Ms: b.sketch.quantile(0.95),
      p99Ms: b.sketch.quantile(0.99),
    }))
    .filter((p) => p.minutes >= MIN_MINUTES_PER_BIN && p.p95Ms != null);
  const knee = detectKnee(points.map((p) => ({ x: p.x, p95Ms: p.p95Ms!, minutes: p.minutes })));
  const unit = axis === "rps" ? "req/s" : "concurrent requests";
  const top = points.at(-1);
  // the worst p95 once past the knee, not merely the last bin's
  const peak = knee.x != null ? Math.max(...points.filter((p) => p.x > knee.x!).map((p) => p.p95Ms!)) : null;
  const statement =
    knee.x != null && knee.baselineP95Ms != null && peak != null
      ? `p95 rises past ~${fmtLoad(knee.x)} ${unit} (from ${fmtMs(knee.baselineP95Ms)} to ${fmtMs(peak)})`
      : points.length < 3
        ? "not enough traffic in this range to tell how latency scales with load"
        : `p95 stays within 1.5× of ${fmtMs(knee.baselineP95Ms ?? 0)} up to ~${fmtLoad(top?.x ?? 0)} ${unit}: no queueing knee in this range`;
  return { axis, points, knee, statement };
}

/** p50/p95/p99 as a function of offered load (requests/s) and of concurrency, with the knee. */
export async function loadCurves(db: Database, projectId: string, r: ResolvedRange, filters: MetricFilters = {}) {
  const perMinute = { ...r, bucketS: 60 };
  const [counts, sketches] = await Promise.all([
    counterSeries(db, projectId, perMinute, { filters }),
    mergedSketches(db, projectId, r, { column: "duration_sketch", filters, perMinute: true }),
  ]);
  const minutes = (counts[0]?.points ?? [])
    .filter((p) => p.count > 0)
    .map((p) => ({ t: p.t, count: p.count, durationSumMs: p.durationSumMs, sketch: sketches.get(String(p.t)) }))
    .filter((m): m is typeof m & { sketch: LatencySketch } => !!m.sketch);
  return {
    byRps: curve("rps", minutes.map((m) => ({ x: m.count / 60, count: m.count, sketch: m.sketch }))),
    // Little's law: mean concurrency in a minute = total request time / 60 s
    byConcurrency: curve("concurrency", minutes.map((m) => ({ x: m.durationSumMs / 60_000, count: m.count, sketch: m.sketch }))),
  };
}
