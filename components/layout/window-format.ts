import type { DashboardWindow } from "@/components/filters/dashboard-params";

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-22T12:20" in UTC, the value a datetime-local input takes. */
export function toUtcInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A datetime-local value read as UTC; null when it is not one. */
export function fromUtcInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isFinite(ms) ? ms : null;
}

/** "Nov 22 12:20 – 12:25 UTC", or with both dates when the window crosses midnight. */
export function formatWindow(w: DashboardWindow): string {
  const a = new Date(w.from);
  const b = new Date(w.to);
  const day = (d: Date) => d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  const time = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return day(a) === day(b) ? `${day(a)} ${time(a)} – ${time(b)} UTC` : `${day(a)} ${time(a)} – ${day(b)} ${time(b)} UTC`;
}
