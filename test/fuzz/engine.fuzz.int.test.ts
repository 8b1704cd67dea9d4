import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { POST as push } from "@/app/api/engine/push/route";
import { POST as otlpMetrics } from "@/app/api/otel/v1/metrics/route";
import { encodeMetricsRequestProto } from "@/server/engine/otlp-metrics-proto";
import { otlpGpuRequest } from "@/test/fixtures/engine/otlp-gpu-request";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { damaged, fuzzCases, fuzzOptions, hostileNumber, hostileString, plausibleMs, runCase } from "./harness";

const enc = (s: string) => new Uint8Array(Buffer.from(s));

// ── Prometheus text ─────────────────────────────────────────────────────────────
const metricName = fc.oneof(
  fc.constantFrom("DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "vllm:num_requests_running", "vllm:e2e_request_latency_seconds", "tgi_queue_size", "up"),
  fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,20}$/),
  hostileString,
);
const labelValue = fc.oneof(hostileString, fc.constantFrom('\\"', "\\n", "\\\\", "\\x", '"'));
const labels = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom("gpu", "Hostname", "le", "model_name", "UUID"), fc.stringMatching(/^[a-z_]{1,8}$/), hostileString), labelValue), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `{${pairs.map(([k, v]) => `${k}="${v}"`).join(",")}}` : ""));
const value = fc.oneof(hostileNumber.map(String), fc.constantFrom("NaN", "+Inf", "-Inf", "1e999", "0x10", "", "1_000", "-0"));
const timestamp = fc.oneof(fc.constant(""), plausibleMs.map((ms) => ` ${ms}`), hostileNumber.map((n) => ` ${n}`), fc.constantFrom(" 99999999999999999999", " -1"));
const line = fc.oneof(
  { arbitrary: fc.tuple(metricName, labels, value, timestamp).map(([n, l, v, t]) => `${n}${l} ${v}${t}`), weight: 6 },
  { arbitrary: fc.tuple(metricName, fc.constantFrom("gauge", "counter", "histogram", "summary", "untyped", "bogus")).map(([n, t]) => `# TYPE ${n} ${t}`), weight: 2 },
  { arbitrary: fc.tuple(metricName, hostileString).map(([n, h]) => `# HELP ${n} ${h}`), weight: 1 },
  { arbitrary: hostileString, weight: 1 },
);
const promBody = fc.oneof(
  { arbitrary: fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom("\n", "\r\n")).map(([lines, eol]) => enc(lines.join(eol))), weight: 8 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array(b)), weight: 1 },
  // invalid UTF-8 in a label value
  { arbitrary: fc.constant(new Uint8Array([...Buffer.from('up{a="'), 0xc3, 0x28, 0xff, 0xfe, ...Buffer.from('"} 1\n')])), weight: 1 },
);
const host = fc.oneof({ arbitrary: fc.constant("gpu-node-1"), weight: 4 }, { arbitrary: hostileString, weight: 1 });

// ── OTLP metrics ───────────────────────────────────────────────────────────────
const wild = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
/** Replaces a random leaf of the fixture with something else: a wrong type, a huge number, a hostile string. */
const mutatedFixture = fc.tuple(fc.array(fc.tuple(fc.nat(), wild), { minLength: 1, maxLength: 4 }), plausibleMs).map(([edits, ms]) => {
  const req = otlpGpuRequest(ms) as unknown as Record<string, unknown>;
  const leaves: [Record<string, unknown>, string][] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      leaves.push([node as Record<string, unknown>, k]);
      walk(v);
    }
  };
  walk(req);
  for (const [at, v] of edits) {
    const [parent, key] = leaves[at % leaves.length]!;
    parent[key] = v;
  }
  return req;
});
type Sent = { body: Uint8Array<ArrayBuffer>; type: string };
const metricsBodies: fc.Arbitrary<Sent> = fc.oneof(
  { arbitrary: mutatedFixture.map((r) => ({ body: enc(JSON.stringify(r)), type: "application/json" })), weight: 5 },
  { arbitrary: plausibleMs.chain((ms) => damaged(enc(JSON.stringify(otlpGpuRequest(ms))))).map((body) => ({ body, type: "application/json" })), weight: 1 },
  { arbitrary: plausibleMs.map((ms) => ({ body: new Uint8Array(encodeMetricsRequestProto(otlpGpuRequest(ms))), type: "application/x-protobuf" })), weight: 1 },
  { arbitrary: plausibleMs.chain((ms) => damaged(encodeMetricsRequestProto(otlpGpuRequest(ms)))).map((body) => ({ body, type: "application/x-protobuf" })), weight: 3 },
);

describe.each(BACKENDS)("fuzz: engine and metrics ingest on %s", (backend) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDatabase(backend);
    serveFrom(handle, (await createTestProject(handle)).projectId);
  });
  afterAll(async () => {
    await handle.close();
    console.log(`[fuzz] engine: ${fuzzCases()} cases so far`);
  });

  it("Prometheus push: random pages never give 5xx, throw or half-write; stored rows never exceed what was acknowledged", async () => {
    await fc.assert(
      fc.asyncProperty(promBody, host, async (body, hostName) => {
        await runCase(
          handle,
          (key) => push(new Request(`http://localhost/api/engine/push?${new URLSearchParams({ host: hostName })}`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body })),
          (_res, stored, answer) => {
            const a = answer as { samples: number; metricPoints: number };
            expect(stored.engineSamples).toBeLessThanOrEqual(a.samples);
            expect(stored.metricPoints).toBeLessThanOrEqual(a.metricPoints);
            expect(stored.metricPoints > 0).toBe(a.metricPoints > 0);
            expect(stored.spans).toBe(0);
          },
        );
      }),
      fuzzOptions(`push-${backend}`),
    );
  });

  it("OTLP metrics: mutated, truncated and bit-flipped requests never give 5xx, throw or half-write", async () => {
    await fc.assert(
      fc.asyncProperty(metricsBodies, async ({ body, type }) => {
        await runCase(
          handle,
          (key) => otlpMetrics(new Request("http://localhost/api/otel/v1/metrics", { method: "POST", headers: { "content-type": type, authorization: `Bearer ${key}` }, body })),
          (_res, stored) => expect(stored.spans).toBe(0),
        );
      }),
      fuzzOptions(`otlp-metrics-${backend}`),
    );
  });
});
