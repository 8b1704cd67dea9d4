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

/** A custom time window in epoch ms (a link from a chart bucket, or the custom range picker). */
export interface DashboardWindow {
  from: number;
  to: number;
}

export interface DashboardParams {
  /** the preset in the URL (or the fallback); a custom window, when set, takes precedence */
  range: RangePreset;
  window: DashboardWindow | null;
  /** only the dimensions that are set: the same object on the server and the client gives the same query key */
  filters: DashboardFilters;
  groupBy: GroupBy | undefined;
  /** `?user=`: one end user. Not a rollup key, so only raw-row views honour it (latency percentiles, traces). */
  userId?: string;
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
  const user = first(params.user);
  const parsed: DashboardParams = { range, window: parseWindow(first(params.from), first(params.to)), filters, groupBy };
  if (user && user.length <= MAX_VALUE_LENGTH) parsed.userId = user;
  return parsed;
}

const EARLIEST_MS = Date.UTC(2000, 0, 1);
const MAX_WINDOW_MS = 31 * 86_400_000;

/** `from`/`to` (epoch ms) when both are whole numbers, in order, at most 31 days apart; else null. */
export function parseWindow(from: string | undefined, to: string | undefined): DashboardWindow | null {
  if (!from || !to || !/^\d{1,15}$/.test(from) || !/^\d{1,15}$/.test(to)) return null;
  const f = Number(from);
  const t = Number(to);
  if (f < EARLIEST_MS || t <= f || t - f > MAX_WINDOW_MS) return null;
  return { from: f, to: t };
}

/** The query input of a page: its custom window when there is one, else its preset. */
export function dashboardQuery(p: Pick<DashboardParams, "range" | "window" | "filters">): DashboardQuery {
  return p.window ? { from: p.window.from, to: p.window.to, filters: p.filters } : { range: p.range, filters: p.filters };
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
export type DashboardQuery = ({ range: RangePreset; from?: undefined; to?: undefined } | { range?: undefined; from: number; to: number }) & {
  filters: DashboardFilters;
};

/** The range part of a query alone (GPU gauges and filter options take no request filters). */
export function rangeOf(q: Pick<DashboardQuery, "range" | "from" | "to">): { range: RangePreset } | { from: number; to: number } {
  return q.range ? { range: q.range } : { from: q.from!, to: q.to! };
}

/** Panels poll their query this often. */
export const REFRESH_MS = 30_000;
