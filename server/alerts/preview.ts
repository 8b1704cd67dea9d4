import "server-only";
import type { Database } from "@/db/client";
import { cellsOf, loadSource, reducerOf, sourceOf, ZERO_IS_VALUE } from "./metric-values";
import type { SloSpec, ThresholdSpec } from "./schema";
import { evaluateSlo } from "./slo";
import { breaches, INACTIVE, step, type InstanceState, type Observation } from "./state-machine";
import { slideWindows, windowStart, type WindowValue } from "./window";

const MINUTE_MS = 60_000;
/** Series drawn and groups backtested are capped: enough to see, cheap to compute. */
const MAX_GROUPS = 5;
const MAX_POINTS = 300;

export interface PreviewSeries {
  key: string;
  labels: Record<string, string>;
  points: Array<{ t: number; value: number | null }>;
}

export interface BacktestResult {
  fromMs: number;
  toMs: number;
  /** how many times an alert would have started firing */
  fires: number;
  /** firing intervals (to = null: still firing at the end) */
  intervals: Array<{ key: string; from: number; to: number | null }>;
  /** evaluations simulated (one per minute per series) */
  evaluations: number;
}

/** Minute-aligned evaluation times in (fromMs, toMs]. */
function minuteEnds(fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS; t <= toMs; t += MINUTE_MS) out.push(t);
  return out;
}

async function windowValues(db: Database, projectId: string, spec: ThresholdSpec, fromMs: number, toMs: number) {
  const windowMs = spec.windowS * 1000;
  const data = await loadSource(db, projectId, sourceOf(spec), windowStart(fromMs, windowMs), toMs);
  const ranked = [...data.entries()]
    .map(([key, g]) => ({ key, g, total: g.minutes.reduce((n, m) => n + m.count + (m.gauges ? 1 : 0), 0) }))
    .sort((a, b) => b.total - a.total)
    .slice(0, MAX_GROUPS);
  if (!spec.groupBy && !ranked.length) ranked.push({ key: "", g: { labels: {}, minutes: [] }, total: 0 });
  const ends = minuteEnds(fromMs, toMs);
  const reducer = reducerOf(spec.metric);
  return ranked.map(({ key, g }) => ({ key, labels: g.labels, values: slideWindows(cellsOf(spec.metric, g.minutes), ends, windowMs, reducer) }));
}

function observation(spec: ThresholdSpec, w: WindowValue): Observation {
  const enough = w.count >= spec.minRequests && (w.count > 0 || ZERO_IS_VALUE.has(spec.metric));
  return w.value === null || !enough ? { kind: "nodata" } : { kind: "value", holds: breaches(w.value, spec.comparator, spec.threshold) };
}

/** The rule's metric, as the evaluator would see it, over [fromMs, toMs] — at most 300 points a series. */
export async function previewThreshold(db: Database, projectId: string, spec: ThresholdSpec, fromMs: number, toMs: number): Promise<PreviewSeries[]> {
  const series = await windowValues(db, projectId, spec, fromMs, toMs);
  return series.map(({ key, labels, values }) => {
    const every = Math.max(1, Math.ceil(values.length / MAX_POINTS));
    const points = values.filter((_, i) => i % every === every - 1 || i === values.length - 1).map((v) => ({ t: v.t, value: v.value }));
    return { key, labels, points };
  });
}

/**
 * Replays the rule over [fromMs, toMs]: one evaluation a minute through the same state machine
 * the evaluator uses, so `for`, keep-firing-for and no-data handling count as they will live.
 */
export async function backtestThreshold(db: Database, projectId: string, spec: ThresholdSpec, fromMs: number, toMs: number): Promise<BacktestResult> {
  const series = await windowValues(db, projectId, spec, fromMs, toMs);
  const timing = { forMs: spec.forS * 1000, keepFiringForMs: spec.keepFiringForS * 1000, noData: spec.noData, onError: spec.onError };
  const intervals: BacktestResult["intervals"] = [];
  let fires = 0;
  let evaluations = 0;
  for (const { key, values } of series) {
    let state: InstanceState = INACTIVE;
    let open: { key: string; from: number; to: number | null } | null = null;
    for (const w of values) {
      evaluations++;
      const s = step(state, observation(spec, w), timing, w.t);
      if (s.notify === "firing") {
        fires++;
        open = { key, from: w.t, to: null };
        intervals.push(open);
      } else if (s.notify === "resolved" && open) {
        open.to = w.t;
        open = null;
      }
      state = s.next;
    }
  }
  intervals.sort((a, b) => a.from - b.from);
  return { fromMs, toMs, fires, intervals, evaluations };
}

/** An SLO rule's current burn rates and error budget. */
export async function previewSlo(db: Database, projectId: string, spec: SloSpec, nowMs: number) {
  return evaluateSlo(db, projectId, spec, nowMs);
}
