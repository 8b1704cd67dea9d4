import type { ErrorHandling, NoDataHandling } from "./schema";

export type AlertState = "inactive" | "pending" | "firing" | "nodata" | "error";

/** What one alert instance remembers between evaluations (persisted in alert_instances). */
export interface InstanceState {
  state: AlertState;
  /** when the condition started to hold (pending clock) */
  pendingSince: number | null;
  firingSince: number | null;
  lastHeldAt: number | null;
  /** first evaluation at which a firing condition no longer held; keep_firing_for runs from here */
  keepFiringSince: number | null;
}

export const INACTIVE: InstanceState = { state: "inactive", pendingSince: null, firingSince: null, lastHeldAt: null, keepFiringSince: null };

/** One evaluation's outcome for one instance. */
export type Observation =
  | { kind: "value"; holds: boolean }
  | { kind: "nodata" }
  | { kind: "error" };

export interface Timing {
  forMs: number;
  keepFiringForMs: number;
  noData: NoDataHandling;
  onError: ErrorHandling;
}

export interface Step {
  next: InstanceState;
  /** set when the state changed: the event to record */
  transition: { from: AlertState; to: AlertState } | null;
  /** "firing" when the alert starts firing, "resolved" when it stops: what to notify */
  notify: "firing" | "resolved" | null;
}

/**
 * Prometheus alerting semantics, plus Grafana's NoData/Error handling:
 * - a condition that newly holds makes the alert pending from that evaluation (firing at once when for = 0);
 * - it fires at the first evaluation where it has held for `for`;
 * - one evaluation where it does not hold resets the pending clock;
 * - a firing alert whose condition clears keeps firing until `keep_firing_for` has passed since
 *   the first evaluation that did not hold, then resolves (resolution is notified);
 * - no data / a failed evaluation count as OK, as holding, keep the last state, or move to the
 *   NoData / Error state, as the rule chooses.
 */
export function step(prev: InstanceState, obs: Observation, timing: Timing, now: number): Step {
  const handling = obs.kind === "nodata" ? timing.noData : obs.kind === "error" ? timing.onError : null;
  if (handling === "keep_last") return unchanged(prev);
  if (handling === "nodata" || handling === "error") return move(prev, { ...INACTIVE, state: handling });
  const holds = obs.kind === "value" ? obs.holds : handling === "alerting";
  return holds ? held(prev, timing, now) : cleared(prev, timing, now);
}

function held(prev: InstanceState, timing: Timing, now: number): Step {
  if (prev.state === "firing") return unchangedWith(prev, { lastHeldAt: now, keepFiringSince: null });
  const pendingSince = prev.state === "pending" && prev.pendingSince !== null ? prev.pendingSince : now;
  if (now - pendingSince >= timing.forMs) {
    return move(prev, { state: "firing", pendingSince, firingSince: now, lastHeldAt: now, keepFiringSince: null });
  }
  if (prev.state === "pending") return unchangedWith(prev, { lastHeldAt: now });
  return move(prev, { state: "pending", pendingSince, firingSince: null, lastHeldAt: now, keepFiringSince: null });
}

function cleared(prev: InstanceState, timing: Timing, now: number): Step {
  if (prev.state === "firing" && timing.keepFiringForMs > 0) {
    const since = prev.keepFiringSince ?? now;
    if (now - since < timing.keepFiringForMs) return unchangedWith(prev, { keepFiringSince: since });
  }
  if (prev.state === "inactive") return unchanged(prev);
  return move(prev, { ...INACTIVE, lastHeldAt: prev.lastHeldAt });
}

function move(prev: InstanceState, next: InstanceState): Step {
  if (next.state === prev.state) return { next, transition: null, notify: null };
  const notify = next.state === "firing" ? "firing" : prev.state === "firing" ? "resolved" : null;
  return { next, transition: { from: prev.state, to: next.state }, notify };
}

const unchanged = (prev: InstanceState): Step => ({ next: prev, transition: null, notify: null });
const unchangedWith = (prev: InstanceState, patch: Partial<InstanceState>): Step => ({ next: { ...prev, ...patch }, transition: null, notify: null });

/** Does `value` breach `threshold` under `comparator`? */
export function breaches(value: number, comparator: ">" | ">=" | "<" | "<=", threshold: number): boolean {
  switch (comparator) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
  }
}
