import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { GET as scrape } from "@/app/api/metrics/route";
import { POST as otlpTraces } from "@/app/api/otel/v1/traces/route";
import { POST as trpc } from "@/app/api/trpc/[trpc]/route";
import { parsePrometheusText } from "@/server/engine/prometheus-parse";
import { drainRollups } from "@/server/rollup/recompute";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";

type Scraped = Map<string, number>;

/** GET /api/metrics through the route handler, parsed by the repo's own Prometheus parser. */
async function scrapeNow(): Promise<Scraped> {
  const res = await scrape();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const parsed = parsePrometheusText(await res.text());
  expect(parsed.errors).toEqual([]);
  const out: Scraped = new Map();
  for (const f of parsed.families) {
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).sort().map(([k, v]) => `${k}=${v}`).join(",");
      out.set(labels ? `${s.name}{${labels}}` : s.name, s.value);
    }
  }
  return out;
}
const delta = (before: Scraped, after: Scraped, series: string) => (after.get(series) ?? 0) - (before.get(series) ?? 0);

describe.each(BACKENDS)("GET /api/metrics on %s", (backend) => {
  let handle: DbHandle;
  let key: string;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    const project = await createTestProject(handle);
    key = project.key;
    serveFrom(handle, project.projectId);
  });
  afterAll(async () => handle.close());

  const batch = (authKey: string, traces: unknown[]) =>
    trpc(
      new Request("http://localhost/api/trpc/ingest.batch", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${authKey}` },
        body: JSON.stringify({ traces }),
      }),
    );
  const trace = (traceId: string, spans: number) => ({
    traceId,
    spans: Array.from({ length: spans }, (_, i) => ({ spanId: `s${i}`, name: "step", startTime: Date.now() - 2_000, durationMs: 100 })),
  });

  it("counts ingested spans, answers by code and refusals by reason, and measures the database and the rollup lag", async () => {
    const before = await scrapeNow();
    expect((await batch(key, [trace(`m-${backend}-1`, 3), trace(`m-${backend}-2`, 2)])).status).toBe(200);
    expect((await batch("tw_wrong", [trace(`m-${backend}-3`, 1)])).status).toBe(401);
    expect((await batch(key, [{ traceId: "" }])).status).toBe(400);
    const otlp = await otlpTraces(
      new Request("http://localhost/api/otel/v1/traces", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: "{not json",
      }),
    );
    expect(otlp.status).toBe(400);
    const after = await scrapeNow();

    expect(delta(before, after, "tailwatch_ingest_spans_total{route=ingest_batch}")).toBe(5);
    expect(delta(before, after, "tailwatch_ingest_requests_total{code=200,route=ingest_batch}")).toBe(1);
    expect(delta(before, after, "tailwatch_ingest_requests_total{code=401,route=ingest_batch}")).toBe(1);
    expect(delta(before, after, "tailwatch_ingest_rejected_total{reason=unauthorized,route=ingest_batch}")).toBe(1);
    expect(delta(before, after, "tailwatch_ingest_rejected_total{reason=invalid,route=ingest_batch}")).toBe(1);
    expect(delta(before, after, "tailwatch_ingest_rejected_total{reason=invalid,route=otlp_traces}")).toBe(1);
    expect(delta(before, after, "tailwatch_ingest_request_duration_seconds_count{route=ingest_batch}")).toBe(3);
    expect(after.get("tailwatch_ingest_inflight")).toBe(0);
    expect(after.get("tailwatch_db_up")).toBe(1);
    expect(after.get("tailwatch_db_query_latency_seconds")).toBeGreaterThan(0);
    expect(after.get("tailwatch_db_query_latency_seconds")).toBeLessThan(5);
    expect(after.get("process_resident_memory_bytes")).toBeGreaterThan(0);

    // the ingest left dirty minutes; pretend the rollup job has been away for 90 s, then let it catch up
    await handle.db.execute(sql`UPDATE rollup_dirty SET marked_at = now() - interval '90 seconds'`);
    expect((await scrapeNow()).get("tailwatch_rollup_lag_seconds")).toBeGreaterThanOrEqual(90);
    await drainRollups(handle.db);
    expect((await scrapeNow()).get("tailwatch_rollup_lag_seconds")).toBe(0);
  });
});
