const MIN = 60_000;
const HOUR = 60 * MIN;
const STEPS_MS = [MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 2 * 24 * HOUR, 7 * 24 * HOUR];

/** Round UTC times across a range (at most `maxTicks`), so every chart of a page ticks at the same instants. */
export function timeTicks(range: { fromMs: number; toMs: number }, maxTicks = 8): number[] {
  const span = range.toMs - range.fromMs;
  if (!(span > 0)) return [];
  const step = STEPS_MS.find((s) => span / s <= maxTicks) ?? STEPS_MS.at(-1)!;
  const out: number[] = [];
  for (let t = Math.ceil(range.fromMs / step) * step; t <= range.toMs; t += step) out.push(t);
  return out;
}
