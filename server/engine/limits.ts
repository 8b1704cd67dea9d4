import { positiveInt } from "@/server/ingest/limits";
/** Limits of the Prometheus push endpoint and the scrape job. */
export const ENGINE_LIMITS = {
  /** Largest accepted /metrics page (pushed or scraped); real vLLM/DCGM pages are ~10–200 KB. */
  maxPageBytes: positiveInt(process.env.TAILWATCH_MAX_METRICS_PAGE_BYTES, 4 * 1024 * 1024),
  /** A scrape that has not answered in this long fails with a timeout. */
  scrapeTimeoutMs: 5_000,
  /** Scrapes in flight at once per tick. */
  scrapeConcurrency: 8,
  /** Targets picked per tick. */
  maxTargetsPerTick: 200,
  /** The loop wakes this often and scrapes the targets that are due. */
  tickMs: 1_000,
  /**
   * Distinct series stored in metric_points per page (push or scrape) or per OTLP request; the
   * rest are counted and reported, not stored. A vLLM page is ~300 series, DCGM ~50 per GPU.
   */
  maxMetricSeries: positiveInt(process.env.TAILWATCH_MAX_METRIC_SERIES, 5_000),
  /** Entries echoed back in reports (skipped lines, dropped values). */
  maxReported: 20,
} as const;
