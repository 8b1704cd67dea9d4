import "server-only";
import type { Database } from "@/db/client";
import { cellsOf, loadSource, reducerOf, sourceKey, sourceOf, ZERO_IS_VALUE, type SourceData } from "./metric-values";
import { ruleSpec, type RuleSpec, type SloSpec, type ThresholdSpec } from "./schema";
import { evaluateSlo } from "./slo";
import { breaches, type Observation } from "./state-machine";
import { slideWindows, windowStart } from "./window";

/** What one evaluation saw for one alert instance. */
export interface InstanceObservation {
  instanceKey: string;
  labels: Record<string, string>;
  observation: Observation;
  value: number | null;
  count: number;
  threshold: number;
}

export interface RuleObservation {
  ruleId: string;
  instances: InstanceObservation[];
  /** set when the rule could not be evaluated, and why */
  error: string | null;
}

export interface RuleToObserve {
  id: string;
  projectId: string;
  spec: unknown;
  /** instance keys that exist from earlier evaluations (a grouped series that vanished resolves) */
  knownInstances: string[];
}

/** Which instance of a threshold rule saw what at `endMs`, from data already loaded. */
export function observeThreshold(spec: ThresholdSpec, data: SourceData, endMs: number, known: string[]): InstanceObservation[] {
  const reducer = reducerOf(spec.metric);
  const windowMs = spec.windowS * 1000;
  const keys = new Set<string>([...data.keys()]);
  if (!spec.groupBy) keys.add("");
  for (const k of known) keys.add(k);
  return [...keys].map((key) => {
    const group = data.get(key);
    if (spec.groupBy && !data.has(key)) {
      // a series that vanished: Prometheus resolves it rather than calling it "no data"
      return { instanceKey: key, labels: { [spec.groupBy]: key || "(none)" }, observation: { kind: "value", holds: false }, value: null, count: 0, threshold: spec.threshold };
    }
    const [w] = slideWindows(cellsOf(spec.metric, group?.minutes ?? []), [endMs], windowMs, reducer);
    const { value, count } = w!;
    const enough = count >= spec.minRequests && (count > 0 || ZERO_IS_VALUE.has(spec.metric));
    const observation: Observation = value === null || !enough ? { kind: "nodata" } : { kind: "value", holds: breaches(value, spec.comparator, spec.threshold) };
    return { instanceKey: key, labels: group?.labels ?? {}, observation, value, count, threshold: spec.threshold };
  });
}

export function observeSlo(verdict: Awaited<ReturnType<typeof evaluateSlo>>): InstanceObservation[] {
  return verdict.alerts.map((a) => ({
    instanceKey: a.severity,
    labels: { slo_alert: a.severity },
    observation: { kind: "value", holds: a.holds },
    value: a.value,
    count: verdict.periodRequests,
    threshold: a.threshold,
  }));
}

/**
 * Evaluates rules at `endMs`. Threshold rules that read the same source share one query over the
 * longest window among them; a source that fails to load makes its rules' observations "error".
 */
export async function observeRules(db: Database, rules: RuleToObserve[], endMs: number): Promise<RuleObservation[]> {
  const out: RuleObservation[] = [];
  const bySource = new Map<string, Array<{ rule: RuleToObserve; spec: ThresholdSpec }>>();
  const slos: Array<{ rule: RuleToObserve; spec: SloSpec }> = [];
  for (const rule of rules) {
    const parsed = ruleSpec.safeParse(rule.spec);
    if (!parsed.success) {
      out.push({ ruleId: rule.id, instances: [], error: `the rule is invalid: ${parsed.error.issues[0]?.message ?? "unknown problem"}` });
      continue;
    }
    const spec: RuleSpec = parsed.data;
    if (spec.kind === "slo") {
      slos.push({ rule, spec });
      continue;
    }
    const key = `${rule.projectId}|${sourceKey(sourceOf(spec))}`;
    bySource.set(key, [...(bySource.get(key) ?? []), { rule, spec }]);
  }
  for (const group of bySource.values()) {
    const first = group[0]!;
    const longest = Math.max(...group.map((g) => g.spec.windowS)) * 1000;
    try {
      const data = await loadSource(db, first.rule.projectId, sourceOf(first.spec), windowStart(endMs, longest), endMs);
      for (const { rule, spec } of group) out.push({ ruleId: rule.id, instances: observeThreshold(spec, data, endMs, rule.knownInstances), error: null });
    } catch (err) {
      for (const { rule } of group) out.push(failed(rule, err));
    }
  }
  for (const { rule, spec } of slos) {
    try {
      out.push({ ruleId: rule.id, instances: observeSlo(await evaluateSlo(db, rule.projectId, spec, endMs)), error: null });
    } catch (err) {
      out.push(failed(rule, err));
    }
  }
  return out;
}

function failed(rule: RuleToObserve, err: unknown): RuleObservation {
  console.error(`[alerts] evaluating rule ${rule.id} failed:`, (err as Error).message);
  const keys = rule.knownInstances.length ? rule.knownInstances : [""];
  return {
    ruleId: rule.id,
    error: "the metric query failed (see the server log); the rule is in the Error state until it succeeds",
    instances: keys.map((k) => ({ instanceKey: k, labels: {}, observation: { kind: "error" }, value: null, count: 0, threshold: NaN })),
  };
}
