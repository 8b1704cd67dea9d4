/** "12 s ago", "5 min ago", else "2026-11-22 10:04" (UTC); "never" for no time. */
export function whenText(iso: string | Date | null | undefined, nowMs = Date.now()): string {
  if (!iso) return "never";
  const t = new Date(iso).getTime();
  const s = Math.round((nowMs - t) / 1000);
  if (s >= 0 && s < 60) return `${s} s ago`;
  if (s >= 60 && s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(t).toISOString().slice(0, 16).replace("T", " ");
}
