import { RANGE_PRESETS, type RangePreset } from "@/server/metrics/range";
import { GROUP_BYS, type GroupBy } from "@/server/metrics/schema";

export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The filter dimensions the URL carries, in the order the filter bar shows them: the rollup
 * dimensions, which every metric query accepts (a user is not one; rollup-backed queries refuse it).
 */
export const FILTER_KEYS = ["environment", "model", "provider", "taskType", "feature"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type DashboardFilters = Partial<Record<FilterKey, string>>;

export interface DashboardParams {
  range: RangePreset;
  /** only the dimensions that are set: the same object on the server and the client gives the same query key */
  filters: DashboardFilters;
  groupBy: GroupBy | undefined;
}

const MAX_VALUE_LENGTH = 256;

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
}

/** Turns page search params into the input of the metric queries; unknown or malformed values are dropped. */
export function parseDashboardParams(params: SearchParams, fallbackRange: RangePreset = "24h"): DashboardParams {
  const rawRange = first(params.range);
  const range = rawRange && Object.hasOwn(RANGE_PRESETS, rawRange) ? (rawRange as RangePreset) : fallbackRange;
  const filters: DashboardFilters = {};
  for (const key of FILTER_KEYS) {
    const v = first(params[key]);
    if (v && v.length <= MAX_VALUE_LENGTH) filters[key] = v;
  }
  const rawGroup = first(params.groupBy);
  const groupBy = (GROUP_BYS as readonly string[]).includes(rawGroup ?? "") ? (rawGroup as GroupBy) : undefined;
  return { range, filters, groupBy };
}

/** A copy of `search` with `key` set, or removed when `value` is empty. */
export function withParam(search: URLSearchParams | string, key: string, value: string | undefined | null): URLSearchParams {
  const next = new URLSearchParams(search);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

/** Search string (with `?`, or empty) of the given params. */
export function toSearch(params: URLSearchParams): string {
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** What the panels of a page query with: the same object the page prefetched with. */
export interface DashboardQuery {
  range: RangePreset;
  filters: DashboardFilters;
}

/** Panels poll their query this often. */
export const REFRESH_MS = 30_000;
