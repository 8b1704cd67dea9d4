import { describe, expect, it } from "vitest";
import { OTLP_NOW, otlpGpuRequest } from "@/test/fixtures/engine/otlp-gpu-request";
import { histogramPointError, mapOtlpMetrics, OtlpMetricsError } from "./otlp-metrics";

const NOW = OTLP_NOW;

describe("mapOtlpMetrics", () => {
  it("maps GPU gauges to one sample per host+GPU+time and validates gen_ai histograms", () => {
    const r = mapOtlpMetrics(otlpGpuRequest(), { now: NOW, defaultHost: "otlp" });
    expect(r.samples).toEqual([
      {
        time: NOW + 5000,
        host: "otel-gpu-1",
        source: "otlp",
        gpuUuid: "GPU-1",
        gpuIndex: 0,
        gpuName: "NVIDIA L40S",
        gpuUtilPct: 75,
        memUsedBytes: 1073741824,
        temperatureC: 66,
        labels: {},
      },
    ]);
    expect(r.genAiDataPoints).toBe(2);
    expect(r.rejectedDataPoints).toBe(2);
    expect(r.errors).toEqual([
      "hw.gpu.utilization: value NaN dropped",
      "gen_ai.client.operation.duration: bucketCounts must have one more entry than explicitBounds",
    ]);
    expect(r.ignoredDataPoints).toBe(0);
  });

  it("keeps every valid data point by name, the GPU gauges and gen_ai histograms included", () => {
    const r = mapOtlpMetrics(otlpGpuRequest(), { now: NOW, defaultHost: "otlp" });
    const gpu = { "gpu.uuid": "GPU-1", "gpu.index": "0", "gpu.name": "NVIDIA L40S" };
    expect(r.points.map(({ seriesKey, ...p }) => (expect(seriesKey).toMatch(/^[0-9a-f]{32}$/), p))).toEqual([
      { time: NOW + 5000, host: "otel-gpu-1", source: "otlp", name: "hw.gpu.utilization", labels: gpu, kind: "gauge", value: 0.75, histogram: null },
      { time: NOW + 5000, host: "otel-gpu-1", source: "otlp", name: "gpu.memory.used", labels: gpu, kind: "gauge", value: 1073741824, histogram: null },
      { time: NOW + 5000, host: "otel-gpu-1", source: "otlp", name: "gpu.temperature", labels: gpu, kind: "gauge", value: 66, histogram: null },
      {
        time: NOW,
        host: "otel-gpu-1",
        source: "otlp",
        name: "gen_ai.client.operation.duration",
        labels: {},
        kind: "histogram",
        value: null,
        histogram: { buckets: [[0.5, 1], [1, 3]], count: 3, sum: 1.5 },
      },
      {
        time: NOW,
        host: "otel-gpu-1",
        source: "otlp",
        name: "gen_ai.server.time_to_first_token",
        labels: {},
        kind: "histogram",
        value: null,
        histogram: { scale: 3, zeroCount: 1, positive: { offset: -20, bucketCounts: [2, 1] }, count: 4, sum: 0.8 },
      },
      { time: NOW, host: "otel-gpu-1", source: "otlp", name: "http.server.request.duration", labels: {}, kind: "histogram", value: null, histogram: { buckets: [], count: 1 } },
    ]);
  });

  it("takes the host from host.name, else service.instance.id, else service.name, and labels points with service.name", () => {
    const attr = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const request = (attributes: unknown[]) => ({
      resourceMetrics: [{ resource: { attributes }, scopeMetrics: [{ metrics: [{ name: "x", sum: { dataPoints: [{ asInt: "2", attributes: [{ key: "ok", value: { boolValue: true } }] }] } }] }] }],
    });
    const hostOf = (attributes: unknown[]) => mapOtlpMetrics(request(attributes), { now: NOW, defaultHost: "otlp" }).points[0]!;
    expect(hostOf([attr("service.name", "api"), attr("service.instance.id", "pod-1"), attr("host.name", "n1")])).toMatchObject({
      host: "n1",
      kind: "gauge",
      value: 2,
      labels: { "service.name": "api", ok: "true" },
    });
    expect(hostOf([attr("service.name", "api"), attr("service.instance.id", "pod-1")]).host).toBe("pod-1");
    expect(hostOf([attr("service.name", "api")]).host).toBe("api");
    expect(hostOf([]).host).toBe("otlp");
  });

  it.each([null, [], "x", { resourceMetrics: {} }])("refuses a body that is not an export request: %j", (body) => {
    expect(() => mapOtlpMetrics(body, { now: NOW, defaultHost: "h" })).toThrow(OtlpMetricsError);
  });

  it("accepts an empty request", () => {
    expect(mapOtlpMetrics({}, { now: NOW, defaultHost: "h" }).samples).toEqual([]);
  });
});

describe("histogramPointError", () => {
  it.each([
    [{ count: "0" }, false, null],
    [{ count: 3, bucketCounts: [1, 2], explicitBounds: [1] }, false, null],
    [{ count: 4, bucketCounts: [1, 2], explicitBounds: [1] }, false, /add up/],
    [{ count: 3, bucketCounts: [1, 1, 1], explicitBounds: [2, 1] }, false, /increasing/],
    [{ count: -1 }, false, /non-negative/],
    [{ count: 1, sum: "Infinity" }, false, /finite/],
    [{ count: 3, scale: 0, zeroCount: 1, positive: { bucketCounts: [1] }, negative: { bucketCounts: [1] } }, true, null],
    [{ count: 3, scale: 21, zeroCount: 3 }, true, /scale/],
    [{ count: 3, scale: 2, zeroCount: 1 }, true, /add up/],
  ])("%j (exponential: %s)", (dp, exponential, expected) => {
    const r = histogramPointError(dp as Record<string, unknown>, exponential);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatch(expected);
  });
});
