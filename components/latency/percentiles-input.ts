import type { DashboardQuery } from "@/components/filters/dashboard-params";

/** The percentiles query: the page's input, narrowed to one end user when `?user=` is set (read from raw rows, exact). */
export function percentilesInput(input: DashboardQuery, userId: string | undefined) {
  return userId ? { ...input, filters: { ...input.filters, userId } } : input;
}
