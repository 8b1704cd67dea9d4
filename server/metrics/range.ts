import { z } from "zod";

export const RANGE_PRESETS = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
  "30d": 30 * 24 * 3_600_000,
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;

const MAX_SPAN_MS = 31 * 24 * 3_600_000;
const EARLIEST_MS = Date.UTC(2000, 0, 1);

/** The time-range fields every query takes: a preset, or a custom from/to in epoch ms. */
export const rangeFields = {
  range: z.enum(Object.keys(RANGE_PRESETS) as [RangePreset, ...RangePreset[]]).optional(),
  from: z.number().int().min(EARLIEST_MS).optional(),
  to: z.number().int().min(EARLIEST_MS).optional(),
};

/** A custom range is bounded (≤ 31 days, not in the far future) so no query can be asked for unbounded work. */
export function checkRange(r: { range?: string; from?: number; to?: number }, ctx: z.RefinementCtx) {
  if (r.range) return;
  if (r.from === undefined || r.to === undefined || r.from >= r.to) {
    ctx.addIssue({ code: "custom", message: "give a preset range, or from < to (epoch ms)" });
  } else if (r.to - r.from > MAX_SPAN_MS) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "a custom range spans at most 31 days" });
  } else if (r.to > Date.now() + 24 * 3_600_000) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "the range ends more than a day in the future" });
  }
}

export const rangeInput = z.object(rangeFields).superRefine(checkRange);
export type RangeInput = z.infer<typeof rangeInput>;

/** Bucket sizes a series may use; the smallest that keeps a series at or under maxPoints wins. */
const BUCKETS_S = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
  bucketS: number;
}

export function resolveRange(input: RangeInput, nowMs = Date.now(), maxPoints = 500): ResolvedRange {
  const toMs = input.range ? nowMs : input.to!;
  const fromMs = input.range ? nowMs - RANGE_PRESETS[input.range] : input.from!;
  const spanS = (toMs - fromMs) / 1000;
  const bucketS = BUCKETS_S.find((b) => spanS / b <= maxPoints) ?? 86400;
  return { fromMs, toMs, bucketS };
}
