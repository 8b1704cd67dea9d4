import type { RangePreset } from "@/server/metrics/range";

/** Engine gauges are per host, not per request: the request filters do not apply, so the query leaves them out. */
export function gpuInput(range: RangePreset) {
  return { range, filters: {} };
}
