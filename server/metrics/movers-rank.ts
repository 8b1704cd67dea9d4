/** One series' value now and in the period before. */
export interface MoverCandidate {
  dimension: string;
  key: string;
  metric: "p95" | "errorRate";
  now: number | null;
  before: number | null;
  countNow: number;
  countBefore: number;
}

export interface Mover extends MoverCandidate {
  /** relative change for p95 (0.5 = 50 % slower); absolute change in points for error rates */
  change: number;
}

/** Series with fewer requests than this in either period are noise, not movement. */
export const MIN_REQUESTS = 20;

/**
 * The worst movers first: p95 by relative increase, error rates by absolute increase (a rate going
 * from 0.1 % to 0.3 % is not a 200 % event). Improvements are not "worst" and are left out.
 */
export function rankMovers(candidates: MoverCandidate[], limit: number): Mover[] {
  const scored: Array<Mover & { score: number }> = [];
  for (const c of candidates) {
    if (c.countNow < MIN_REQUESTS || c.countBefore < MIN_REQUESTS || c.now === null || c.before === null) continue;
    if (c.metric === "p95") {
      if (c.before <= 0) continue;
      const change = c.now / c.before - 1;
      if (change > 0.05) scored.push({ ...c, change, score: change });
    } else {
      const change = c.now - c.before;
      // one percentage point of extra errors weighs like a 10 % slower p95
      if (change > 0.001) scored.push({ ...c, change, score: change * 10 });
    }
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ score: _score, ...m }) => m);
}
