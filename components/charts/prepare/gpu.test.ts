import { describe, expect, it } from "vitest";
import { holdGauges, prepareGpuHosts } from "./gpu";
import type { MetricsOutput } from "./types";

type Series = MetricsOutput["gpu"]["series"][number];
const GIB = 1024 ** 3;
const empty = { gpuUtilPct: null, memUsedBytes: null, memTotalBytes: null, powerW: null, temperatureC: null, kvCacheUsagePct: null, requestsRunning: null, requestsWaiting: null };
const dcgm = (host: string, gpuKey: string, util: number | null): Series => ({
  host, gpuKey, source: "dcgm", gpuName: "H100",
  points: [{ t: 0, ...empty, gpuUtilPct: util, memUsedBytes: 40 * GIB, memTotalBytes: 80 * GIB, powerW: 300 }, { t: 60_000, ...empty }],
});
const vllm = (host: string): Series => ({ host, gpuKey: "", source: "vllm", gpuName: null, points: [{ t: 0, ...empty, kvCacheUsagePct: 50, requestsRunning: 3, requestsWaiting: 0 }] });

describe("prepareGpuHosts", () => {
  it("one card per host, GPUs before engines, columns per device", () => {
    const [host] = prepareGpuHosts([vllm("node-1"), dcgm("node-1", "GPU-b", 70), dcgm("node-1", "GPU-a", 30)]);
    expect(host!.host).toBe("node-1");
    expect(host!.gpuName).toBe("H100");
    expect(host!.devices.map((d) => [d.dataKey, d.label, d.kind])).toEqual([["d0", "GPU 0", "gpu"], ["d1", "GPU 1", "gpu"], ["d2", "vllm", "engine"]]);
    expect(host!.metrics).toEqual(["util", "mem", "power", "kv", "requests"]);
    expect(host!.points[0]).toMatchObject({ t: 0, d0_util: 30, d1_util: 70, d0_memUsedGiB: 40, d0_memTotalGiB: 80, d2_kv: 50, d2_running: 3 });
  });

  it("a bucket where nothing reported within the hold stays a gap", () => {
    const [host] = prepareGpuHosts([dcgm("n", "0", 10)], 30_000);
    expect(host!.points[1]).toMatchObject({ d0_util: null, d0_memUsedGiB: null, d0_power: null });
  });

  it.each<[string, Series[], string[]]>([
    ["hosts sorted by name", [dcgm("b", "0", 1), dcgm("a", "0", 1)], ["a", "b"]],
    ["no series, no hosts", [], []],
  ])("%s", (_n, series, hosts) => expect(prepareGpuHosts(series).map((h) => h.host)).toEqual(hosts));

  it("charts only the gauges some device reported", () => {
    expect(prepareGpuHosts([vllm("n")])[0]!.metrics).toEqual(["kv", "requests"]);
  });
});

describe("holdGauges", () => {
  const at = (t: number, util: number | null) => ({ t, ...empty, gpuUtilPct: util });
  it.each<[string, Array<ReturnType<typeof at>>, Array<number | null>]>([
    ["holds the last sample between samples", [at(0, 40), at(10_000, null), at(20_000, null), at(60_000, 50)], [40, 40, 40, 50]],
    ["a gap longer than the hold stays a gap", [at(0, 40), at(200_000, null), at(400_000, null)], [40, 40, null]],
    ["nothing before the first sample", [at(0, null), at(10_000, 30)], [null, 30]],
  ])("%s", (_n, points, utils) => {
    expect(holdGauges(points, 300_000).map((p) => p.gpuUtilPct)).toEqual(utils);
  });
});
