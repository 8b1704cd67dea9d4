import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { BACKENDS, createTestProject, freshDatabase } from "@/test/helpers/backends";
import { getTrace } from "./get";
import { listTraces } from "./list";
import { traceListInput } from "./schema";

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const range = { from: T0 - 60_000, to: T0 + 3_600_000 };

describe.each(BACKENDS)("traces on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId } = await createTestProject(handle));
    const traces = Array.from({ length: 250 }, (_, i) => ({
      traceId: `t-${String(i).padStart(3, "0")}`,
      userId: `user-${i % 7}`,
      taskType: i % 2 ? "chat" : "extract",
      spans: [
        { spanId: "root", name: "req", kind: "server", startTime: T0 + i * 1000, durationMs: 100 + ((i * 37) % 250), ...(i % 25 === 0 ? { status: "error", errorType: "timeout" } : {}) },
        { spanId: "gen", parentSpanId: "root", name: "chat", stage: "generation", startTime: T0 + i * 1000 + 5, durationMs: 50, model: "gpt-4o-mini", ttftMs: 20 },
      ],
    }));
    await ingestBatch(handle.db, projectId, { traces });
  });
  afterAll(async () => handle.close());

  it.each(["time", "duration", "ttft", "cost"] as const)("pages by %s without skipping or repeating a trace", async (sort) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listTraces(handle.db, projectId, traceListInput.parse({ ...range, sort, limit: 60, cursor }));
      seen.push(...page.traces.map((t) => t.traceId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(250);
  });

  it("sorts slowest first and filters failures", async () => {
    const slow = await listTraces(handle.db, projectId, traceListInput.parse({ ...range, sort: "duration", limit: 3 }));
    const d = slow.traces.map((t) => t.durationMs);
    expect(d).toEqual([...d].sort((a, b) => b - a));
    const failed = await listTraces(handle.db, projectId, traceListInput.parse({ ...range, status: "error" }));
    expect(failed.traces.map((t) => t.traceId)).toEqual(["t-225", "t-200", "t-175", "t-150", "t-125", "t-100", "t-075", "t-050", "t-025", "t-000"]);
    expect(failed.traces[0]).toMatchObject({ errorType: "timeout", model: "gpt-4o-mini", spanCount: 2 });
  });

  it("finds a trace by id and a user's traces by id prefix", async () => {
    const byId = await listTraces(handle.db, projectId, traceListInput.parse({ ...range, search: "t-123" }));
    expect(byId.traces.map((t) => t.traceId)).toEqual(["t-123"]);
    const byUser = await listTraces(handle.db, projectId, traceListInput.parse({ ...range, search: "user-3", limit: 500 }));
    expect(byUser.traces.every((t) => t.userId === "user-3")).toBe(true);
    expect(byUser.traces).toHaveLength(36);
  });

  it("returns a trace with its spans in start order, and null for another project's id", async () => {
    const found = await getTrace(handle.db, projectId, "t-007");
    expect(found!.spans.map((s) => s.spanId)).toEqual(["root", "gen"]);
    expect(found!.spans[1]).toMatchObject({ stage: "generation", ttftMs: 20, model: "gpt-4o-mini" });
    const other = await createTestProject(handle, "other");
    expect(await getTrace(handle.db, other.projectId, "t-007")).toBeNull();
  });
});
