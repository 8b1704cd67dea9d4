import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { BACKENDS, createTestProject, freshDatabase } from "@/test/helpers/backends";
import { drainRollups } from "@/server/rollup/recompute";
import { relativeAccuracy } from "@/server/rollup/sketch";
import { latencySeries } from "./latency";
import { overviewTotals, overviewTotalsFromRollups } from "./overview";
import { latencyInput } from "./schema";

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
    const res = await latencySeries(handle.db, projectId, latencyInput.parse({ from: T0 - 120_000, to: T0 + 600_000 }));
    expect(res.source).toBe("raw");
    const points = res.series[0]!.points;
    expect(points).toHaveLength(72); // 12 minutes in 10 s buckets
    expect(points[0]).toMatchObject({ count: 0, p95: null });
    expect(res.emptyBuckets).toHaveLength(12); // the two minutes before the traffic
  });

  it("gives the same totals from rollups, percentiles within the sketch's accuracy", async () => {
    await drainRollups(handle.db);
    const range = { fromMs: T0, toMs: T0 + 600_000, bucketS: 60 };
    const exact = await overviewTotals(handle.db, projectId, range);
    const rolled = await overviewTotalsFromRollups(handle.db, projectId, range);
    expect(rolled).toMatchObject({ requests: 100, errors: 5, errorRate: 0.05, cacheHitRate: 0.25 });
    for (const k of ["p50Ms", "p95Ms", "p99Ms"] as const) {
      expect(Math.abs(rolled[k]! - exact[k]!) / exact[k]!).toBeLessThanOrEqual(relativeAccuracy() + 1e-9);
    }
  });
});
