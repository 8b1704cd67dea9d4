/**
 * Engine samples for the self-hosted vLLM pool: per-GPU DCGM metrics and one engine-level
 * vLLM sample per host, driven by the same utilisation (and incident) as the traces.
 */
import { clamp, hexId, Rng } from "./prng";
import { conditionsAt, GPU_SATURATION_INCIDENT, MINUTE_MS } from "./profile";
import type { WireEngineSample } from "./types";

export const GPU_NAME = "NVIDIA H100 80GB HBM3";
export const GPU_MEM_TOTAL_BYTES = 80 * 1024 ** 3;
/** Sampling interval for history (`--days`) and for live mode. */
export const HISTORY_SAMPLE_INTERVAL_MS = 60_000;
export const LIVE_SAMPLE_INTERVAL_MS = 15_000;

export const GPU_HOSTS = [
  { host: "gpu-node-1", gpus: 2, share: 1.04 },
  { host: "gpu-node-2", gpus: 2, share: 0.96 },
] as const;

const SERVED_MODEL = "llama-3.1-8b-instruct";
/** vLLM `gpu_memory_utilization`: the engine reserves this share of GPU memory up front. */
const VLLM_MEMORY_SHARE = 0.9;
const MAX_NUM_SEQS = 64;

/** Stable, seed-independent UUID of a GPU (hardware does not change with the seed). */
export function gpuUuid(host: string, index: number): string {
  const h = hexId(32, "gpu-uuid", host, index);
  return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Minutes since the current incident began (0 outside one). */
function incidentElapsedMinutes(ms: number): number {
  const minuteOfHour = (ms % 3_600_000) / MINUTE_MS;
  return Math.max(0, minuteOfHour - GPU_SATURATION_INCIDENT.firstMinute);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** All engine samples (4 DCGM + 2 vLLM) taken at `timeMs`. */
export function engineSamplesAt(seed: number, timeMs: number): WireEngineSample[] {
  const cond = conditionsAt(seed, timeMs);
  const out: WireEngineSample[] = [];
  for (const h of GPU_HOSTS) {
    const rho = clamp(cond.gpuUtil * h.share, 0, 0.995);
    for (let gpu = 0; gpu < h.gpus; gpu++) {
      const rng = Rng.from(seed, timeMs, h.host, gpu, "dcgm");
      const util = clamp(100 * (0.1 + 1.0 * rho) + rng.normal() * 3, 1, 100);
      out.push({
        time: timeMs,
        host: h.host,
        source: "dcgm",
        gpuIndex: gpu,
        gpuUuid: gpuUuid(h.host, gpu),
        gpuName: GPU_NAME,
        gpuUtilPct: round(util, 1),
        memUsedBytes: Math.round(GPU_MEM_TOTAL_BYTES * VLLM_MEMORY_SHARE + 600 * 1024 ** 2 + rng.normal() * 40 * 1024 ** 2),
        memTotalBytes: GPU_MEM_TOTAL_BYTES,
        powerW: round(clamp(80 + 6.1 * util + rng.normal() * 12, 60, 700), 1),
        temperatureC: round(clamp(33 + 0.43 * util + rng.normal() * 0.8, 25, 90), 1),
        labels: { pool: "vllm-llama", model: SERVED_MODEL },
      });
    }
    const rng = Rng.from(seed, timeMs, h.host, "vllm");
    const backlog = cond.incident * (8 + 4 * Math.min(incidentElapsedMinutes(timeMs), 16));
    const waiting =
      cond.incident > 0
        ? Math.round(backlog * h.share * rng.uniform(0.85, 1.15))
        : rho > 0.65
          ? rng.poisson((rho - 0.65) * 20)
          : 0;
    out.push({
      time: timeMs,
      host: h.host,
      source: "vllm",
      kvCacheUsagePct: round(clamp(100 * (0.06 + 0.85 * rho * rho) + 9 * cond.incident + rng.normal() * 2, 0, 100), 1),
      requestsRunning: clamp(Math.round(MAX_NUM_SEQS * rho * 0.8 + rng.normal() * 2), 0, MAX_NUM_SEQS),
      requestsWaiting: waiting,
      labels: { engine: "vllm", model: SERVED_MODEL },
    });
  }
  return out;
}

/** Engine samples for every sample time in [fromMs, toMs) on the given grid. */
export function engineSamplesBetween(seed: number, fromMs: number, toMs: number, intervalMs: number): WireEngineSample[] {
  const out: WireEngineSample[] = [];
  for (let t = Math.ceil(fromMs / intervalMs) * intervalMs; t < toMs; t += intervalMs) out.push(...engineSamplesAt(seed, t));
  return out;
}
