import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prometheusPoints, sourceOfMetric } from "./prom-points";
import { parsePrometheusText } from "./prometheus-parse";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/engine/${name}`, import.meta.url), "utf8");
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const points = (name: string, extra: Partial<Parameters<typeof prometheusPoints>[1]> = {}) =>
  prometheusPoints(parsePrometheusText(fixture(name)).families, { host: "target:8000", now: NOW, ...extra });

describe("prometheusPoints", () => {
  it("keeps every vLLM family by name: gauges, counters (as their _total samples) and whole histograms", () => {
    const r = points("vllm.prom", { extraLabels: { cluster: "eu-1" } });
    expect(r.dropped).toEqual([]);
    const names = r.points.map((p) => p.name);
    expect(names).toContain("python_gc_objects_collected_total");
    expect(names).toContain("vllm:prompt_tokens_total");
    expect(names).not.toContain("vllm:prompt_tokens_created");
    expect(new Set(names).size).toBe(names.length - 1); // python_gc_* has two series
    const ttft = r.points.find((p) => p.name === "vllm:time_to_first_token_seconds")!;
    expect(ttft).toMatchObject({
      time: NOW,
      host: "target:8000",
      source: "vllm",
      kind: "histogram",
      value: null,
      labels: { engine: "0", model_name: "meta-llama/Llama-3.1-8B-Instruct", cluster: "eu-1" },
      histogram: {
        buckets: [[0.001, 0], [0.02, 50], [0.04, 200], [0.1, 600], [0.25, 900], [0.5, 960], [1, 990]],
        sum: 98.5,
        count: 1000,
      },
    });
    expect(r.points.filter((p) => p.kind === "histogram").map((p) => p.name).sort()).toEqual([
      "vllm:e2e_request_latency_seconds",
      "vllm:request_decode_time_seconds",
      "vllm:request_prefill_time_seconds",
      "vllm:request_queue_time_seconds",
      "vllm:time_to_first_token_seconds",
    ]);
    expect(r.points.find((p) => p.name === "vllm:prompt_tokens_total")).toMatchObject({ kind: "counter", value: 1843211, source: "vllm" });
    expect(r.points.find((p) => p.name === "process_resident_memory_bytes")).toMatchObject({ kind: "gauge", source: "prometheus", labels: { cluster: "eu-1" } });
  });

  it("keeps TGI duration histograms and Triton counters, with the source override", () => {
    const tgi = points("tgi.prom");
    expect(tgi.points.find((p) => p.name === "tgi_request_duration")!.histogram).toEqual({
      buckets: [[0.1, 12], [0.5, 402], [1, 3100], [2, 7600], [5, 8750]],
      sum: 10234.5,
      count: 8790,
    });
    expect(tgi.points.find((p) => p.name === "tgi_request_count")).toMatchObject({ kind: "counter", value: 8812 });
    const triton = points("triton.prom", { source: "triton-a" });
    const durations = triton.points.filter((p) => p.name === "nv_inference_request_duration_us");
    expect(durations).toEqual([expect.objectContaining({ kind: "counter", value: 912345678, source: "triton-a", labels: { model: "ensemble_llm", version: "1" } })]);
    expect(triton.points).toHaveLength(11);
  });

  it("stores summaries, skips NaN quantiles, drops non-finite values and broken histogram series", () => {
    const r = points("summary-and-edge-cases.prom");
    const summary = r.points.find((p) => p.name === "rpc_duration_seconds")!;
    expect(summary).toMatchObject({ kind: "summary", labels: { service: "chat" }, histogram: { quantiles: [[0.5, 0.21], [0.9, 0.8]], sum: 431.5, count: 1200 } });
    const batch = r.points.filter((p) => p.name === "batch_size");
    // a: +Inf sum left out, own timestamps; b: NaN bucket drops the series; c: no count, no +Inf bucket
    expect(batch).toEqual([expect.objectContaining({ time: 1763300000000, labels: { model: "a" }, histogram: { buckets: [[1, 1], [8, 5]], count: 7 } })]);
    expect(r.points.filter((p) => p.name === "temperature_celsius").map((p) => p.value)).toEqual([-4.5]);
    expect(r.points.find((p) => p.name === "no_type_here")).toMatchObject({ host: "edge-3", kind: "untyped", value: 17 });
    expect(r.dropped.map((d) => [d.metric, d.line, d.reason])).toEqual([
      ["batch_size", 11, "Infinity _sum left out"],
      ["batch_size", 15, "bucket count NaN (le=\"1\"): series dropped"],
      ["batch_size", 18, "histogram series without _count or +Inf bucket dropped"],
      ["temperature_celsius", 20, "-Infinity value dropped"],
    ]);
  });

  it("gives the same series key whatever the label order, and another one for other labels", () => {
    const a = prometheusPoints(parsePrometheusText('m{a="1",b="2"} 1\n').families, { host: "h", now: NOW }).points[0]!;
    const b = prometheusPoints(parsePrometheusText('m{b="2",a="1"} 2\n').families, { host: "h", now: NOW }).points[0]!;
    const c = prometheusPoints(parsePrometheusText('m{a="1",b="3"} 2\n').families, { host: "h", now: NOW }).points[0]!;
    expect(a.seriesKey).toBe(b.seriesKey);
    expect(a.seriesKey).not.toBe(c.seriesKey);
  });

  it.each([
    ["vllm:num_requests_running", "vllm"],
    ["tgi_queue_size", "tgi"],
    ["nv_gpu_utilization", "triton"],
    ["DCGM_FI_DEV_GPU_UTIL", "dcgm"],
    ["node_load1", "prometheus"],
  ])("source of %s is %s", (name, source) => {
    expect(sourceOfMetric(name)).toBe(source);
  });
});
