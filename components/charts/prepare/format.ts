/** Durations: milliseconds below one second, seconds above. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return "—";
  if (ms === 0) return "0";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  if (ratio == null || !Number.isFinite(ratio)) return "—";
  return `${(ratio * 100).toFixed(digits)} %`;
}

export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return "—";
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return Math.round(n).toLocaleString("en-US");
}

export function formatUsd(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return "—";
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Axis/tooltip time label; the day is shown once the range spans more than a day. */
export function formatBucketTime(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const hm = d.toISOString().slice(11, 16);
  if (spanMs <= 24 * 3_600_000) return hm;
  return `${d.toISOString().slice(5, 10)} ${hm}`;
}

/** Axis ticks of durations: as short as the value allows (2.5 s, 10 s, 500 ms). */
export function formatDurationTick(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  if (ms === 0) return "0";
  if (Math.abs(ms) < 1000) return `${+ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  if (Math.abs(ms) < 60_000) return `${+(ms / 1000).toFixed(2)} s`;
  return `${+(ms / 60_000).toFixed(1)} min`;
}

/** Axis ticks of time: the day alone at midnight once the range spans days. */
export function formatTimeTick(ms: number, spanMs: number): string {
  if (spanMs > 24 * 3_600_000 && ms % 86_400_000 === 0) return new Date(ms).toISOString().slice(5, 10);
  return formatBucketTime(ms, spanMs);
}

/** A price per unit (per request, per hit): two significant digits however small. */
export function formatUsdPerUnit(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return "—";
  if (usd === 0) return "$0";
  if (Math.abs(usd) >= 1) return formatUsd(usd);
  if (Math.abs(usd) < 1e-6) return usd > 0 ? "< $0.000001" : "> −$0.000001";
  const abs = Math.abs(usd);
  return `${usd < 0 ? "−" : ""}$${abs >= 0.1 ? abs.toFixed(2) : abs.toPrecision(2)}`;
}

/** Axis ticks of counts: 140K, 7.5M. */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return "";
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

/** Axis ticks of ratios: 0 %, 2.5 %, 15 %. */
export function formatPercentTick(ratio: number): string {
  if (!Number.isFinite(ratio)) return "";
  return `${+(ratio * 100).toFixed(1)} %`;
}
