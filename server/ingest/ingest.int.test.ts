import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import type { DbHandle } from "@/db/client";
import { POST } from "@/app/api/trpc/[trpc]/route";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);

function trace(traceId: string, extra: Record<string, unknown> = {}) {
  return {
    traceId,
    name: "POST /v1/chat",
    taskType: "chat",
    feature: "support-bot",
    userId: "user-1",
    spans: [
      { spanId: `${traceId}-root`, name: "request", kind: "server", stage: "other", startTime: T0, endTime: T0 + 1500 },
      {
        spanId: `${traceId}-gen`,
        parentSpanId: `${traceId}-root`,
        name: "chat gpt-4o",
        stage: "generation",
        startTime: T0 + 100,
        endTime: T0 + 1400,
        ttftMs: 300,
        model: "gpt-4o",
        provider: "openai",
        inputTokens: 1000,
        outputTokens: 200,
      },
    ],
    ...extra,
  };
}

function post(body: unknown, key: string | null, raw?: string) {
  return POST(
    new Request("http://localhost/api/trpc/ingest.batch", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: raw ?? JSON.stringify(body),
    }),
  );
}

describe.each(BACKENDS)("ingest.batch on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;

  const count = async (table: "traces" | "spans" | "engine_samples") => {
    const [r] = await rows<{ n: string }>(handle.db, sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE project_id = ${projectId}::uuid`);
    return Number(r!.n);
  };

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key } = await createTestProject(handle));
    serveFrom(handle, projectId);
  });
  afterAll(async () => handle.close());

  it("stores a trace with its spans, prices it and derives the totals", async () => {
    const res = await post({ traces: [trace("t-1")] }, key);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.result.data).toEqual({ traces: 1, spans: 2, engineSamples: 0 });
    const [t] = await rows<Record<string, unknown>>(handle.db, sql`SELECT * FROM traces WHERE project_id = ${projectId}::uuid AND trace_id = 't-1'`);
    expect(Number(t!.duration_ms)).toBe(1500);
    expect(Number(t!.ttft_ms)).toBe(400); // generation starts at +100 ms, first token 300 ms later
    expect(t!.model).toBe("gpt-4o");
    expect(Number(t!.input_tokens)).toBe(1000);
    // gpt-4o: $2.50 / M input, $10 / M output
    expect(Number(t!.cost_usd)).toBeCloseTo((1000 * 2.5 + 200 * 10) / 1e6, 12);
    expect(t!.status).toBe("ok");
  });

  it("never duplicates a re-sent batch and merges late spans into the trace", async () => {
    await post({ traces: [trace("t-2")] }, key);
    await post({ traces: [trace("t-2")] }, key);
    expect(await count("spans")).toBe(4); // t-1 and t-2, two spans each
    const late = {
      traceId: "t-2",
      spans: [
        {
          spanId: "t-2-post",
          parentSpanId: "t-2-root",
          name: "postprocess",
          stage: "postprocess",
          startTime: T0 + 1400,
          endTime: T0 + 2100,
        },
      ],
    };
    const res = await post({ traces: [late] }, key);
    expect(res.status).toBe(200);
    const [t] = await rows<Record<string, unknown>>(handle.db, sql`SELECT * FROM traces WHERE project_id = ${projectId}::uuid AND trace_id = 't-2'`);
    expect(Number(t!.span_count)).toBe(3);
    expect(Number(t!.duration_ms)).toBe(2100);
    expect(t!.task_type).toBe("chat"); // kept from the first send
    expect(await count("traces")).toBe(2);
  });

  it("answers 401 for a missing, unknown or revoked key and writes nothing", async () => {
    const before = await count("spans");
    expect((await post({ traces: [trace("t-x")] }, null)).status).toBe(401);
    expect((await post({ traces: [trace("t-x")] }, "tw_not_a_real_key_000000")).status).toBe(401);
    await handle.db.execute(sql`UPDATE api_keys SET revoked_at = now() WHERE project_id = ${projectId}::uuid`);
    expect((await post({ traces: [trace("t-x")] }, key)).status).toBe(401);
    await handle.db.execute(sql`UPDATE api_keys SET revoked_at = NULL WHERE project_id = ${projectId}::uuid`);
    expect(await count("spans")).toBe(before);
  });

  it("answers 400 naming the field path, and writes nothing of the batch", async () => {
    const before = await count("spans");
    const bad = trace("t-bad-2");
    (bad.spans[0] as Record<string, unknown>).startTime = "yesterday-ish";
    const res = await post({ traces: [trace("t-ok-0"), trace("t-ok-1"), trace("t-ok-2"), bad] }, key);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.message).toContain("traces[3].spans[0].startTime");
    expect(await count("spans")).toBe(before);
    expect((await post(null, key, "{not json")).status).toBe(400);
  });

  it("answers 413 over the item or byte limits, and writes nothing", async () => {
    const before = await count("traces");
    const many = Array.from({ length: 5001 }, (_, i) => ({ traceId: `many-${i}`, startTime: T0, durationMs: 5 }));
    const res = await post({ traces: many }, key);
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/5001 traces; the limit is 5000/);
    const huge = "x".repeat(17 * 1024 * 1024);
    const res2 = await post(null, key, JSON.stringify({ traces: [{ traceId: "big", startTime: T0, durationMs: 1, name: huge }] }));
    expect(res2.status).toBe(413);
    expect(await count("traces")).toBe(before);
  });

  it("stores engine samples idempotently", async () => {
    const sample = { time: T0, host: "gpu-1", gpuIndex: 0, gpuUuid: "GPU-abc", source: "dcgm", gpuUtilPct: 93, memUsedBytes: 7e10 };
    expect((await post({ engineSamples: [sample, { ...sample, gpuUtilPct: 95 }] }, key)).status).toBe(200);
    expect((await post({ engineSamples: [sample] }, key)).status).toBe(200);
    expect(await count("engine_samples")).toBe(1);
  });
});

describe.each(BACKENDS)("concurrent merges on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId } = await createTestProject(handle));
  });
  afterAll(async () => handle.close());

  it("late spans for one trace sent in parallel batches all count in its totals", async () => {
    const { ingestBatch } = await import("@/server/ingest/ingest-batch");
    const parts = Array.from({ length: 8 }, (_, i) => ({
      traces: [
        {
          traceId: "shared",
          spans: [{ spanId: `s${i}`, name: "gen", stage: "generation", startTime: T0 + i * 100, durationMs: 50, model: "gpt-4o", inputTokens: 100, outputTokens: 10 }],
        },
      ],
    }));
    await Promise.all(parts.map((p) => ingestBatch(handle.db, projectId, p)));
    const [t] = await rows<Record<string, unknown>>(handle.db, sql`SELECT * FROM traces WHERE project_id = ${projectId}::uuid`);
    expect(Number(t!.span_count)).toBe(8);
    expect(Number(t!.input_tokens)).toBe(800);
    expect(Number(t!.attempt_count)).toBe(8);
    expect(Number(t!.duration_ms)).toBe(750);
  });
});
