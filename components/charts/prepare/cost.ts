import type { MetricsOutput } from "./types";

type CostResult = MetricsOutput["cost"];

export interface CostPoint {
  t: number;
  /** counts and sums: an empty bucket is a zero */
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  requests: number;
}

/** Cost and tokens per bucket, summed over every series (a group-by splits the same total). */
export function prepareCostSeries(result: CostResult): CostPoint[] {
  const byT = new Map<number, CostPoint>();
  for (const s of result.series) {
    for (const p of s.points) {
      const row = byT.get(p.t) ?? { t: p.t, costUsd: 0, inputTokens: 0, outputTokens: 0, requests: 0 };
      row.costUsd += p.costUsd;
      row.inputTokens += p.inputTokens;
      row.outputTokens += p.outputTokens;
      row.requests += p.requests;
      byT.set(p.t, row);
    }
  }
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

export interface CostTotals {
  costUsd: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costPerRequestUsd: number | null;
  costPer1kOutputTokensUsd: number | null;
}

export function costTotals(points: CostPoint[]): CostTotals {
  const t = points.reduce(
    (a, p) => ({ costUsd: a.costUsd + p.costUsd, requests: a.requests + p.requests, inputTokens: a.inputTokens + p.inputTokens, outputTokens: a.outputTokens + p.outputTokens }),
    { costUsd: 0, requests: 0, inputTokens: 0, outputTokens: 0 },
  );
  return {
    ...t,
    costPerRequestUsd: t.requests ? t.costUsd / t.requests : null,
    costPer1kOutputTokensUsd: t.outputTokens ? (t.costUsd / t.outputTokens) * 1000 : null,
  };
}

/** Rows of a breakdown table with each row's share of the total cost. */
export function prepareCostBreakdown(rows: CostResult["byModel"]) {
  const total = rows.reduce((n, r) => n + r.costUsd, 0);
  return rows.map((r) => ({ ...r, share: total > 0 ? r.costUsd / total : 0 }));
}
