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
    expect(r.ignoredDataPoints).toBe(1);
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
