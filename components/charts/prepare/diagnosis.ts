import type { MetricsOutput } from "./types";

type Signal = MetricsOutput["diagnosis"]["signals"][number];

export type Verdict = "holds" | "does-not-hold" | "unknown";

export interface DiagnosisRow {
  id: string;
  title: string;
  verdict: Verdict;
  verdictLabel: string;
  pointsTo: string;
  evidence: string;
  /** the signal's chart page with the current search params */
  href: string;
}

const VERDICT_LABEL: Record<Verdict, string> = { holds: "holds", "does-not-hold": "doesn't hold", unknown: "unknown" };
const POINTS_TO: Record<Signal["pointsTo"], string> = { "serving-stack": "serving stack", model: "model" };

export function verdictOf(holds: boolean | null): Verdict {
  return holds == null ? "unknown" : holds ? "holds" : "does-not-hold";
}

/** Rows for the Diagnosis panel; links keep `search` (without its leading `?`) so range and filters carry over. */
export function prepareDiagnosis(signals: Signal[], search: string): DiagnosisRow[] {
  const qs = search.replace(/^\?/, "");
  return signals.map((s) => {
    const verdict = verdictOf(s.holds);
    return {
      id: s.id,
      title: s.title,
      verdict,
      verdictLabel: VERDICT_LABEL[verdict],
      pointsTo: POINTS_TO[s.pointsTo] ?? s.pointsTo,
      evidence: s.evidence,
      href: qs ? `${s.chart}?${qs}` : s.chart,
    };
  });
}

/** One line: which side the signals that hold point to. */
export function diagnosisSummary(rows: DiagnosisRow[]): string {
  const held = rows.filter((r) => r.verdict === "holds");
  if (!held.length) return rows.every((r) => r.verdict === "unknown") ? "Not enough traffic to tell." : "No signal holds in this range.";
  const stack = held.filter((r) => r.pointsTo === "serving stack").length;
  const model = held.length - stack;
  if (stack && !model) return `${stack} of ${rows.length} signals hold, all pointing to the serving stack.`;
  if (model && !stack) return `${model} of ${rows.length} signals hold, all pointing to the model.`;
  return `${held.length} of ${rows.length} signals hold: ${stack} point to the serving stack, ${model} to the model.`;
}
