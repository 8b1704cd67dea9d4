import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { DEMO_RULE_NAME, ensureDemoAlertRule } from "@/server/bootstrap";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { drainRollups } from "@/server/rollup/recompute";
import { createTestProject, freshDatabase } from "@/test/helpers/backends";
import { generateMinute } from "@/scripts/simulator/generate";
import { DEFAULT_SEED, isIncidentMinute, MINUTE_MS } from "@/scripts/simulator/profile";
import { backtestThreshold } from "./preview";
import { listRules } from "./rules";
import { thresholdSpec } from "./schema";

// three simulated hours at the demo's live rate (`npm start` sends 0.5 requests/s), from an incident hour
const START = Date.UTC(2026, 10, 18, 9) / MINUTE_MS;
const HOURS = 3;
const PER_MINUTE = 0.5 * 60;

describe("the demo rule against the simulator's incident", () => {
  let handle: DbHandle;
  let projectId: string;

  beforeAll(async () => {
    handle = await freshDatabase("pglite");
    ({ projectId } = await createTestProject(handle));
    for (let m = START; m < START + HOURS * 60; m += 20) {
      const traces = [];
      for (let k = m; k < m + 20; k++) traces.push(...generateMinute(DEFAULT_SEED, k, PER_MINUTE));
      await ingestBatch(handle.db, projectId, { traces });
    }
    await drainRollups(handle.db);
  }, 240_000);
  afterAll(async () => handle.close());

  it("fires once during the incident (minutes 20–38 of every third hour) and resolves after it", async () => {
    await ensureDemoAlertRule(handle.db, projectId);
    await ensureDemoAlertRule(handle.db, projectId); // idempotent
    const rules = await listRules(handle.db, projectId);
    expect(rules.map((r) => r.rule.name)).toEqual([DEMO_RULE_NAME]);
    const spec = thresholdSpec.parse(rules[0]!.rule.spec);
    const result = await backtestThreshold(handle.db, projectId, spec, START * MINUTE_MS, (START + HOURS * 60) * MINUTE_MS);
    expect(isIncidentMinute(START + 20)).toBe(true);
    expect(isIncidentMinute(START + 39)).toBe(false);
    const minuteOf = (ms: number | null) => (ms === null ? null : ms / MINUTE_MS - START);
    const intervals = result.intervals.map((iv) => [minuteOf(iv.from), minuteOf(iv.to)]);
    expect(intervals).toHaveLength(1);
    const [from, to] = intervals[0]!;
    // pending once the 5-minute window's p95 passes 2 s, firing 5 minutes later; resolved once the window is clear
    expect(from).toBeGreaterThanOrEqual(25);
    expect(from).toBeLessThan(38);
    expect(to).toBeGreaterThan(38);
    expect(to).toBeLessThan(50);
  });
});
