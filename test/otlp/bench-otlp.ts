// OTLP ingest throughput through the built app (`next start`) against a real PostgreSQL
// (BENCH_DATABASE_URL, or a throwaway server): protobuf and JSON bodies, 1,000 spans per request.
//   npx tsx test/otlp/bench-otlp.ts [--spans 100000] [--concurrency 4] [--rounds 2]
// A measurement to read, not a test: it prints spans/s per encoding.
import path from "node:path";
import pg from "pg";
import { encodeTraceRequestProto } from "@/server/ingest/otlp/otlp-proto";
// @ts-expect-error -- plain ESM helper shared with the tests
import { startThrowawayPostgres } from "../../scripts/throwaway-postgres.mjs";
import { ensureBuilt, startApp } from "../../scripts/bench/server";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ""), process.argv[i + 1] ?? "");
const totalSpans = Number(args.get("spans") ?? 100_000);
const concurrency = Number(args.get("concurrency") ?? 4);
const rounds = Number(args.get("rounds") ?? 2);
const TRACES_PER_REQUEST = 200;
const SPANS_PER_TRACE = 5;
const KEY = "tw_bench_key_0123456789abcdef";

const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number) => ({ key, value: { intValue: String(v) } });

/** One OTLP request: 200 traces of a server span, retrieval, generation, tool and HTTP client spans. */
function request(encoding: "json" | "protobuf", batch: number, baseNs: bigint) {
  const spans = [];
  for (let i = 0; i < TRACES_PER_REQUEST; i++) {
    const n = batch * TRACES_PER_REQUEST + i;
    const traceId = (encoding === "json" ? "a" : "b") + n.toString(16).padStart(31, "0");
    const sid = (s: number) => `${n.toString(16).padStart(14, "0")}0${s}`;
    const t = (ms: number) => String(baseNs + BigInt((n % 50_000) * 37 + ms) * 1_000_000n);
    const span = (s: number, name: string, kind: number, from: number, to: number, attributes: unknown[]) => ({
      traceId, spanId: sid(s), ...(s > 0 ? { parentSpanId: sid(0) } : {}), name, kind,
      startTimeUnixNano: t(from), endTimeUnixNano: t(to), attributes,
    });
    spans.push(
      span(0, "POST /v1/chat", 2, 0, 1800, [str("tailwatch.task_type", "chat"), str("user.id", `user-${n % 500}`)]),
      span(1, "embeddings text-embedding-3-small", 3, 5, 60, [str("gen_ai.operation.name", "embeddings"), str("gen_ai.request.model", "text-embedding-3-small"), int("gen_ai.usage.input_tokens", 20)]),
      span(2, "chat gpt-4o-mini", 3, 100, 1600, [str("gen_ai.operation.name", "chat"), str("gen_ai.provider.name", "openai"), str("gen_ai.request.model", "gpt-4o-mini"), int("gen_ai.usage.input_tokens", 800 + (n % 900)), int("gen_ai.usage.output_tokens", 150), { key: "gen_ai.response.time_to_first_chunk", value: { doubleValue: 0.2 + (n % 40) / 100 } }]),
      span(3, "execute_tool lookup_order", 1, 1600, 1700, [str("gen_ai.operation.name", "execute_tool"), str("gen_ai.tool.name", "lookup_order")]),
      span(4, "POST", 3, 1700, 1790, [str("http.request.method", "POST"), int("http.response.status_code", 200), str("url.full", "https://hooks.example.com/x")]),
    );
  }
  const body = { resourceSpans: [{ resource: { attributes: [str("service.name", "bench"), str("service.version", "1.0.0")] }, scopeSpans: [{ scope: { name: "bench" }, spans }] }] };
  if (encoding === "json") return new TextEncoder().encode(JSON.stringify(body));
  const withBytes = JSON.parse(JSON.stringify(body), (k, v) => (["traceId", "spanId", "parentSpanId"].includes(k) ? Buffer.from(v, "hex") : v));
  return encodeTraceRequestProto(withBytes);
}

async function send(url: string, encoding: "json" | "protobuf", body: Uint8Array) {
  const res = await fetch(`${url}/api/otel/v1/traces`, {
    method: "POST",
    headers: { "content-type": encoding === "json" ? "application/json" : "application/x-protobuf", authorization: `Bearer ${KEY}` },
    body: new Uint8Array(body),
  });
  const text = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || (encoding === "json" && text.toString() !== "{}") || (encoding === "protobuf" && text.length !== 0)) {
    throw new Error(`OTLP answered ${res.status}: ${text.toString().slice(0, 300)}`);
  }
}

async function main() {
  const pgServer = process.env.BENCH_DATABASE_URL ? null : await startThrowawayPostgres({ log: console.log });
  const adminUrl: string = process.env.BENCH_DATABASE_URL ?? pgServer.url;
  const dbName = `tw_otlp_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  ensureBuilt(root);
  const app = await startApp(root, { DATABASE_URL: dbUrl, TAILWATCH_BOOTSTRAP_KEY: KEY, DB_POOL_SIZE: "8" });
  const results: Record<string, unknown>[] = [];
  try {
    const baseNs = BigInt(Date.now() - 6 * 86_400_000) * 1_000_000n;
    const requests = Math.ceil(totalSpans / (TRACES_PER_REQUEST * SPANS_PER_TRACE));
    const runs = Array.from({ length: rounds }, () => ["protobuf", "json"] as const).flat();
    for (const [e, encoding] of runs.entries()) {
      const bodies = Array.from({ length: requests }, (_, b) => request(encoding, (e + 1) * 10_000 + b, baseNs));
      if (e < 2) await send(app.url, encoding, request(encoding, 99_999 - e, baseNs)); // warm-up
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) await send(app.url, encoding, bodies[next++]!);
      }));
      const seconds = (performance.now() - t0) / 1000;
      const spans = requests * TRACES_PER_REQUEST * SPANS_PER_TRACE;
      results.push({
        encoding,
        round: Math.floor(e / 2) + 1,
        "spans/s": Math.round(spans / seconds),
        spans,
        "MB/request": Number((bodies[0]!.byteLength / 1e6).toFixed(2)),
        seconds: Number(seconds.toFixed(2)),
      });
    }
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const stored = Number((await db.query("SELECT count(*) AS n FROM spans")).rows[0].n);
    await db.end();
    console.log(`\nOTLP ingest (built app → PostgreSQL, ${TRACES_PER_REQUEST * SPANS_PER_TRACE} spans/request, concurrency ${concurrency})`);
    console.table(results);
    console.log(`spans stored: ${stored} (of ${runs.length * requests * TRACES_PER_REQUEST * SPANS_PER_TRACE} sent, plus ${2 * TRACES_PER_REQUEST * SPANS_PER_TRACE} warm-up)`);
  } finally {
    await app.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await pgServer?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
