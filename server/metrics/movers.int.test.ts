import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { drainRollups } from "@/server/rollup/recompute";
import { BACKENDS, createTestProject, freshDatabase } from "@/test/helpers/backends";
import { worstMovers } from "./movers";

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 19, 0);

describe.each(BACKENDS)("worst movers on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId } = await createTestProject(handle));
    // two hours: in the second, model "slow" triples its latency and "flaky" starts failing; "steady" stays put
    const traces = [];
    for (let i = 0; i < 120; i++) {
      for (const [hour, model] of [[0, "steady"], [1, "steady"], [0, "slow"], [1, "slow"], [0, "flaky"], [1, "flaky"]] as const) {
        const slow = model === "slow" && hour === 1;
        const fails = model === "flaky" && hour === 1 && i % 10 === 0;
        traces.push({ traceId: `${model}-${hour}-${i}`, startTime: T0 + hour * H + i * 30_000, durationMs: (slow ? 3 : 1) * (400 + i), model, status: fails ? "error" : "ok" });
      }
    }
    await ingestBatch(handle.db, projectId, { traces });
    await drainRollups(handle.db);
  });
  afterAll(async () => handle.close());

  it("puts the series that got worse first, against the period just before", async () => {
    const { movers } = await worstMovers(handle.db, projectId, { fromMs: T0 + H, toMs: T0 + 2 * H, bucketS: 60 });
    const model = movers.filter((m) => m.dimension === "model");
    expect(model.map((m) => [m.key, m.metric])).toEqual([["slow", "p95"], ["flaky", "errorRate"]]);
    expect(model[0]!.change).toBeCloseTo(2, 1); // three times slower
    expect(model[1]!.now).toBeCloseTo(12 / 120, 9);
    expect(model[1]!.before).toBe(0);
    expect(movers.some((m) => m.key === "steady")).toBe(false);
  });
});
