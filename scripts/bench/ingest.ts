// `npm run bench`: ingest throughput through the real HTTP path of the built app against a real
// PostgreSQL (BENCH_DATABASE_URL, or a throwaway server), compared in the same run with a
// one-row-per-INSERT baseline. Prints a table and writes bench/results/<date>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
// @ts-expect-error -- plain ESM helper shared with the tests
import { startThrowawayPostgres } from "../throwaway-postgres.mjs";
import { ensureBuilt, rssBytes, startApp } from "./server";
import { benchAlerts } from "./alerts";
import { benchQueries } from "./queries";
import { syntheticBatch } from "./synthetic";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ""), process.argv[i + 1] ?? "");
const totalSpans = Number(args.get("spans") ?? 10_000_000);
const tracesPerBatch = Number(args.get("batch-traces") ?? 200);
const spansPerTrace = 5;
const concurrency = Number(args.get("concurrency") ?? 4);
const baselineSpans = Number(args.get("baseline-spans") ?? 10_000);
const KEY = "tw_bench_key_0123456789abcdef";
/** `--keep yes` leaves the bench database in place (with BENCH_DATABASE_URL) for a look afterwards */
const keep = args.get("keep") === "yes" && !!process.env.BENCH_DATABASE_URL;

async function main() {
  const pgServer = process.env.BENCH_DATABASE_URL ? null : await startThrowawayPostgres({ log: console.log });
  const adminUrl: string = process.env.BENCH_DATABASE_URL ?? pgServer.url;
  const dbName = `tw_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  ensureBuilt(root);
  const app = await startApp(root, { DATABASE_URL: dbUrl, TAILWATCH_BOOTSTRAP_KEY: KEY, DB_POOL_SIZE: "8" });
  let peakRss = rssBytes(app.child.pid!);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(app.child.pid!))), 200);
  try {
    const baseMs = Date.now() - 7 * 86_400_000 - 60_000;
    const batches = Math.ceil(totalSpans / (tracesPerBatch * spansPerTrace));
    // the data set spreads over 7 days, like a week of production traffic
    const spacingMs = (7 * 86_400_000) / (batches * tracesPerBatch);
    // bodies are generated as they are sent: 10 M spans of JSON would not fit in memory at once
    const body = (b: number) => JSON.stringify(syntheticBatch({ batchIndex: b, traces: tracesPerBatch, spansPerTrace, baseMs, spacingMs }));
    // warm-up: one batch outside the measurement (JIT, price cache, connection pool)
    await send(app.url, JSON.stringify(syntheticBatch({ batchIndex: batches + 1, traces: 20, spansPerTrace, baseMs })));
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches) await send(app.url, body(next++));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const sent = batches * tracesPerBatch * spansPerTrace;
    const ingestRate = sent / seconds;

    // Baseline: the same kind of rows, one INSERT per span, on the same server.
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const { rows } = await db.query("SELECT id FROM projects WHERE slug = 'default'");
    const projectId = rows[0].id;
    const sample = syntheticBatch({ batchIndex: batches + 10, traces: Math.ceil(baselineSpans / spansPerTrace), spansPerTrace, baseMs });
    const b0 = performance.now();
    let baselineCount = 0;
    for (const t of sample.traces) {
      for (const s of t.spans as Array<Record<string, unknown>>) {
        await db.query(
          `INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, stage, start_time, end_time, duration_ms, model, input_tokens, output_tokens)
           VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0), to_timestamp($8 / 1000.0), $9, $10, $11, $12)
           ON CONFLICT DO NOTHING`,
          [projectId, `base-${t.traceId}`, s.spanId, s.parentSpanId ?? null, s.name, s.stage, s.startTime, s.endTime, Number(s.endTime) - Number(s.startTime), s.model ?? null, s.inputTokens ?? null, s.outputTokens ?? null],
        );
        baselineCount++;
      }
    }
    const baselineRate = baselineCount / ((performance.now() - b0) / 1000);
    const stored = Number((await db.query("SELECT count(*) AS n FROM spans WHERE trace_id LIKE 'bench-%'")).rows[0].n);
    await db.query("DELETE FROM spans WHERE trace_id LIKE 'base-%'");
    // rollups are kept by the server's job: wait for it to catch up, and time it
    const r0 = performance.now();
    // every tier: minutes, and the hours and days that are over (the one under way merges when it ends)
    const pending = async () =>
      Number(
        (
          await db.query(`SELECT (SELECT count(*) FROM rollup_dirty)
            + (SELECT count(*) FROM rollup_dirty_hour WHERE hour + interval '1 hour' <= now())
            + (SELECT count(*) FROM rollup_dirty_day WHERE day + interval '1 day' <= now()) AS n`)
        ).rows[0].n,
      );
    while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 500));
    const rollupCatchUpS = (performance.now() - r0) / 1000 + seconds;
    await db.end();
    const queries = await benchQueries(dbUrl, projectId, baseMs, Date.now());
    const alerts = args.get("alerts") === "no" ? null : (console.log("\nAlert evaluation: 1 000 rules over the demo week (embedded PGlite) …"), await benchAlerts());

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
      ingest: {
        spansSent: sent,
        spansStored: stored,
        batchTraces: tracesPerBatch,
        batchSpans: tracesPerBatch * spansPerTrace,
        concurrency,
        seconds: Number(seconds.toFixed(2)),
        spansPerSecond: Math.round(ingestRate),
        baselineRowPerInsertSpansPerSecond: Math.round(baselineRate),
        speedupVsBaseline: Number((ingestRate / baselineRate).toFixed(1)),
      },
      serverPeakRssMb: Math.round(peakRss / 1024 / 1024),
      rollups: { caughtUpSecondsAfterIngestStart: Number(rollupCatchUpS.toFixed(1)) },
      queries,
      alerts,
    };
    console.log("\nIngest benchmark (real HTTP path → PostgreSQL)");
    console.table({
      "batched ingest (spans/s)": result.ingest.spansPerSecond,
      "row-per-INSERT baseline (spans/s)": result.ingest.baselineRowPerInsertSpansPerSecond,
      "speed-up (×)": result.ingest.speedupVsBaseline,
      "spans sent / stored": `${sent} / ${stored}`,
      "batch (spans/request)": result.ingest.batchSpans,
      "server peak RSS (MB)": result.serverPeakRssMb,
    });
    console.log(`\nDashboard queries over ${queries.groups} model × stage groups (rollups vs raw rows, warm median; sketch α = ${(queries.alpha * 100).toFixed(2)} %)`);
    console.table(queries.results);
    console.log(`rollups caught up ${result.rollups.caughtUpSecondsAfterIngestStart} s after ingest started`);
    if (alerts) {
      console.log(`\nAlert evaluation (1 000 rules, demo week on PGlite, median of 3)`);
      console.table({
        "one evaluation of every rule (ms)": alerts.evaluationMs,
        "share of the 30 s interval": `${(alerts.shareOfInterval * 100).toFixed(1)} %`,
        "baseline: each rule on its own (ms)": alerts.baselineOneByOneMs,
        "speed-up (×)": Number(alerts.speedup.toFixed(1)),
        "alert instances (firing / pending / other)": alerts.instances,
      });
    }
    const dir = path.join(root, "bench", "results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${result.date.slice(0, 10)}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`written ${path.relative(root, file)}`);
    if (stored !== sent) throw new Error(`stored ${stored} of ${sent} acknowledged spans`);
  } finally {
    clearInterval(sampler);
    await app.stop();
    if (keep) console.log(`kept database ${dbUrl}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await pgServer?.stop();
  }
}

async function send(url: string, body: string) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url}/api/trpc/ingest.batch`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
      body,
    });
    if (res.ok) return;
    if ((res.status === 429 || res.status === 503) && attempt < 10) {
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      continue;
    }
    throw new Error(`ingest answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
