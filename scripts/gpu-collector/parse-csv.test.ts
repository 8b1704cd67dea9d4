import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { engineSampleInput } from "@/server/ingest/schema";
import { numberField, parseSmiLine, parseSmiTimestamp } from "./parse-csv";

const recorded = readFileSync(new URL("../../test/fixtures/engine/nvidia-smi.csv", import.meta.url), "utf8").trim().split("\n");
const MiB = 1024 * 1024;
const NOW = 1_795_000_000_000;
const local = (ms: number) => new Date(2026, 10, 20, 12, 0, 0, ms).getTime();

describe("parseSmiLine", () => {
  it.each([
    [
      "recorded GPU 0 (H100, busy)",
      recorded[0]!,
      {
        time: local(123),
        host: "gpu-host",
        source: "nvidia-smi",
        gpuIndex: 0,
        gpuUuid: "GPU-3c9e1f7a-2b4d-4c6e-8f0a-1b3d5f7a9c2e",
        gpuName: "NVIDIA H100 80GB HBM3",
        gpuUtilPct: 97,
        memUsedBytes: 76946 * MiB,
        memTotalBytes: 81559 * MiB,
        temperatureC: 71,
        powerW: 598.75,
      },
    ],
    [
      "recorded GPU 1 with power [N/A]",
      recorded[1]!,
      {
        time: local(125),
        host: "gpu-host",
        source: "nvidia-smi",
        gpuIndex: 1,
        gpuUuid: "GPU-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        gpuName: "NVIDIA H100 80GB HBM3",
        gpuUtilPct: 0,
        memUsedBytes: 1 * MiB,
        memTotalBytes: 81559 * MiB,
        temperatureC: 34,
      },
    ],
    [
      "[Not Supported] fields (GeForce / MIG)",
      "2026/11/20 12:00:00.5, 0, GPU-x, NVIDIA GeForce RTX 4090, [Not Supported], [Not Supported], 2048, 24564, 40, 31.20",
      { time: local(500), host: "gpu-host", source: "nvidia-smi", gpuIndex: 0, gpuUuid: "GPU-x", gpuName: "NVIDIA GeForce RTX 4090", memUsedBytes: 2048 * MiB, memTotalBytes: 24564 * MiB, temperatureC: 40, powerW: 31.2 },
    ],
    [
      "a comma in the GPU name, an unreadable timestamp (uses now)",
      "yesterday, 2, GPU-y, Acme, Model 9, 50, 10, 100, 200, 30, 100",
      { time: NOW, host: "gpu-host", source: "nvidia-smi", gpuIndex: 2, gpuUuid: "GPU-y", gpuName: "Acme, Model 9", gpuUtilPct: 50, memUsedBytes: 100 * MiB, memTotalBytes: 200 * MiB, temperatureC: 30, powerW: 100 },
    ],
    [
      "out-of-range values are left out",
      "2026/11/20 12:00:00, 0, GPU-z, X, 140, 0, -1, 100, 900, 999999",
      { time: local(0), host: "gpu-host", source: "nvidia-smi", gpuIndex: 0, gpuUuid: "GPU-z", gpuName: "X", memTotalBytes: 100 * MiB },
    ],
  ])("%s", (_, line, expected) => {
    const parsed = parseSmiLine(line, "gpu-host", NOW);
    expect(parsed).toEqual({ sample: expected });
    // exactly what ingest.batch accepts
    expect(engineSampleInput.safeParse({ ...expected, time: NOW }).success).toBe(true);
  });

  it.each([
    ["NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.", /expected 10 comma-separated fields, got 1/],
    ["2026/11/20 12:00:00.1, 0, GPU-a, H100, 1, 2, 3", /got 7/],
    ["2026/11/20 12:00:00.1, [N/A], GPU-a, H100, 1, 2, 3, 4, 5, 6", /invalid GPU index/],
  ])("refuses %s", (line, reason) => {
    const r = parseSmiLine(line, "h", NOW);
    expect("error" in r && r.error).toMatch(reason);
  });
});

describe("fields", () => {
  it.each([
    ["45", 45],
    [" 250.12 ", 250.12],
    ["[N/A]", null],
    ["N/A", null],
    ["[Not Supported]", null],
    ["[Unknown Error]", null],
    ["", null],
    ["12 MiB", null],
  ])("numberField(%j) = %s", (text, expected) => {
    expect(numberField(text)).toBe(expected);
  });

  it("reads nvidia-smi's local timestamp", () => {
    expect(parseSmiTimestamp("2026/11/20 12:00:00.123")).toBe(local(123));
    expect(parseSmiTimestamp("2026/11/20 12:00:00")).toBe(local(0));
    expect(parseSmiTimestamp("2026-11-20T12:00:00Z")).toBeNull();
  });
});
