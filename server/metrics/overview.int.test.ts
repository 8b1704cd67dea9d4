import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { BACKENDS, createTestProject, freshDatabase } from "@/test/helpers/backends";
import { overviewSeries, overviewTotals } from "./overview";

const T0 = Date.UTC(2026, 10, 21, 8, 0, 0);

describe.each(BACKENDS)("overview metrics on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId } = await createTestProject(handle));
    // 100 requests, one every 6 s over 10 minutes, durations 10, 20, …, 1000 ms; every 20th fails
    const traces = Array.from({ length: 100 }, (_, i) => ({
      traceId: `r-${i}`,
      startTime: T0 + i * 6000,
      durationMs: (i + 1) * 10,
      status: i % 20 === 0 ? "error" : "ok",
      cacheOutcome: i % 4 === 0 ? "exact_hit" : "miss",
    }));
    await ingestBatch(handle.db, projectId, { traces });
    // another project's data must not leak in
    const other = await createTestProject(handle, "other");
    await ingestBatch(handle.db, other.projectId, { traces: [{ traceId: "x", startTime: T0, durationMs: 99_999 }] });
  });
  afterAll(async () => handle.close());

  it("gives exact request-level totals for the range", async () => {
    const totals = await overviewTotals(handle.db, projectId, { fromMs: T0, toMs: T0 + 600_000, bucketS: 60 });
    expect(totals.requests).toBe(100);
    expect(totals.errors).toBe(5);
    expect(totals.errorRate).toBe(0.05);
    // percentile_cont over 10..1000: p50 at rank 49.5 → 505, p95 at 94.05 → 950.5, p99 at 98.01 → 990.1
    expect(totals.p50Ms).toBeCloseTo(505, 9);
    expect(totals.p95Ms).toBeCloseTo(950.5, 9);
    expect(totals.p99Ms).toBeCloseTo(990.1, 9);
    expect(totals.cacheHitRate).toBe(0.25);
  });

  it("returns every bucket, with gaps where there was no traffic", async () => {
    const series = await overviewSeries(handle.db, projectId, { fromMs: T0 - 120_000, toMs: T0 + 600_000, bucketS: 60 });
    expect(series).toHaveLength(12);
    expect(series[0]).toMatchObject({ requests: 0, p95Ms: null });
    expect(series[2]).toMatchObject({ t: T0, requests: 10, errors: 1 });
    // first minute holds 10..100 ms: p95 at rank 8.55 → 95.5
    expect(series[2]!.p95Ms).toBeCloseTo(95.5, 9);
    expect(series.reduce((n, p) => n + p.requests, 0)).toBe(100);
  });
});
