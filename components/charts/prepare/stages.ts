import { STAGES } from "@/db/constants";
import type { MetricsOutput } from "./types";

type Breakdown = MetricsOutput["stages"][number];

export interface StageShareRow {
  taskType: string;
  requests: number;
  /** share of stage time per stage (0–1); a stage the task type never ran is 0 */
  [stage: string]: string | number;
}

/** Stages seen in any task type, in pipeline order. */
export function stagesPresent(breakdown: Breakdown[]): string[] {
  const seen = new Set(breakdown.flatMap((b) => b.stages.filter((s) => s.spans > 0).map((s) => s.stage)));
  const known = STAGES.filter((s) => seen.has(s));
  const unknown = [...seen].filter((s) => !(STAGES as readonly string[]).includes(s)).sort();
  return [...known, ...unknown];
}

/** One row per task type for the stacked share bars (shares of each row add up to 1). */
export function prepareStageShares(breakdown: Breakdown[]): { stages: string[]; rows: StageShareRow[] } {
  const stages = stagesPresent(breakdown);
  const rows = breakdown.map((b) => {
    const row: StageShareRow = { taskType: b.taskType || "(none)", requests: b.requests };
    for (const s of stages) row[s] = b.stages.find((x) => x.stage === s)?.share ?? 0;
    return row;
  });
  return { stages, rows };
}

export interface StageLatencyRow {
  stage: string;
  spans: number;
  share: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** The per-stage p50/p95 table of one task type, in pipeline order. */
export function prepareStageTable(b: Breakdown): StageLatencyRow[] {
  const order = (s: string) => {
    const i = (STAGES as readonly string[]).indexOf(s);
    return i < 0 ? STAGES.length : i;
  };
  return [...b.stages]
    .sort((x, y) => order(x.stage) - order(y.stage) || x.stage.localeCompare(y.stage))
    .map((s) => ({ stage: s.stage, spans: s.spans, share: s.share, p50Ms: s.p50Ms, p95Ms: s.p95Ms }));
}
