/** Pure rules that tell a model problem from a serving-stack problem, each with its evidence. */
export interface DiagnosisInputs {
  /** per minute: load and tail */
  minutes: Array<{ concurrency: number; p95Ms: number; retryRate: number | null }>;
  current: { p50Ms: number | null; p99Ms: number | null; p95Ms: number | null };
  baseline: { p50Ms: number | null; p99Ms: number | null; p95Ms: number | null };
  /** models and releases seen in each range */
  currentVersions: string[];
  baselineVersions: string[];
  /** p95 in the lowest-load bin: the cost of a request with no contention */
  zeroContentionP95Ms: number | null;
  budgetMs: number;
}

export interface Signal {
  id: "scales-with-concurrency" | "tail-only" | "no-version-change" | "baseline-over-budget" | "retries-track-latency";
  title: string;
  holds: boolean | null;
  /** what holding points to */
  pointsTo: "serving-stack" | "model";
  evidence: string;
  chart: string;
}

export function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 5) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : null;
}

const ms = (v: number | null) => (v == null ? "—" : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`);
const ratio = (a: number | null, b: number | null) => (a != null && b ? a / b : null);

export function diagnose(d: DiagnosisInputs): Signal[] {
  const rConc = pearson(d.minutes.map((m) => m.concurrency), d.minutes.map((m) => m.p95Ms));
  const withRetry = d.minutes.filter((m) => m.retryRate != null);
  const rRetry = pearson(withRetry.map((m) => m.retryRate!), withRetry.map((m) => m.p95Ms));
  const p50x = ratio(d.current.p50Ms, d.baseline.p50Ms);
  const p99x = ratio(d.current.p99Ms, d.baseline.p99Ms);
  const p95x = ratio(d.current.p95Ms, d.baseline.p95Ms);
  const same = d.currentVersions.length > 0 && d.currentVersions.every((v) => d.baselineVersions.includes(v));
  const added = d.currentVersions.filter((v) => !d.baselineVersions.includes(v));
  return [
    {
      id: "scales-with-concurrency",
      title: "Latency scales with concurrency",
      holds: rConc == null ? null : rConc >= 0.5,
      pointsTo: "serving-stack",
      evidence: rConc == null ? "too few minutes with traffic to correlate" : `per-minute p95 vs in-flight requests: r = ${rConc.toFixed(2)} over ${d.minutes.length} minutes`,
      chart: "/load",
    },
    {
      id: "tail-only",
      title: "The median is fine while the tail blew out",
      holds: p50x == null || p99x == null ? null : p99x >= 1.5 && p50x < 1.2,
      pointsTo: "serving-stack",
      evidence: `p50 ${ms(d.baseline.p50Ms)} → ${ms(d.current.p50Ms)}, p99 ${ms(d.baseline.p99Ms)} → ${ms(d.current.p99Ms)} against the previous period`,
      chart: "/latency",
    },
    {
      id: "no-version-change",
      title: "Latency moved without a model or release change",
      holds: p95x == null ? null : p95x >= 1.3 && same,
      pointsTo: "serving-stack",
      evidence: same
        ? `p95 ×${(p95x ?? 1).toFixed(2)} with the same models and releases as before (${d.currentVersions.slice(0, 4).join(", ")})`
        : `new since the previous period: ${added.slice(0, 4).join(", ") || "—"}; p95 ×${(p95x ?? 1).toFixed(2)}`,
      chart: "/latency",
    },
    {
      id: "baseline-over-budget",
      title: "Even without contention a request exceeds the budget",
      holds: d.zeroContentionP95Ms == null ? null : d.zeroContentionP95Ms > d.budgetMs,
      pointsTo: "model",
      evidence: `p95 at the lowest load: ${ms(d.zeroContentionP95Ms)} against a budget of ${ms(d.budgetMs)}`,
      chart: "/load",
    },
    {
      id: "retries-track-latency",
      title: "Retries climb with latency",
      holds: rRetry == null ? null : rRetry >= 0.5,
      pointsTo: "serving-stack",
      evidence: rRetry == null ? "too few minutes with generation attempts" : `per-minute retry rate vs p95: r = ${rRetry.toFixed(2)}`,
      chart: "/reliability",
    },
  ];
}
