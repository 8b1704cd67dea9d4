import { JsonMetricsSerializer, ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { collectSdkMetrics, DURATIONS, TTFTS } from "@/test/fixtures/engine/otlp-sdk-metrics";
import { mapOtlpMetrics } from "./otlp-metrics";
import { decodeMetricsRequestProto, decodeMetricsResponseProto, encodeMetricsRequestProto, encodeMetricsResponseProto } from "./otlp-metrics-proto";

const opts = { now: Date.UTC(2026, 0, 1), defaultHost: "otlp" };

describe("OTLP metrics protobuf schema", () => {
  it("decodes the official protobuf serializer's output to what its JSON serializer writes", async () => {
    const collected = await collectSdkMetrics();
    const fromProto = mapOtlpMetrics(decodeMetricsRequestProto(ProtobufMetricsSerializer.serializeRequest(collected)!), opts);
    const fromJson = mapOtlpMetrics(JSON.parse(new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(collected)!)), opts);
    expect(fromProto).toEqual(fromJson);
    expect(fromProto.rejectedDataPoints).toBe(0);
    expect(fromProto.genAiDataPoints).toBe(2);

    const byName = new Map(fromProto.points.map((p) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual([
      "app.inflight",
      "app.requests",
      "gen_ai.client.operation.duration",
      "gen_ai.server.time_to_first_token",
      "gpu.utilization",
    ]);
    expect(fromProto.points.every((p) => p.host === "sdk-gpu-1" && p.source === "otlp")).toBe(true);
    expect(byName.get("gpu.utilization")).toMatchObject({ kind: "gauge", value: 0.5, labels: { "gpu.uuid": "GPU-sdk-0", "gpu.index": "0", "service.name": "llm-gateway" } });
    expect(byName.get("app.requests")).toMatchObject({ kind: "counter", value: 3, labels: { route: "/chat" } });
    expect(byName.get("app.inflight")).toMatchObject({ kind: "gauge", value: -2 });

    const duration = byName.get("gen_ai.client.operation.duration")!;
    expect(duration.labels).toMatchObject({ "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini" });
    expect(duration.histogram).toEqual({
      buckets: [[0.5, 1], [1, 2], [5, 3]],
      count: 4,
      sum: DURATIONS.reduce((a, b) => a + b, 0),
      min: 0.3,
      max: 7,
    });
    const ttft = byName.get("gen_ai.server.time_to_first_token")!.histogram!;
    expect(ttft).toMatchObject({ count: TTFTS.length, zeroCount: 1, min: 0, max: 0.4 });
    expect(ttft.sum).toBeCloseTo(TTFTS.reduce((a, b) => a + b, 0), 12);
    expect(ttft.scale).toBeGreaterThan(0);
    expect(ttft.positive!.bucketCounts.reduce((a, b) => a + b, 0)).toBe(TTFTS.length - 1);

    expect(fromProto.samples).toEqual([
      expect.objectContaining({ host: "sdk-gpu-1", gpuUuid: "GPU-sdk-0", gpuIndex: 0, gpuName: "NVIDIA H100", gpuUtilPct: 50 }),
    ]);
  });

  it("round-trips a request with every data point type, and the response", () => {
    const T = String(BigInt(opts.now) * 1_000_000n);
    const request = {
      resourceMetrics: [{
        resource: { attributes: [{ key: "service.instance.id", value: { stringValue: "pod-7" } }] },
        scopeMetrics: [{
          metrics: [
            { name: "q", summary: { dataPoints: [{ timeUnixNano: T, count: "10", sum: 4.5, quantileValues: [{ quantile: 0.5, value: 0.3 }, { quantile: 0.99, value: 1.2 }] }] } },
            { name: "s", sum: { isMonotonic: true, aggregationTemporality: 2, dataPoints: [{ timeUnixNano: T, asInt: "9007199254740993" }] } },
            { name: "e", exponentialHistogram: { dataPoints: [{ timeUnixNano: T, count: "3", scale: -2, zeroCount: "0", positive: { offset: -3, bucketCounts: ["1"] }, negative: { offset: 2, bucketCounts: ["2"] } }] } },
            { name: "g", gauge: { dataPoints: [{ timeUnixNano: T, asDouble: 0, flags: 0 }, { timeUnixNano: T, flags: 1 }] } },
          ],
        }],
      }],
    };
    const decoded = decodeMetricsRequestProto(encodeMetricsRequestProto(request));
    const r = mapOtlpMetrics(decoded, opts);
    expect(r.ignoredDataPoints).toBe(1);
    expect(r.rejectedDataPoints).toBe(0);
    expect(r.points.map((p) => [p.name, p.host, p.kind, p.time, p.value, p.histogram])).toEqual([
      ["q", "pod-7", "summary", opts.now, null, { quantiles: [[0.5, 0.3], [0.99, 1.2]], count: 10, sum: 4.5 }],
      ["s", "pod-7", "counter", opts.now, 9007199254740992, null],
      ["e", "pod-7", "histogram", opts.now, null, { scale: -2, zeroCount: 0, positive: { offset: -3, bucketCounts: [1] }, negative: { offset: 2, bucketCounts: [2] }, count: 3 }],
      ["g", "pod-7", "gauge", opts.now, 0, null],
    ]);
    expect(decodeMetricsResponseProto(encodeMetricsResponseProto({ rejectedDataPoints: 3, errorMessage: "x" }))).toEqual({
      partialSuccess: { rejectedDataPoints: "3", errorMessage: "x" },
    });
    expect(encodeMetricsResponseProto()).toHaveLength(0);
  });

  it("refuses bytes that are not protobuf", () => {
    expect(() => decodeMetricsRequestProto(new Uint8Array([0x0a, 0xff, 0xff, 0xff]))).toThrow();
  });
});
