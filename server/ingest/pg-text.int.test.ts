import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST as push } from "@/app/api/engine/push/route";
import { POST as trpc } from "@/app/api/trpc/[trpc]/route";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";

// Fuzz regressions: NUL and lone surrogates (valid in JSON, refused by PostgreSQL) answered 500.
describe.each(BACKENDS)("strings PostgreSQL cannot store, on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;
  beforeAll(async () => {
    handle = await freshDatabase(backend);
    ({ projectId, key } = await createTestProject(handle));
    serveFrom(handle, projectId);
  });
  afterAll(async () => handle.close());

  it("stores NUL and lone surrogates in names, attributes, prompts and labels as U+FFFD", async () => {
    const body = JSON.stringify({
      traces: [
        {
          traceId: "nul-\u0000",
          name: "x\ud800",
          spans: [{ spanId: "s\udc00", name: "a\u0000b", startTime: Date.now() - 1000, durationMs: 5, input: "\u0000", attributes: { "k\ud800": ["\u0000"] } }],
        },
      ],
      engineSamples: [{ time: Date.now() - 1000, host: "h\u0000", labels: { l: "\udfff" } }],
    });
    const res = await trpc(new Request("http://localhost/api/trpc/ingest.batch", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body }));
    expect(res.status).toBe(200);
    const [span] = await rows<Record<string, unknown>>(handle.db, sql`SELECT trace_id, span_id, name, input_text, attributes FROM spans WHERE project_id = ${projectId}::uuid`);
    expect(span).toMatchObject({ trace_id: "nul-\ufffd", span_id: "s\ufffd", name: "a\ufffdb", input_text: "\ufffd", attributes: { "k\ufffd": ["\ufffd"] } });
    const [sample] = await rows<Record<string, unknown>>(handle.db, sql`SELECT host, labels FROM engine_samples WHERE project_id = ${projectId}::uuid`);
    expect(sample).toMatchObject({ host: "h\ufffd", labels: { l: "\ufffd" } });

    const page = "# TYPE DCGM_FI_DEV_GPU_UTIL gauge\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\",modelName=\"L4\u0000\"} 42\n";
    expect((await push(new Request("http://localhost/api/engine/push?host=n1", { method: "POST", headers: { authorization: `Bearer ${key}` }, body: page }))).status).toBe(200);
  });
});
