// Bounded overload on loopback: a real HTTP server on 127.0.0.1 in front of the app's route
// handlers, ingest admission lowered so that overload is reachable at once, then N concurrent
// ingest requests (tRPC ingest.batch and OTLP/JSON) at several times its capacity. Every span
// acknowledged (2xx) must be stored, every refusal must be a whole-request 429/503 with Retry-After,
// admitted work never exceeds the cap, and retrying per Retry-After stores everything sent.
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { createAdmission, ingestAdmission, useIngestAdmission } from "@/server/http/admission";
import { createRateLimiter, useIngestRateLimiter } from "@/server/http/rate-limit";
import { scrapeSelfMetrics } from "@/server/observability/scrape";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { serveLoopback } from "./loopback";

const CAPACITY = 4; // admitted ingest requests at once
const MAX_BYTES = 2 * 1024 * 1024; // admitted request bytes at once
const FACTOR = 8; // concurrent requests per admission slot
const TRACES_PER_REQUEST = 40;
const SPANS_PER_TRACE = 5;
const SPANS_PER_REQUEST = TRACES_PER_REQUEST * SPANS_PER_TRACE;
const UPLOAD_GAP_MS = 100;

type Path = "ingest.batch" | "otlp-json";
interface Sent {
  path: Path;
  body: string;
  spans: number;
}
interface Answer {
  status: number;
  retryAfter: string | null;
  /** Spans the answer acknowledges as stored (0 unless 2xx). */
  acked: number;
  text: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

function batchBody(): Sent {
  const t0 = Date.now() - 120_000;
  const traces = Array.from({ length: TRACES_PER_REQUEST }, () => {
    const traceId = hex(16);
    return {
      traceId,
      name: "POST /v1/chat",
      taskType: "chat",
      spans: Array.from({ length: SPANS_PER_TRACE }, (_, s) => ({
        spanId: `s${s}`,
        parentSpanId: s === 0 ? undefined : "s0",
        name: s === 0 ? "POST /v1/chat" : `stage ${s}`,
        stage: s === 0 ? undefined : "generation",
        startTime: t0 + s,
        durationMs: 100 - s,
      })),
    };
  });
  return { path: "ingest.batch", body: JSON.stringify({ traces }), spans: SPANS_PER_REQUEST };
}

function otlpBody(): Sent {
  const t0 = BigInt(Date.now() - 120_000) * 1_000_000n;
  const spans = [];
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const traceId = hex(16);
    const root = hex(8);
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      spans.push({
        traceId,
        spanId: s === 0 ? root : hex(8),
        parentSpanId: s === 0 ? undefined : root,
        name: s === 0 ? "POST /v1/chat" : `stage ${s}`,
        kind: s === 0 ? 2 : 1,
        startTimeUnixNano: String(t0 + BigInt(s) * 1_000_000n),
        endTimeUnixNano: String(t0 + BigInt(100 - s) * 1_000_000n),
      });
    }
  }
  const body = { resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: "overload" } }] }, scopeSpans: [{ scope: { name: "overload" }, spans }] }] };
  return { path: "otlp-json", body: JSON.stringify(body), spans: SPANS_PER_REQUEST };
}

/**
 * One request over node:http: headers and the first half of the body at once, the rest when
 * `gate` opens, like a client uploading over a real network. (PGlite runs queries on the JS
 * thread: a request whose body is all there is runs to its end without yielding, so on loopback
 * requests overlap only while they upload.) A request answered before its upload ends (a refusal)
 * has its connection closed, as a client does.
 */
function send(url: string, key: string, sent: Sent, gate: Promise<unknown>): Promise<Answer> {
  const path = sent.path === "ingest.batch" ? "/api/trpc/ingest.batch" : "/api/otel/v1/traces";
  const body = Buffer.from(sent.body);
  return new Promise<Answer>((resolve, reject) => {
    let answered = false;
    let uploaded = false;
    const req = request(`${url}${path}`, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", "content-length": body.length, authorization: `Bearer ${key}` },
    });
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        answered = true;
        if (!uploaded) req.destroy();
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString("utf8");
        let acked = 0;
        if (status >= 200 && status < 300) {
          const json = JSON.parse(text);
          acked = sent.path === "ingest.batch" ? json.result.data.spans : sent.spans - Number(json.partialSuccess?.rejectedSpans ?? 0);
        }
        const retryAfter = res.headers["retry-after"];
        resolve({ status, retryAfter: typeof retryAfter === "string" ? retryAfter : null, acked, text });
      });
    });
    const half = body.length >> 1;
    req.write(body.subarray(0, half));
    void gate.then(() => {
      if (answered) return;
      uploaded = true;
      req.end(body.subarray(half));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(BACKENDS)("bounded overload on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;
  let server: Awaited<ReturnType<typeof serveLoopback>>;
  const restore: Array<() => void> = [];

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key } = await createTestProject(handle, "overload"));
    serveFrom(handle, projectId);
    restore.push(useIngestAdmission(createAdmission({ maxInFlight: CAPACITY, maxBytes: MAX_BYTES, retryAfterS: 1 })));
    // the per-key limit stays out of the way here: this test is about the process's capacity
    restore.push(useIngestRateLimiter(createRateLimiter({ spansPerS: 1e9, spansBurst: 1e9, requestsPerS: 1e9, requestsBurst: 1e9 })));
    server = await serveLoopback();
  });
  afterAll(async () => {
    await server?.close();
    for (const r of restore.reverse()) r();
    await handle?.close();
  });

  const storedSpans = async () =>
    Number((await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM spans WHERE project_id = ${projectId}`))[0]!.n);

  it(`acknowledged = stored at ${FACTOR}× capacity; refusals are whole 429/503 with Retry-After; retries store everything`, async () => {
    const requests = CAPACITY * FACTOR;
    const bodies: Sent[] = Array.from({ length: requests }, (_, i) => (i % 2 === 0 ? batchBody() : otlpBody()));
    const totalSpans = bodies.reduce((n, b) => n + b.spans, 0);

    // admitted work, sampled all through the burst: never more than the cap
    let peakInFlight = 0;
    let peakBytes = 0;
    const sampler = setInterval(() => {
      const s = ingestAdmission().stats();
      peakInFlight = Math.max(peakInFlight, s.inFlight);
      peakBytes = Math.max(peakBytes, s.bytes);
    }, 1).unref();

    // All requests start at once; their uploads finish once every one of them has been either
    // admitted (counted in flight) or answered: the whole burst meets the admission together.
    const started = performance.now();
    let answeredCount = 0;
    let openGate!: () => void;
    const gate = new Promise<void>((r) => (openGate = r));
    const watch = setInterval(() => {
      if (answeredCount + ingestAdmission().stats().inFlight >= requests || performance.now() - started > 10_000) openGate();
    }, 2).unref();
    const first = await Promise.all(bodies.map((b) => send(server.url, key, b, gate).finally(() => answeredCount++)));
    clearInterval(watch);
    const refusedIdx = first.flatMap((a, i) => (a.status >= 200 && a.status < 300 ? [] : [i]));
    for (const i of refusedIdx) {
      const a = first[i]!;
      expect([429, 503], `request ${i} answered ${a.status}: ${a.text}`).toContain(a.status);
      expect(Number(a.retryAfter), `request ${i}: Retry-After ${a.retryAfter}`).toBeGreaterThan(0);
    }
    const acked = first.reduce((n, a) => n + a.acked, 0);
    for (let i = 0; i < requests; i++) if (!refusedIdx.includes(i)) expect(first[i]!.acked).toBe(bodies[i]!.spans);
    const storedAfterBurst = await storedSpans();

    // overload was real: some were refused, some admitted
    expect(refusedIdx.length).toBeGreaterThan(0);
    expect(acked).toBeGreaterThan(0);
    // nothing acknowledged is lost, nothing refused is half-written
    expect(storedAfterBurst).toBe(acked);

    // retry the refused ones as a client would: after Retry-After (plus jitter), until all are in
    let pending = refusedIdx.map((i) => ({ i, wait: Number(first[i]!.retryAfter) }));
    let retries = 0;
    let rounds = 0;
    while (pending.length > 0) {
      expect(++rounds, "retries did not converge").toBeLessThan(40);
      const answers = await Promise.all(
        pending.map(async (p) => {
          await sleep(p.wait * 1000 + Math.random() * 500);
          retries++;
          return { i: p.i, a: await send(server.url, key, bodies[p.i]!, sleep(UPLOAD_GAP_MS)) };
        }),
      );
      pending = [];
      for (const { i, a } of answers) {
        if (a.status >= 200 && a.status < 300) {
          expect(a.acked).toBe(bodies[i]!.spans);
          continue;
        }
        expect([429, 503], `retry of ${i} answered ${a.status}: ${a.text}`).toContain(a.status);
        expect(Number(a.retryAfter)).toBeGreaterThan(0);
        pending.push({ i, wait: Number(a.retryAfter) });
      }
    }
    clearInterval(sampler);
    const storedFinal = await storedSpans();

    expect(peakInFlight).toBeLessThanOrEqual(CAPACITY);
    expect(peakBytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(storedFinal).toBe(totalSpans);
    // the gauge Prometheus scrapes reads the same admission: drained after the run
    expect(await scrapeSelfMetrics()).toMatch(/^tailwatch_ingest_inflight 0$/m);

    console.log(
      `[overload ${backend}] factor ${FACTOR}× (${requests} concurrent requests, capacity ${CAPACITY}); ` +
        `refused ${refusedIdx.length}/${requests} requests; spans acknowledged ${acked}, stored ${storedAfterBurst}, ` +
        `lost ${acked - storedAfterBurst}; peak in flight ${peakInFlight}/${CAPACITY}, peak bytes ${peakBytes}/${MAX_BYTES}; ` +
        `${retries} retries in ${rounds} rounds → stored ${storedFinal}/${totalSpans} ` +
        `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  });
});
