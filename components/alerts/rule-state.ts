/** Every state a rule (or one of its alerts) can show, worst first. */
export const RULE_STATES = ["firing", "pending", "error", "nodata", "inactive", "unevaluated", "disabled"] as const;
export type DisplayState = (typeof RULE_STATES)[number];

interface StateLook {
  label: string;
  /** badge classes for light and dark */
  badge: string;
  dot: string;
}

export const STATE_LOOKS: Record<DisplayState, StateLook> = {
  firing: { label: "Firing", badge: "bg-rose-600 text-white dark:bg-rose-500", dot: "bg-white" },
  pending: { label: "Pending", badge: "bg-amber-100 text-amber-900 ring-1 ring-amber-300 dark:bg-amber-500/20 dark:text-amber-200 dark:ring-amber-500/50", dot: "bg-amber-500" },
  error: { label: "Error", badge: "text-fuchsia-700 ring-1 ring-fuchsia-400 dark:text-fuchsia-300 dark:ring-fuchsia-500/70", dot: "bg-fuchsia-500" },
  nodata: { label: "No data", badge: "bg-slate-100 text-slate-600 ring-1 ring-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-700", dot: "bg-slate-400" },
  inactive: { label: "OK", badge: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-500/30", dot: "bg-emerald-500" },
  unevaluated: { label: "Not evaluated yet", badge: "bg-slate-50 text-slate-500 ring-1 ring-dashed ring-slate-200 dark:bg-slate-900 dark:text-slate-400 dark:ring-slate-700", dot: "bg-slate-300 dark:bg-slate-600" },
  disabled: { label: "Disabled", badge: "text-slate-400 ring-1 ring-slate-200 dark:text-slate-500 dark:ring-slate-700", dot: "bg-slate-300 dark:bg-slate-600" },
};

/** Unknown states (a newer server) show as they are named, in grey. */
export function stateLook(state: string): StateLook {
  return (STATE_LOOKS as Record<string, StateLook>)[state] ?? { label: state, badge: STATE_LOOKS.nodata.badge, dot: STATE_LOOKS.nodata.dot };
}

export function isDisplayState(v: string | undefined): v is DisplayState {
  return (RULE_STATES as readonly string[]).includes(v ?? "");
}

/** How many rules are in each state, every state present (0 when none). */
export function countStates(rows: Array<{ state: string }>): Record<DisplayState, number> {
  const counts = Object.fromEntries(RULE_STATES.map((s) => [s, 0])) as Record<DisplayState, number>;
  for (const r of rows) if (isDisplayState(r.state)) counts[r.state]++;
  return counts;
}

/** Rules worst state first (firing, pending, error…), then by name; the server's order is by creation. */
export function sortByUrgency<T extends { state: string; rule: { name: string } }>(rows: T[]): T[] {
  const rank = (s: string) => (isDisplayState(s) ? RULE_STATES.indexOf(s) : RULE_STATES.length);
  return [...rows].sort((a, b) => rank(a.state) - rank(b.state) || a.rule.name.localeCompare(b.rule.name));
}

/**
 * A rule's overall state from its row and instances, as `alerts.rules.list` computes it: the
 * worst instance wins; a disabled rule or a failing evaluation says so first.
 */
export function ruleStateOf<T>(
  rule: { enabled: boolean; lastError: string | null; lastEvalAt: unknown },
  instances: Array<{ state: string; pendingSince: T | null; firingSince: T | null }>,
): { state: DisplayState | string; since: T | null } {
  const rank = (s: string) => (isDisplayState(s) ? RULE_STATES.indexOf(s) : RULE_STATES.length);
  const worst = [...instances].sort((a, b) => rank(a.state) - rank(b.state))[0];
  const state = !rule.enabled ? "disabled" : rule.lastError ? "error" : (worst?.state ?? (rule.lastEvalAt ? "inactive" : "unevaluated"));
  const since = worst?.state === "firing" ? worst.firingSince : worst?.state === "pending" ? worst.pendingSince : null;
  return { state, since };
}
