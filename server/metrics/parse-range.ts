import { RANGE_PRESETS, type RangePreset } from "./range";

/** Reads `?range=` from page search params; unknown values fall back to the default. */
export function rangeFromSearchParams(params: Record<string, string | string[] | undefined>, fallback: RangePreset = "24h"): RangePreset {
  const raw = params.range;
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && value in RANGE_PRESETS ? (value as RangePreset) : fallback;
}
