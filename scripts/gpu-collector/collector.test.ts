import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const RECORDED = path.join(ROOT, "test/fixtures/engine/nvidia-smi.csv");
const MiB = 1024 * 1024;

interface Recorded {
  url: string;
  authorization: string | undefined;
  body: { engineSamples: Record<string, unknown>[] };
}

/** A stand-in for Tailwatch: records requests, answers with the queued statuses, then 200. */
function startRecorder() {
  const requests: Recorded[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      const body = JSON.parse(data) as Recorded["body"];
      requests.push({ url: req.url!, authorization: req.headers.authorization, body });
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ result: { data: { traces: 0, spans: 0, engineSamples: body.engineSamples.length } } }));
      } else {
        res.writeHead(status, { "content-type": "application/json", "retry-after": "0" });
        res.end(JSON.stringify({ error: { message: status === 401 ? "unknown or revoked API key" : "busy" } }));
      }
    });
  });
  return { server, requests, statuses };
}

let dir: string;
let emptyDir: string;
const recorder = startRecorder();
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "fake-smi-"));
  emptyDir = mkdtempSync(path.join(tmpdir(), "no-smi-"));
  // a fake nvidia-smi: logs its arguments, prints the recorded readings; with -l, prints them
  // twice and then waits like the real one (exec, so SIGTERM reaches the waiting process)
  const script = `#!/bin/sh
printf '%s\\n' "$*" >> "${dir}/args.log"
cat "${RECORDED}"
case "$*" in *" -l "*) sleep 0.5; cat "${RECORDED}"; exec sleep 30;; esac
`;
  writeFileSync(path.join(dir, "nvidia-smi"), script);
  chmodSync(path.join(dir, "nvidia-smi"), 0o755);
  await new Promise<void>((r) => recorder.server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(recorder.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => recorder.server.close(r));
  rmSync(dir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
});

function collector(args: string[], pathDirs: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/gpu-collector.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, PATH: pathDirs },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on("close", (code) => resolve({ code, output })));
  return { child: child as ChildProcess, done };
}

async function waitFor(check: () => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("gpu-collector", () => {
  it("--once pushes one batch with every GPU, retrying a 503", { timeout: 30_000 }, async () => {
    recorder.requests.length = 0;
    recorder.statuses.push(503);
    const { code, output } = await collector(["--url", `${base}/`, "--key", "tw_test", "--host", "gpu-host-1", "--once"], `${dir}:${process.env.PATH}`).done;
    expect(output).toContain("pushed 2 GPU reading(s) from gpu-host-1");
    expect(code).toBe(0);
    expect(recorder.requests).toHaveLength(2);
    const [first, retry] = recorder.requests;
    expect(retry).toEqual(first);
    expect(first!.url).toBe("/api/trpc/ingest.batch");
    expect(first!.authorization).toBe("Bearer tw_test");
    expect(first!.body.engineSamples).toEqual([
      {
        time: new Date(2026, 10, 20, 12, 0, 0, 123).getTime(),
        host: "gpu-host-1",
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
      expect.objectContaining({ gpuIndex: 1, gpuUtilPct: 0, temperatureC: 34 }),
    ]);
    expect(first!.body.engineSamples[1]).not.toHaveProperty("powerW");
    const args = readFileSync(path.join(dir, "args.log"), "utf8").trim().split("\n").at(-1);
    expect(args).toBe(
      "--query-gpu=timestamp,index,uuid,name,utilization.gpu,utilization.memory,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits",
    );
  });

  it("keeps pushing each tick with -l and exits 0 on SIGTERM", { timeout: 30_000 }, async () => {
    recorder.requests.length = 0;
    const run = collector(["--url", base, "--key", "tw_test", "--host", "h", "--interval", "7"], `${dir}:${process.env.PATH}`);
    await waitFor(() => recorder.requests.length >= 2);
    run.child.kill("SIGTERM");
    const { code } = await run.done;
    expect(code).toBe(0);
    expect(recorder.requests.map((r) => r.body.engineSamples.length)).toEqual([2, 2]);
    expect(readFileSync(path.join(dir, "args.log"), "utf8")).toContain("--format=csv,noheader,nounits -l 7");
  });

  it("stops with exit code 1 when the key is refused", { timeout: 30_000 }, async () => {
    recorder.statuses.push(401);
    const { code, output } = await collector(["--url", base, "--key", "tw_bad", "--once"], `${dir}:${process.env.PATH}`).done;
    expect(code).toBe(1);
    expect(output).toContain("refused the API key (401): unknown or revoked API key");
  });

  it("exits 2 with a clear message when nvidia-smi is not installed", { timeout: 30_000 }, async () => {
    const { code, output } = await collector(["--url", base, "--key", "tw_test", "--once"], emptyDir).done;
    expect(code).toBe(2);
    expect(output).toContain("nvidia-smi not found");
  });
});
