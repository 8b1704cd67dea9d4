import { rangeOf, type DashboardQuery } from "@/components/filters/dashboard-params";

/** Engine gauges are per host, not per request: the request filters do not apply, so the query leaves them out. */
export function gpuInput(input: Pick<DashboardQuery, "range" | "from" | "to">) {
  return { ...rangeOf(input), filters: {} };
}
