import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST as push } from "@/app/api/engine/push/route";
import { POST as postOtlpMetrics } from "@/app/api/otel/v1/metrics/route";
import { otlpGpuRequest } from "@/test/fixtures/engine/otlp-gpu-request";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { ENGINE_LIMITS } from "./limits";
import { listMetricNames, metricSeries } from "./metric-points";
import { decodeMetricsResponseProto, encodeMetricsRequestProto } from "./otlp-metrics-proto";
import { scrapeDueTargets } from "./scrape-job";
import { createTarget } from "./targets";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/engine/${name}`, import.meta.url), "utf8");
const HOUR = 3_600_000;

describe.each(BACKENDS)("metric_points on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;
  let server: Server;

  const pushPage = async (body: string, query: string) => {
    const res = await push(new Request(`http://localhost/api/engine/push${query}`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body }));
    expect(res.status).toBe(200);
    return res.json();
  };
  const otlp = (body: BodyInit, type: string) =>
    postOtlpMetrics(new Request("http://localhost/api/otel/v1/metrics", { method: "POST", headers: { "content-type": type, authorization: `Bearer ${key}` }, body }));
  const stored = (where = sql``) =>
    rows<{ host: string; name: string; kind: string; value: number | null; histogram: unknown; labels: Record<string, string>; source: string }>(
      handle.db,
      sql`SELECT host, name, kind, value, histogram, labels, source FROM metric_points WHERE project_id = ${projectId}::uuid ${where} ORDER BY name COLLATE "C", host, time`,
    );

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key } = await createTestProject(handle));
    serveFrom(handle, projectId);
    server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(fixture("tgi.prom"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await handle.close();
  });

  it("push: stores every family by name next to the engine samples, idempotently", async () => {
    const t = Date.now() - 60_000;
    const page = fixture("vllm.prom").replace(/^([a-zA-Z_:][^ {#]*(?:\{[^}]*\})?) ([^ \n]+)$/gm, `$1 $2 ${t}`);
    const body = await pushPage(page, "?host=vllm-1");
    expect(body).toMatchObject({ samples: 1, metricSeriesOverLimit: 0, droppedValues: [] });
    expect(body.metricPoints).toBe(16);
    const ttft = await stored(sql`AND name = 'vllm:time_to_first_token_seconds'`);
    expect(ttft).toEqual([
      {
        host: "vllm-1",
        name: "vllm:time_to_first_token_seconds",
        kind: "histogram",
        value: null,
        source: "vllm",
        labels: { engine: "0", model_name: "meta-llama/Llama-3.1-8B-Instruct" },
        histogram: { buckets: [[0.001, 0], [0.02, 50], [0.04, 200], [0.1, 600], [0.25, 900], [0.5, 960], [1, 990]], sum: 98.5, count: 1000 },
      },
    ]);
    // the same page again: same rows, updated in place
    const again = await pushPage(page.replace("vllm:num_requests_running{engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 12.0", "vllm:num_requests_running{engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 7"), "?host=vllm-1");
    expect(again.metricPoints).toBe(16);
    const all = await stored(sql`AND host = 'vllm-1'`);
    expect(all).toHaveLength(16);
    expect(Number(all.find((p) => p.name === "vllm:num_requests_running")!.value)).toBe(7);
  });

  it("push: NaN/Inf are never stored; series over the limit are counted, not stored", async () => {
    const body = await pushPage(fixture("malformed.prom"), "?host=l4-box");
    expect(body.droppedValueCount).toBe(3);
    const values = await stored(sql`AND host = 'l4-node'`);
    expect(values.map((p) => [p.name, Number(p.value)])).toEqual([
      ["DCGM_FI_DEV_FB_USED", 1024],
      ["DCGM_FI_DEV_GPU_UTIL", 55],
    ]);

    const n = ENGINE_LIMITS.maxMetricSeries + 3;
    const big = Array.from({ length: n }, (_, i) => `wide_gauge{i="${i}"} ${i}`).join("\n");
    const wide = await pushPage(big, "?host=wide");
    expect(wide).toMatchObject({ metricPoints: ENGINE_LIMITS.maxMetricSeries, metricSeriesOverLimit: 3 });
    const [count] = await rows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM metric_points WHERE project_id = ${projectId}::uuid AND host = 'wide'`);
    expect(count!.n).toBe(ENGINE_LIMITS.maxMetricSeries);
  });

  it("scrape: stores the page's families by name, TGI duration histograms included", async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const target = await createTarget(handle.db, projectId, { url, intervalS: 3600, extraLabels: { cluster: "eu-1" } });
    const [outcome] = await scrapeDueTargets(handle.db, new Date());
    expect(outcome).toMatchObject({ targetId: target.id, samples: 1, metricPoints: 7, error: null });
    const duration = await stored(sql`AND name = 'tgi_request_duration'`);
    expect(duration).toEqual([
      expect.objectContaining({ host: new URL(url).host, kind: "histogram", source: "tgi", labels: { cluster: "eu-1" }, histogram: expect.objectContaining({ count: 8790, sum: 10234.5 }) }),
    ]);
  });

  it("otlp JSON and protobuf: every valid data point lands in metric_points; protobuf is answered in protobuf", async () => {
    const time = Date.now() - 120_000;
    const json = await otlp(JSON.stringify(otlpGpuRequest(time)), "application/json");
    expect((await json.json()).partialSuccess.rejectedDataPoints).toBe("2");
    const names = (await stored(sql`AND host = 'otel-gpu-1'`)).map((p) => p.name);
    expect(names).toEqual([
      "gen_ai.client.operation.duration",
      "gen_ai.server.time_to_first_token",
      "gpu.memory.used",
      "gpu.temperature",
      "http.server.request.duration",
      "hw.gpu.utilization",
    ]);

    const proto = await otlp(Buffer.from(encodeMetricsRequestProto(otlpGpuRequest(time + 1000))), "application/x-protobuf");
    expect(proto.status).toBe(200);
    expect(proto.headers.get("content-type")).toBe("application/x-protobuf");
    expect(decodeMetricsResponseProto(new Uint8Array(await proto.arrayBuffer()))).toEqual({
      partialSuccess: {
        rejectedDataPoints: "2",
        errorMessage: "hw.gpu.utilization: value NaN dropped; gen_ai.client.operation.duration: bucketCounts must have one more entry than explicitBounds",
      },
    });
    const exp = await stored(sql`AND name = 'gen_ai.server.time_to_first_token'`);
    // no timestamp on these points: each request stored its own, stamped on arrival
    expect(exp.length).toBeGreaterThanOrEqual(1);
    for (const p of exp) expect(p.histogram).toEqual({ scale: 3, zeroCount: 1, positive: { offset: -20, bucketCounts: [2, 1] }, count: 4, sum: 0.8 });
    const bad = await otlp(Buffer.from([0x0a, 0xff, 0xff]), "application/x-protobuf");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/x-protobuf");
  });

  it("read service: lists metric names and returns a metric's series by name", async () => {
    const now = Date.now();
    const names = await listMetricNames(handle.db, projectId, now - HOUR, now + HOUR);
    const ttft = names.find((n) => n.name === "vllm:time_to_first_token_seconds");
    expect(ttft).toMatchObject({ kinds: ["histogram"], sources: ["vllm"], hosts: 1, series: 1, points: 1 });
    expect(names.find((n) => n.name === "wide_gauge")).toMatchObject({ series: ENGINE_LIMITS.maxMetricSeries, kinds: ["untyped"] });
    expect(names.map((n) => n.name)).toEqual([...names.map((n) => n.name)].sort());
    expect(await listMetricNames(handle.db, projectId, now - 2 * HOUR, now - HOUR)).toEqual([]);

    const gpu = await metricSeries(handle.db, projectId, { name: "hw.gpu.utilization", fromMs: now - HOUR, toMs: now + HOUR });
    expect(gpu.truncated).toBe(false);
    expect(gpu.series).toHaveLength(1);
    expect(gpu.series[0]).toMatchObject({ host: "otel-gpu-1", source: "otlp", kind: "gauge", labels: { "gpu.uuid": "GPU-1", "gpu.index": "0", "gpu.name": "NVIDIA L40S" } });
    expect(gpu.series[0]!.points.map((p) => p.value)).toEqual([0.75, 0.75]);
    expect(gpu.series[0]!.points[1]!.t - gpu.series[0]!.points[0]!.t).toBe(1000);

    const hist = await metricSeries(handle.db, projectId, { name: "gen_ai.client.operation.duration", fromMs: now - HOUR, toMs: now + HOUR, host: "otel-gpu-1" });
    expect(hist.series[0]!.points[0]).toMatchObject({ value: null, histogram: { buckets: [[0.5, 1], [1, 3]], count: 3, sum: 1.5 } });
    expect((await metricSeries(handle.db, projectId, { name: "hw.gpu.utilization", fromMs: now - HOUR, toMs: now + HOUR, host: "elsewhere" })).series).toEqual([]);

    const wide = await metricSeries(handle.db, projectId, { name: "wide_gauge", fromMs: now - HOUR, toMs: now + HOUR, maxPoints: 10 });
    expect(wide.truncated).toBe(true);
    expect(wide.series).toHaveLength(10);
    await expect(listMetricNames(handle.db, projectId, now, now - 1)).rejects.toThrow(RangeError);

    const other = await createTestProject(handle, "other");
    expect(await listMetricNames(handle.db, other.projectId, now - HOUR, now + HOUR)).toEqual([]);
  });
});
