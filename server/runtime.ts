import "server-only";
import { openDatabase, type DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { ensureBootstrapKey, ensureDefaultProject, ensureDemoAlertRule, ensureDemoKey } from "./bootstrap";
import { ensureFirstUsers } from "./auth/first-users";
import { readEnv, type Env } from "./env";
import { syncBuiltinPrices } from "./ingest/price-book";
import { startAlertLoops } from "./alerts/job";
import { startScrapeLoop } from "./engine/scrape-job";
import { startRetentionLoop } from "./retention/retention-job";
import { startPartitionLoop } from "./partitions/partition-job";
import { startLoop } from "./jobs/loop";
import { runRollupTick } from "./rollup/recompute";

export interface Runtime {
  env: Env;
  handle: DbHandle;
  defaultProjectId: string;
}

// Next.js bundles route handlers, pages and instrumentation separately; one PGlite per
// process is a hard requirement (it owns its data directory), so the singleton lives on globalThis.
const globalKey = Symbol.for("tailwatch.runtime");
type GlobalWithRuntime = typeof globalThis & { [globalKey]?: Promise<Runtime> };

async function start(): Promise<Runtime> {
  const env = readEnv();
  const handle = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.TAILWATCH_DATA_DIR,
    poolSize: env.DB_POOL_SIZE,
  });
  await migrateDatabase(handle);
  await syncBuiltinPrices(handle.db);
  const defaultProjectId = await ensureDefaultProject(handle.db);
  await ensureBootstrapKey(handle.db, defaultProjectId, env.TAILWATCH_BOOTSTRAP_KEY);
  // demo keys live only as long as the run that made them; none is valid when the demo is off
  await ensureDemoKey(handle.db, defaultProjectId, env.TAILWATCH_DEMO === "on" ? env.TAILWATCH_DEMO_KEY : undefined);
  if (env.TAILWATCH_DEMO === "on") await ensureDemoAlertRule(handle.db, defaultProjectId);
  // rollups: dirty minutes are rebuilt within ~2 s of the commit that dirtied them
  startLoop("rollup", () => runRollupTick(handle.db), 2_000);
  const runtime = { env, handle, defaultProjectId };
  await ensureFirstUsers(runtime);
  startScrapeLoop(runtime);
  startAlertLoops(handle, env);
  startRetentionLoop(runtime);
  startPartitionLoop(runtime);
  console.log(`[tailwatch] storage ready: ${handle.kind === "pglite" ? `embedded PGlite at ${env.TAILWATCH_DATA_DIR}` : "PostgreSQL"}`);
  return runtime;
}

export function getRuntime(): Promise<Runtime> {
  const g = globalThis as GlobalWithRuntime;
  if (!g[globalKey]) {
    g[globalKey] = start().catch((err) => {
      delete g[globalKey]; // let the next request try again (e.g. the database came back)
      throw err;
    });
  }
  return g[globalKey]!;
}

/** Tests and benchmarks run the app's handlers over a database they opened themselves. */
export function useRuntime(runtime: Runtime) {
  (globalThis as GlobalWithRuntime)[globalKey] = Promise.resolve(runtime);
}
