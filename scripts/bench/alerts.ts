// `npm run bench:alerts` (also the last step of `npm run bench`): 1 000 alert rules evaluated
// against the demo week (the simulator's data at the demo density) on embedded PGlite, against a
// baseline measured in the same run that evaluates every rule on its own (no shared queries).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, rows, type Database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { evaluateRules } from "@/server/alerts/evaluator";
import { observeRules } from "@/server/alerts/observe";
import { createRule } from "@/server/alerts/rules";
import { ALERT_METRIC_NAMES, ALERT_METRICS, ruleInput, type RuleInput } from "@/server/alerts/schema";
import { ensureDefaultProject } from "@/server/bootstrap";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { syncBuiltinPrices } from "@/server/ingest/price-book";
import { drainRollups } from "@/server/rollup/recompute";
import { generateMinute } from "../simulator/generate";
import { engineSamplesAt } from "../simulator/gpu";
import { DAY_MINUTES, DEFAULT_SEED, HISTORY_TRACES_PER_DAY, MINUTE_MS } from "../simulator/profile";

const INTERVAL_S = 30;
const MODELS = ["", "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "llama-3.1-8b-instruct"];
const TASKS = ["", "chat", "rag_answer", "summarize", "extract", "agent"];

/** 1 000 rules spread over every metric, filter, group-by and window a user might pick. */
export function benchRules(n = 1000): RuleInput[] {
  const out: RuleInput[] = [];
  for (let i = 0; out.length < n; i++) {
    const metric = ALERT_METRIC_NAMES[i % ALERT_METRIC_NAMES.length]!;
    const def = ALERT_METRICS[metric];
    const gpu = def.family === "gpu";
    const model = gpu ? "" : MODELS[Math.floor(i / 24) % MODELS.length]!;
    const taskType = gpu ? "" : TASKS[Math.floor(i / 120) % TASKS.length]!;
    const threshold = def.unit === "ms" ? 2000 : def.unit === "%" ? 5 : 1;
    out.push(
      ruleInput.parse({
        name: `bench rule ${i}`,
        spec: {
          kind: "threshold",
          metric,
          comparator: ">",
          threshold,
          windowS: [60, 300, 900][i % 3],
          forS: 300,
          filters: { ...(model && { model }), ...(taskType && { taskType }) },
          ...(!gpu && i % 7 === 0 && { groupBy: "model" }),
        },
      }),
    );
  }
  return out;
}

/** The simulator's demo week (history density 0.5, like `npm start`) written through the ingest service. */
async function loadDemoWeek(db: Database, projectId: string, endMs: number, density = 0.5) {
  const endMinute = Math.floor(endMs / MINUTE_MS);
  const startMinute = endMinute - 7 * DAY_MINUTES;
  const mean = (HISTORY_TRACES_PER_DAY * density) / DAY_MINUTES;
  let traces = 0;
  for (let m = startMinute; m < endMinute; m += 60) {
    const batch = [];
    const samples = [];
    for (let k = m; k < Math.min(endMinute, m + 60); k++) {
      batch.push(...generateMinute(DEFAULT_SEED, k, mean));
      samples.push(...engineSamplesAt(DEFAULT_SEED, k * MINUTE_MS));
    }
    await ingestBatch(db, projectId, { traces: batch, engineSamples: samples } as never);
    traces += batch.length;
  }
  await drainRollups(db);
  return traces;
}

async function median(fn: () => Promise<unknown>, runs: number) {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function benchAlerts(opts: { rules?: number } = {}) {
  const handle = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(handle);
  await syncBuiltinPrices(handle.db);
  const projectId = await ensureDefaultProject(handle.db);
  const now = Date.now();
  const l0 = performance.now();
  const traces = await loadDemoWeek(handle.db, projectId, now);
  console.log(`[bench:alerts] demo week loaded: ${traces} traces in ${((performance.now() - l0) / 1000).toFixed(1)} s`);
  const inputs = benchRules(opts.rules ?? 1000);
  const rules: Array<Awaited<ReturnType<typeof createRule>>> = [];
  for (const input of inputs) rules.push(await createRule(handle.db, projectId, input));
  const evalMs = await median(() => evaluateRules(handle.db, { nowMs: now, settleMs: 10_000, externalURL: "http://localhost:3000" }), 3);
  // baseline: the same rules, each with its own queries (no source sharing)
  const baselineMs = await median(async () => {
    for (const r of rules) await observeRules(handle.db, [{ id: r.id, projectId, spec: r.spec, knownInstances: [] }], now - 10_000);
  }, 1);
  const states = await rows<{ state: string; n: number }>(handle.db, sql`SELECT state, count(*)::int AS n FROM alert_instances GROUP BY 1`);
  const count = (s: string) => states.find((x) => x.state === s)?.n ?? 0;
  const others = states.reduce((n, x) => n + x.n, 0) - count("firing") - count("pending");
  await handle.close();
  const result = {
    rules: rules.length,
    demoTraces: traces,
    evaluationMs: Math.round(evalMs),
    intervalS: INTERVAL_S,
    shareOfInterval: evalMs / (INTERVAL_S * 1000),
    baselineOneByOneMs: Math.round(baselineMs),
    speedup: baselineMs / evalMs,
    instances: `${count("firing")} / ${count("pending")} / ${others}`,
  };
  return result;
}

if (process.argv[1]?.endsWith("alerts.ts")) {
  const result = await benchAlerts();
  console.table([result]);
  const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../bench/results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-alerts.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`[bench:alerts] wrote ${file}`);
}
