import "server-only";
import type { DbHandle } from "@/db/client";
import { withAdvisoryLock } from "@/server/jobs/leader";
import { startLoopOnce, type LoopHandle } from "@/server/jobs/loop";
import type { Runtime } from "@/server/runtime";
import { ensureSpanPartitions, timescaleAvailable } from "./spans-partitions";

/** Arbitrary constant (next to the scrape, alerts and retention jobs'): one instance keeps the partitions. */
export const PARTITIONS_LOCK_KEY = 7_305_221_849;
/** Partitions are looked after this often (they exist days ahead; late data waits at most this long in the default). */
const IDLE_MS = 10 * 60_000;
/** Pause between ticks while there are more partitions to create. */
const BACKLOG_MS = 250;

let timescaleChecked = false;

/** One tick: under the lock, creates missing day partitions (moving late rows in); returns how many. */
export async function runPartitionTick(handle: DbHandle, nowMs = Date.now()): Promise<number> {
  if (!timescaleChecked) {
    timescaleChecked = true;
    if (await timescaleAvailable(handle.db).catch(() => false)) {
      console.log(
        "[partitions] the timescaledb extension is available on this server, but Tailwatch keeps spans in native daily partitions (hypertables are not supported yet)",
      );
    }
  }
  const result = await withAdvisoryLock(handle, PARTITIONS_LOCK_KEY, () => ensureSpanPartitions(handle.db, nowMs));
  if (result?.created.length) {
    console.log(`[partitions] created ${result.created.join(", ")}${result.moved ? ` (moved ${result.moved} late spans out of spans_default)` : ""}`);
  }
  return result?.created.length ?? 0;
}

/** Starts the partition loop once per process (Next.js may load this module from several bundles). */
export function startPartitionLoop(runtime: Runtime): LoopHandle {
  return startLoopOnce("partitions", () => runPartitionTick(runtime.handle), IDLE_MS, BACKLOG_MS);
}
