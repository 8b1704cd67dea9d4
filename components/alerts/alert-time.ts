import type { TimeValue } from "./types";

export function toMs(t: TimeValue | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  const ms = new Date(t).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** A span of time for people: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "just now", "45 s ago", "3 h 5 min ago"; "in 20 min" for a time ahead; "—" for none. */
export function formatAgo(t: TimeValue | null | undefined, nowMs: number): string {
  const ms = toMs(t);
  if (ms === null) return "—";
  const diff = nowMs - ms;
  if (diff < -1000) return `in ${formatSpan(-diff)}`;
  if (diff < 5000) return "just now";
  return `${formatSpan(diff)} ago`;
}

/** "2026-11-22 10:00:05 UTC" */
export function formatUtc(t: TimeValue | null | undefined): string {
  const ms = toMs(t);
  if (ms === null) return "—";
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
