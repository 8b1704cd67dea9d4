import http from "node:http";
import type { AddressInfo } from "node:net";
import { OTLPMetricExporter as JsonExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST } from "@/app/api/otel/v1/metrics/route";
import { DURATIONS, recordSdkMetrics, sdkMeterProvider, TTFTS } from "@/test/fixtures/engine/otlp-sdk-metrics";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";

/** The route handler behind a real HTTP server, as `next start` would serve it. */
async function serveRoute(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await POST(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
    seen.push(`${req.headers["content-type"]} ${req.headers["content-encoding"] ?? "identity"} → ${response.status} ${response.headers.get("content-type")}`);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/otel/v1/metrics`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

/** Records each export's result code (0 = success) on the way through. */
function recording(inner: PushMetricExporter, results: number[]): PushMetricExporter {
  return {
    export: (metrics, done) => inner.export(metrics, (r) => (results.push(r.code), done(r))),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush(),
  };
}

describe.each(BACKENDS)("OpenTelemetry JS metrics SDK → /api/otel/v1/metrics on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;
  let server: Awaited<ReturnType<typeof serveRoute>>;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key } = await createTestProject(handle));
    serveFrom(handle, projectId);
    server = await serveRoute();
  });
  afterAll(async () => {
    await server.close();
    await handle.close();
  });

  it.each([
    ["exporter-metrics-otlp-http (JSON)", "application/json identity → 200 application/json", () => new JsonExporter({ url: server.url, headers: { Authorization: `Bearer ${key}` } })],
    [
      "exporter-metrics-otlp-proto (protobuf, gzip)",
      "application/x-protobuf gzip → 200 application/x-protobuf",
      () => new ProtoExporter({ url: server.url, headers: { Authorization: `Bearer ${key}` }, compression: CompressionAlgorithm.GZIP }),
    ],
  ] as const)("%s", async (_name, wire, makeExporter) => {
    const results: number[] = [];
    server.seen.length = 0;
    await handle.db.execute(sql`DELETE FROM metric_points WHERE project_id = ${projectId}::uuid`);
    await handle.db.execute(sql`DELETE FROM engine_samples WHERE project_id = ${projectId}::uuid`);
    const reader = new PeriodicExportingMetricReader({ exporter: recording(makeExporter(), results), exportIntervalMillis: 60_000 });
    const provider = sdkMeterProvider([reader]);
    recordSdkMetrics(provider.getMeter("gateway", "1.0.0"));
    await provider.forceFlush();
    await provider.shutdown();
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((code) => code === 0)).toBe(true);
    expect(new Set(server.seen)).toEqual(new Set([wire]));

    const points = await rows<{ host: string; name: string; kind: string; value: number | null; histogram: Record<string, unknown> | null; labels: Record<string, string> }>(
      handle.db,
      sql`SELECT DISTINCT ON (name) host, name, kind, value, histogram, labels FROM metric_points
          WHERE project_id = ${projectId}::uuid ORDER BY name, time DESC`,
    );
    const byName = new Map(points.map((p) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual(["app.inflight", "app.requests", "gen_ai.client.operation.duration", "gen_ai.server.time_to_first_token", "gpu.utilization"]);
    expect(points.every((p) => p.host === "sdk-gpu-1" && p.labels["service.name"] === "llm-gateway")).toBe(true);
    expect(byName.get("gpu.utilization")).toMatchObject({ kind: "gauge", value: 0.5 });
    expect(byName.get("app.requests")).toMatchObject({ kind: "counter", value: 3 });
    expect(byName.get("app.inflight")).toMatchObject({ kind: "gauge", value: -2 });
    expect(byName.get("gen_ai.client.operation.duration")).toMatchObject({
      kind: "histogram",
      labels: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini" },
      histogram: { buckets: [[0.5, 1], [1, 2], [5, 3]], count: DURATIONS.length, min: 0.3, max: 7 },
    });
    const ttft = byName.get("gen_ai.server.time_to_first_token")!.histogram as { count: number; zeroCount: number; scale: number; positive: { bucketCounts: number[] } };
    expect(ttft).toMatchObject({ count: TTFTS.length, zeroCount: 1 });
    expect(ttft.positive.bucketCounts.reduce((a, b) => a + b, 0)).toBe(TTFTS.length - 1);

    const [gpu] = await rows<Record<string, unknown>>(handle.db, sql`SELECT * FROM engine_samples WHERE project_id = ${projectId}::uuid AND host = 'sdk-gpu-1'`);
    expect(gpu).toMatchObject({ source: "otlp", gpu_key: "GPU-sdk-0", gpu_name: "NVIDIA H100" });
    expect(Number(gpu!.gpu_util_pct)).toBe(50);
  });
});
