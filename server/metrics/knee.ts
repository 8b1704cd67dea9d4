/** Pure detection of the queueing knee in a latency-vs-load curve. */
export interface LoadPoint {
  /** load at the bin's centre: requests/s or concurrent requests */
  x: number;
  p95Ms: number;
  minutes: number;
}

export interface Knee {
  /** load past which the tail rises, or null when it stays flat */
  x: number | null;
  baselineP95Ms: number | null;
  /** p95 at the highest load bin divided by the baseline */
  rise: number | null;
}

/**
 * The baseline is the median p95 of the lowest third of load bins (at least two). The knee is
 * the first bin whose p95 exceeds `threshold` × baseline and whose next bin does too (one noisy
 * bin is not a knee).
 */
export function detectKnee(points: LoadPoint[], threshold = 1.5): Knee {
  const pts = [...points].filter((p) => Number.isFinite(p.p95Ms)).sort((a, b) => a.x - b.x);
  if (pts.length < 3) return { x: null, baselineP95Ms: null, rise: null };
  const low = pts.slice(0, Math.max(2, Math.floor(pts.length / 3))).map((p) => p.p95Ms).sort((a, b) => a - b);
  const baseline = low[Math.floor((low.length - 1) / 2)]!;
  const rise = pts.at(-1)!.p95Ms / baseline;
  for (let i = 1; i < pts.length; i++) {
    const over = (p?: LoadPoint) => !!p && p.p95Ms > baseline * threshold;
    if (over(pts[i]) && (i === pts.length - 1 || over(pts[i + 1]))) return { x: pts[i - 1]!.x, baselineP95Ms: baseline, rise };
  }
  return { x: null, baselineP95Ms: baseline, rise };
}
