import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { engineSampleInput } from "@/server/ingest/schema";
import { mapEngineFamilies, type MapOptions } from "./map-engine";
import { parsePrometheusText } from "./prometheus-parse";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/engine/${name}`, import.meta.url), "utf8");
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const MiB = 1024 * 1024;

function map(name: string, opts: Partial<MapOptions> = {}) {
  const parsed = parsePrometheusText(fixture(name));
  return mapEngineFamilies(parsed.families, { host: "target:9400", now: NOW, ...opts });
}

describe("mapEngineFamilies", () => {
  it("maps a DCGM exporter page (Hostname label) to one sample per GPU", () => {
    const r = map("dcgm-exporter.prom", { extraLabels: { cluster: "eu-1" } });
    expect(r.samples).toEqual([
      {
        time: NOW,
        host: "gpu-node-1",
        source: "dcgm",
        gpuIndex: 0,
        gpuUuid: "GPU-8f3b2c1e-5d4a-4e2b-9c7f-1a2b3c4d5e6f",
        gpuName: "NVIDIA A100-SXM4-80GB",
        gpuUtilPct: 97,
        memUsedBytes: 76946 * MiB,
        memTotalBytes: (76946 + 4096) * MiB,
        powerW: 312.456,
        temperatureC: 61,
        labels: { device: "nvidia0", DCGM_FI_DRIVER_VERSION: "535.104.05", cluster: "eu-1" },
      },
      expect.objectContaining({ gpuIndex: 1, gpuUtilPct: 0, memUsedBytes: 0, memTotalBytes: 81042 * MiB, temperatureC: 38 }),
    ]);
    // SM clock, mem copy util, XID errors and the profiling ratios are not stored
    expect(r.ignoredMetrics).toBe(4);
    expect(r.dropped).toEqual([]);
    for (const s of r.samples) expect(engineSampleInput.safeParse(s).success).toBe(true);
  });

  it("accepts the newer lower-case hostname label and keeps the k8s labels", () => {
    const r = map("dcgm-exporter-hostname.prom");
    expect(r.samples).toHaveLength(1);
    expect(r.samples[0]).toMatchObject({
      host: "h100-worker-7",
      gpuIndex: 0,
      gpuUuid: "GPU-3c9e1f7a-2b4d-4c6e-8f0a-1b3d5f7a9c2e",
      gpuName: "NVIDIA H100 80GB HBM3",
      gpuUtilPct: 88,
      memUsedBytes: 75000 * MiB,
      memTotalBytes: 81080 * MiB,
      powerW: 598.75,
      temperatureC: 71,
      labels: { pod: "vllm-llama-0", namespace: "inference", container: "vllm", pci_bus_id: "00000000:18:00.0", device: "nvidia0" },
    });
  });

  it("maps vLLM gauges to one engine sample and summarises its latency histograms", () => {
    const r = map("vllm.prom");
    expect(r.samples).toEqual([
      {
        time: NOW,
        host: "target:9400",
        source: "vllm",
        requestsRunning: 12,
        requestsWaiting: 3,
        kvCacheUsagePct: 42.75,
        labels: { engine: "0", model_name: "meta-llama/Llama-3.1-8B-Instruct" },
      },
    ]);
    expect(r.histograms.map((h) => h.name)).toEqual([
      "vllm:time_to_first_token_seconds",
      "vllm:e2e_request_latency_seconds",
      "vllm:request_queue_time_seconds",
      "vllm:request_prefill_time_seconds",
      "vllm:request_decode_time_seconds",
    ]);
    const ttft = r.histograms[0]!;
    expect(ttft).toMatchObject({ source: "vllm", host: "target:9400", count: 1000, sum: 98.5 });
    expect(ttft.p50).toBeCloseTo(0.085, 10);
    expect(ttft.p95).toBeCloseTo(0.4583333, 6);
    expect(r.ignoredMetrics).toBe(7); // gc, rss, preemptions, prompt/generation tokens, prefix cache queries/hits
  });

  it("uses the older gpu_cache_usage_perc only when kv_cache_usage_perc is absent, and gives each model its own host", () => {
    const r = map("vllm-legacy.prom", { host: "llm-box" });
    expect(r.samples).toEqual([
      expect.objectContaining({ host: "llm-box/mistralai/Mistral-7B-Instruct-v0.3", requestsRunning: 4, requestsWaiting: 0, kvCacheUsagePct: 12 }),
      expect.objectContaining({ host: "llm-box/Qwen/Qwen2.5-7B-Instruct", requestsRunning: 2, requestsWaiting: 7, kvCacheUsagePct: 95.5 }),
    ]);
    const both = [
      "# TYPE vllm:gpu_cache_usage_perc gauge",
      'vllm:gpu_cache_usage_perc{model_name="m"} 0.9',
      "# TYPE vllm:kv_cache_usage_perc gauge",
      'vllm:kv_cache_usage_perc{model_name="m"} 0.25',
      'vllm:gpu_cache_usage_perc{model_name="m"} 0.8',
    ].join("\n");
    const m = mapEngineFamilies(parsePrometheusText(both).families, { host: "h", now: NOW });
    expect(m.samples[0]!.kvCacheUsagePct).toBe(25);
  });

  it("maps TGI queue and batch gauges", () => {
    const r = map("tgi.prom", { host: "tgi:8080" });
    expect(r.samples).toEqual([{ time: NOW, host: "tgi:8080", source: "tgi", requestsWaiting: 5, requestsRunning: 16, labels: {} }]);
    expect(r.histograms.map((h) => [h.name, h.count])).toEqual([
      ["tgi_request_duration", 8790],
      ["tgi_request_queue_duration", 8790],
    ]);
  });

  it("maps Triton GPU gauges per GPU and pending requests per model", () => {
    const r = map("triton.prom", { host: "triton:8002" });
    expect(r.samples).toEqual([
      expect.objectContaining({ host: "triton:8002/ensemble_llm", source: "triton", requestsWaiting: 6, labels: { model: "ensemble_llm", version: "1" } }),
      expect.objectContaining({ host: "triton:8002/tensorrt_llm", requestsWaiting: 2 }),
      {
        time: NOW,
        host: "triton:8002",
        source: "triton",
        gpuUuid: "GPU-7d1c5e3a-9b2f-4d8e-a6c4-2e0f8b1d3a5c",
        gpuUtilPct: 83,
        memUsedBytes: 79456894976,
        memTotalBytes: 85899345920,
        powerW: 402.117,
        labels: {},
      },
    ]);
  });

  it("drops NaN/Inf and out-of-range values, reporting them, and keeps the sample timestamp", () => {
    const r = map("malformed.prom");
    expect(r.dropped).toEqual([
      { metric: "DCGM_FI_DEV_POWER_USAGE", line: 7, reason: "NaN value dropped" },
      { metric: "DCGM_FI_DEV_GPU_TEMP", line: 8, reason: "Infinity value dropped" },
      { metric: "DCGM_FI_DEV_GPU_TEMP", line: 9, reason: "-Infinity value dropped" },
    ]);
    expect(r.samples).toEqual([
      expect.objectContaining({ host: "l4-node", gpuUuid: "GPU-aaaa", gpuUtilPct: 55, time: NOW }),
      expect.objectContaining({ host: "l4-node", gpuUuid: "GPU-bbbb", memUsedBytes: 1024 * MiB, time: 1763300000000 }),
    ]);
    expect(r.samples[0]).not.toHaveProperty("powerW");
    const hot = parsePrometheusText('DCGM_FI_DEV_GPU_UTIL{gpu="0"} 140\nDCGM_FI_DEV_GPU_TEMP{gpu="0"} 60');
    const m = mapEngineFamilies(hot.families, { host: "h", now: NOW });
    expect(m.dropped).toEqual([{ metric: "DCGM_FI_DEV_GPU_UTIL", line: 1, reason: "value 140 out of range; dropped" }]);
    expect(m.samples).toEqual([{ time: NOW, host: "h", source: "dcgm", gpuIndex: 0, temperatureC: 60, labels: {} }]);
  });

  it("ignores unknown metrics, and the source override applies to every sample", () => {
    const r = mapEngineFamilies(parsePrometheusText("node_load1 0.5\ntgi_queue_size 2").families, { host: "h", now: NOW, source: "custom-tgi" });
    expect(r.ignoredMetrics).toBe(1);
    expect(r.samples).toEqual([{ time: NOW, host: "h", source: "custom-tgi", requestsWaiting: 2, labels: {} }]);
  });
});
