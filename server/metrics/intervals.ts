/** Pure helpers for turning per-minute flags into intervals. */
export interface Interval {
  key: string;
  fromMs: number;
  toMs: number;
  minutes: number;
}

/** Merges minutes (epoch ms, per key) into intervals of consecutive minutes. */
export function minutesToIntervals(points: Array<{ key: string; minuteMs: number }>): Interval[] {
  const byKey = new Map<string, number[]>();
  for (const p of points) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.minuteMs]);
  const out: Interval[] = [];
  for (const [key, minutes] of byKey) {
    const sorted = [...new Set(minutes)].sort((a, b) => a - b);
    let start = sorted[0]!;
    let prev = start;
    for (const m of sorted.slice(1).concat([Number.NaN])) {
      if (m === prev + 60_000) {
        prev = m;
        continue;
      }
      out.push({ key, fromMs: start, toMs: prev + 60_000, minutes: (prev - start) / 60_000 + 1 });
      start = m;
      prev = m;
    }
  }
  return out.sort((a, b) => a.fromMs - b.fromMs);
}
