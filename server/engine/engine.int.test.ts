import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST } from "@/app/api/engine/push/route";
import { POST as postOtlpMetrics } from "@/app/api/otel/v1/metrics/route";
import { otlpGpuRequest } from "@/test/fixtures/engine/otlp-gpu-request";
import { BACKENDS, createTestProject, databaseUrlOf, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { readEnv } from "@/server/env";
import { runScrapeTick, scrapeDueTargets, SCRAPE_LOCK_KEY, startScrapeLoop } from "./scrape-job";
import { createTarget, deleteTarget, listTargets, setTargetEnabled } from "./targets";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/engine/${name}`, import.meta.url), "utf8");

/** A stand-in for exporters: DCGM, vLLM, an HTML page, a 500, and one that never answers. */
function startExporters(): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    if (req.url === "/dcgm/metrics") return send(200, "text/plain; version=0.0.4", fixture("dcgm-exporter.prom"));
    if (req.url === "/vllm/metrics") return send(200, "text/plain; version=0.0.4; charset=utf-8", fixture("vllm.prom"));
    if (req.url === "/grafana") return send(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Grafana</body></html>");
    if (req.url === "/broken/metrics") return send(500, "text/plain", "internal error");
    if (req.url === "/hang/metrics") return; // never answers
    send(404, "text/plain", "404 page not found");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function push(body: string, key: string | null, query = "?host=gpu-box") {
  return POST(
    new Request(`http://localhost/api/engine/push${query}`, {
      method: "POST",
      headers: { "content-type": "text/plain", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body,
    }),
  );
}

describe.each(BACKENDS)("engine metrics on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;
  let server: Server;
  let base: string;

  const samples = (host?: string) =>
    rows<Record<string, unknown>>(
      handle.db,
      sql`SELECT * FROM engine_samples WHERE project_id = ${projectId}::uuid ${host ? sql`AND host = ${host}` : sql``} ORDER BY host, gpu_key`,
    );

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key } = await createTestProject(handle));
    serveFrom(handle, projectId);
    server = await startExporters();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await handle.close();
  });

  it("push: stores DCGM samples and reports skipped lines, ignored metrics and histograms", async () => {
    const res = await push(fixture("dcgm-exporter.prom"), key);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ samples: 2, skippedLines: [], ignoredMetrics: 4 });
    const stored = await samples("gpu-node-1");
    expect(stored.map((s) => [s.gpu_key, s.source, Number(s.gpu_util_pct), Number(s.mem_total_bytes)])).toEqual([
      ["GPU-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "dcgm", 0, 81042 * 1024 * 1024],
      ["GPU-8f3b2c1e-5d4a-4e2b-9c7f-1a2b3c4d5e6f", "dcgm", 97, 81042 * 1024 * 1024],
    ]);

    const bad = await push(fixture("malformed.prom"), key, "?host=l4-box&source=dcgm-test");
    expect(bad.status).toBe(200);
    const body = await bad.json();
    expect(body.samples).toBe(2);
    expect(body.skippedLines[0]).toEqual({ line: 4, reason: "expected ',' or '}' after label Hostname" });
    expect(body.droppedValues).toHaveLength(3);
    expect((await samples("l4-node")).map((s) => s.source)).toEqual(["dcgm-test", "dcgm-test"]);

    const vllm = await (await push(fixture("vllm.prom"), key, "?host=vllm-1")).json();
    expect(vllm.samples).toBe(1);
    expect(vllm.histograms).toHaveLength(5);
    const [engine] = await samples("vllm-1");
    expect(engine).toMatchObject({ source: "vllm", gpu_key: "", labels: { engine: "0", model_name: "meta-llama/Llama-3.1-8B-Instruct" } });
    expect(Number(engine!.kv_cache_usage_pct)).toBeCloseTo(42.75, 10);
  });

  it("push: answers 400 when no line parses or host is missing, 401 without a valid key, 413 over the limit", async () => {
    const before = (await samples()).length;
    const html = await push("<!DOCTYPE html>\n<html><body>login</body></html>", key);
    expect(html.status).toBe(400);
    expect((await html.json()).error).toMatch(/no Prometheus sample.*line 1/);
    expect((await push("", key)).status).toBe(400);
    expect((await push("tgi_queue_size 1", key, "")).status).toBe(400);
    expect((await push("tgi_queue_size 1", null)).status).toBe(401);
    expect((await push("tgi_queue_size 1", "tw_not_a_real_key_000000")).status).toBe(401);
    const huge = `# ${"x".repeat(5 * 1024 * 1024)}\ntgi_queue_size 1\n`;
    expect((await push(huge, key)).status).toBe(413);
    expect((await samples()).length).toBe(before);
  });

  it("otlp: GPU gauges become engine samples, gen_ai histograms are validated, other media types are refused", async () => {
    const time = Date.now() - 60_000;
    const otlp = (body: string, type = "application/json", auth: string | null = key) =>
      postOtlpMetrics(
        new Request("http://localhost/api/otel/v1/metrics", {
          method: "POST",
          headers: { "content-type": type, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
          body,
        }),
      );
    const res = await otlp(JSON.stringify(otlpGpuRequest(time)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedDataPoints: "2",
        errorMessage: "hw.gpu.utilization: value NaN dropped; gen_ai.client.operation.duration: bucketCounts must have one more entry than explicitBounds",
      },
    });
    const [s] = await samples("otel-gpu-1");
    expect(s).toMatchObject({ source: "otlp", gpu_key: "GPU-1", gpu_name: "NVIDIA L40S" });
    expect(Number(s!.gpu_util_pct)).toBe(75);
    expect(new Date(s!.time as string).getTime()).toBe(time);
    expect((await otlp("{}")).status).toBe(200);
    expect((await otlp("{nope")).status).toBe(400);
    expect((await otlp("[]")).status).toBe(400);
    expect((await otlp("{}", "text/plain")).status).toBe(415);
    const empty = await otlp("", "application/x-protobuf");
    expect(empty.status).toBe(200);
    expect(empty.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await otlp("{}", "application/json", null)).status).toBe(401);
  });

  it("targets: validates URL and interval, lists, disables and deletes", async () => {
    await expect(createTarget(handle.db, projectId, { url: "ftp://x/metrics" })).rejects.toThrow(/http/);
    await expect(createTarget(handle.db, projectId, { url: "not a url" })).rejects.toThrow();
    await expect(createTarget(handle.db, projectId, { url: "http://x:9400/metrics", intervalS: 2 })).rejects.toThrow();
    await expect(createTarget(handle.db, projectId, { url: "http://x:9400/metrics", intervalS: 7200 })).rejects.toThrow();
    const t = await createTarget(handle.db, projectId, { url: "http://x:9400/metrics", enabled: false });
    expect(t).toMatchObject({ intervalS: 15, enabled: false, extraLabels: {} });
    expect((await listTargets(handle.db, projectId)).map((x) => x.id)).toContain(t.id);
    expect(await setTargetEnabled(handle.db, projectId, { id: t.id, enabled: false })).toBe(true);
    const other = await createTestProject(handle, "other");
    expect(await deleteTarget(handle.db, other.projectId, t.id)).toBe(false);
    expect(await deleteTarget(handle.db, projectId, t.id)).toBe(true);
    expect(await listTargets(handle.db, projectId)).toEqual([]);
  });

  it("scrape: due targets become engine samples; disabled ones are not scraped; failures are recorded and never stop the others", async () => {
    const opts = { intervalS: 3600 };
    const dcgm = await createTarget(handle.db, projectId, { url: `${base}/dcgm/metrics`, extraLabels: { cluster: "eu-1" }, ...opts });
    const vllm = await createTarget(handle.db, projectId, { url: `${base}/vllm/metrics`, ...opts });
    const off = await createTarget(handle.db, projectId, { url: `${base}/vllm/metrics?off`, enabled: false, ...opts });
    const hang = await createTarget(handle.db, projectId, { url: `${base}/hang/metrics`, ...opts });
    const html = await createTarget(handle.db, projectId, { url: `${base}/grafana`, ...opts });
    const broken = await createTarget(handle.db, projectId, { url: `${base}/broken/metrics`, ...opts });
    const refused = await createTarget(handle.db, projectId, { url: `http://127.0.0.1:${await closedPort()}/metrics`, ...opts });

    const now = new Date();
    const outcomes = await scrapeDueTargets(handle.db, now, { timeoutMs: 400 });
    const byId = new Map(outcomes.map((o) => [o.targetId, o]));
    expect(byId.has(off.id)).toBe(false);
    expect(byId.get(dcgm.id)).toMatchObject({ samples: 2, error: null });
    expect(byId.get(vllm.id)).toMatchObject({ samples: 1, error: null });
    expect(byId.get(hang.id)!.error).toBe("timed out after 0.4 s");
    expect(byId.get(html.id)!.error).toMatch(/answered HTML/);
    expect(byId.get(broken.id)!.error).toBe("HTTP 500 Internal Server Error from the target");
    expect(byId.get(refused.id)!.error).toMatch(/connection refused/);

    const gpus = await samples("gpu-node-1");
    const scraped = gpus.filter((s) => (s.labels as Record<string, string>).cluster === "eu-1");
    expect(scraped).toHaveLength(2);
    expect(new Date(scraped[0]!.time as string).getTime()).toBe(now.getTime());
    const engine = await samples(new URL(base).host);
    expect(engine).toHaveLength(1);
    expect(Number(engine[0]!.requests_running)).toBe(12);

    const targets = new Map((await listTargets(handle.db, projectId)).map((t) => [t.id, t]));
    expect(targets.get(dcgm.id)).toMatchObject({ lastSamples: 2, lastError: null });
    expect(targets.get(dcgm.id)!.lastScrapeAt!.getTime()).toBe(now.getTime());
    expect(targets.get(dcgm.id)!.nextScrapeAt!.getTime()).toBe(now.getTime() + 3600_000);
    expect(targets.get(dcgm.id)!.lastDurationMs).toBeGreaterThanOrEqual(0);
    expect(targets.get(hang.id)).toMatchObject({ lastSamples: 0, lastError: "timed out after 0.4 s" });
    expect(targets.get(off.id)).toMatchObject({ lastScrapeAt: null, lastError: null });

    // nothing is due again until the interval has passed
    expect(await scrapeDueTargets(handle.db, new Date(now.getTime() + 1000))).toEqual([]);
    for (const t of targets.values()) await deleteTarget(handle.db, projectId, t.id);
  });

  it("scrape: a tick runs only where the advisory lock is free", async () => {
    await createTarget(handle.db, projectId, { url: `${base}/vllm/metrics`, intervalS: 3600 });
    if (backend === "postgres") {
      const other = new pg.Client({ connectionString: await databaseUrlOf(handle) });
      await other.connect();
      await other.query("SELECT pg_advisory_lock($1::bigint)", [SCRAPE_LOCK_KEY]);
      expect(await runScrapeTick(handle)).toBeNull();
      await other.query("SELECT pg_advisory_unlock($1::bigint)", [SCRAPE_LOCK_KEY]);
      await other.end();
    }
    const outcomes = await runScrapeTick(handle);
    expect(outcomes).toHaveLength(1);
    expect(outcomes![0]).toMatchObject({ samples: 1, error: null });
    // the lock was released: the next tick runs (and finds nothing due)
    expect(await runScrapeTick(handle)).toEqual([]);
  });

  it("scrape: the loop starts once per process, scrapes due targets and stops", async () => {
    const t = await createTarget(handle.db, projectId, { url: `${base}/dcgm/metrics`, intervalS: 3600, extraLabels: { via: "loop" } });
    const runtime = { env: readEnv({}), handle, defaultProjectId: projectId };
    const loop = startScrapeLoop(runtime, 50);
    expect(startScrapeLoop(runtime, 50)).toBe(loop);
    const until = Date.now() + 10_000;
    let lastSamples: number | null = null;
    while (lastSamples === null && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      lastSamples = (await listTargets(handle.db, projectId)).find((x) => x.id === t.id)?.lastSamples ?? null;
    }
    loop.stop();
    expect(lastSamples).toBe(2);
    const again = startScrapeLoop(runtime, 50);
    expect(again).not.toBe(loop);
    again.stop();
    await new Promise((r) => setTimeout(r, 300)); // let an in-flight tick finish before the database closes
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** The test database's URL (freshDatabase creates one database per suite on the shared server). */
