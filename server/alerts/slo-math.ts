import { BURN_WINDOWS, SLO_PERIOD_S, type SloSpec } from "./schema";

export interface SloWindowCounts {
  total: number;
  bad: number;
}

/** Burn rate = bad fraction ÷ (1 − objective); null without requests. */
export function burnRate(c: SloWindowCounts | undefined, targetPct: number): number | null {
  if (!c || c.total <= 0) return null;
  return c.bad / c.total / (1 - targetPct / 100);
}

export interface SloAlertVerdict {
  /** "page" or "ticket": each is its own alert instance */
  severity: "page" | "ticket";
  holds: boolean;
  /** the highest burn rate among the long windows of this severity */
  value: number | null;
  /** the factor of the window pair that holds, else the lowest factor of this severity */
  threshold: number;
  /** every window pair with its burn rates */
  windows: Array<{ longS: number; shortS: number; factor: number; long: number | null; short: number | null; holds: boolean }>;
}

export interface SloVerdict {
  alerts: SloAlertVerdict[];
  /** share of the 30-day error budget left (1 = untouched, < 0 = overspent); null without requests */
  budgetRemaining: number | null;
  /** good requests ÷ all requests over 30 days */
  attainment: number | null;
  periodRequests: number;
}

/**
 * Multi-window, multi-burn-rate alerting (SRE workbook, 30-day SLO): page when both 1 h and 5 min
 * burn above 14.4×, or both 6 h and 30 min above 6×; ticket when both 3 d and 6 h burn above 1×.
 */
export function sloVerdict(spec: SloSpec, counts: Map<number, SloWindowCounts>): SloVerdict {
  const alerts: SloAlertVerdict[] = (["page", "ticket"] as const).map((severity) => {
    const windows = BURN_WINDOWS.filter((w) => w.severity === severity).map((w) => {
      const long = burnRate(counts.get(w.longS), spec.targetPct);
      const short = burnRate(counts.get(w.shortS), spec.targetPct);
      // the short window has the fewest requests: below the minimum, its burn rate is noise
      const enough = (counts.get(w.shortS)?.total ?? 0) >= Math.max(1, spec.minRequests);
      const holds = enough && long !== null && short !== null && long > w.factor && short > w.factor;
      return { longS: w.longS, shortS: w.shortS, factor: w.factor, long, short, holds };
    });
    const holding = windows.find((w) => w.holds);
    const longs = windows.map((w) => w.long).filter((v): v is number => v !== null);
    return {
      severity,
      holds: !!holding,
      value: longs.length ? Math.max(...longs) : null,
      threshold: holding?.factor ?? Math.min(...windows.map((w) => w.factor)),
      windows,
    };
  });
  const period = counts.get(SLO_PERIOD_S);
  const burn = burnRate(period, spec.targetPct);
  return {
    alerts,
    budgetRemaining: burn === null ? null : 1 - burn,
    attainment: period && period.total > 0 ? 1 - period.bad / period.total : null,
    periodRequests: period?.total ?? 0,
  };
}
