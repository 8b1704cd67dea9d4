import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { POST as otlpPost } from "@/app/api/otel/v1/traces/route";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { invalidateRedactor, saveDataSettings } from "@/server/settings/data-settings";
import { DEFAULT_DATA_SETTINGS } from "@/server/settings/schema";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { encodeTraceRequestProto } from "./otlp/otlp-proto";
import { pseudonymizeUserId } from "./redaction";

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const SECRETS = {
  email: "jane.doe@example.com",
  card: "4111 1111 1111 1111",
  openai: "sk-proj-Zx9vQ2mN4bL7kT1rW8yH3cF6",
  custom: "ORD-884422",
};
const LEAKY_TEXT = `I am ${SECRETS.email}, card ${SECRETS.card}, key ${SECRETS.openai}, order ${SECRETS.custom}`;

/** Every stored column of the project's traces and spans, as one text to search for leaks. */
async function storedText(handle: DbHandle, projectId: string): Promise<string> {
  const found = await rows<{ j: string }>(
    handle.db,
    sql`SELECT row_to_json(t)::text AS j FROM traces t WHERE project_id = ${projectId}::uuid
      UNION ALL SELECT row_to_json(s)::text FROM spans s WHERE project_id = ${projectId}::uuid`,
  );
  return found.map((f) => f.j).join("\n");
}

function expectNoSecret(stored: string) {
  for (const secret of Object.values(SECRETS)) expect(stored).not.toContain(secret);
  expect(stored).not.toContain("4111111111111111");
}

const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const ns = (ms: number) => String(BigInt(T0 + ms) * 1_000_000n);

function otlpBody(traceId: string) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", "chat-api")] },
        scopeSpans: [
          {
            scope: { name: "app" },
            spans: [
              {
                traceId, spanId: `${traceId.slice(0, 15)}1`, name: "chat gpt-4o", kind: 3, startTimeUnixNano: ns(0), endTimeUnixNano: ns(900),
                attributes: [
                  str("user.id", SECRETS.email), str("gen_ai.request.model", "gpt-4o"), str("input.value", LEAKY_TEXT),
                  str("output.value", `reply to ${SECRETS.email}`), str("app.note", LEAKY_TEXT),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

const hexToBytes = (v: unknown) =>
  JSON.parse(JSON.stringify(v), (k, x) => (["traceId", "spanId", "parentSpanId"].includes(k) && typeof x === "string" ? Buffer.from(x, "hex") : x));

describe.each(BACKENDS)("redaction at ingest on %s", (backend) => {
  let handle: DbHandle;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
  });
  afterAll(async () => handle.close());

  async function project(settings: Partial<typeof DEFAULT_DATA_SETTINGS> = {}) {
    const p = await createTestProject(handle);
    serveFrom(handle, p.projectId);
    await saveDataSettings(handle.db, p.projectId, {
      ...DEFAULT_DATA_SETTINGS,
      customPatterns: [{ name: "order", pattern: "ORD-\\d{6}" }],
      ...settings,
    });
    return p;
  }

  it("ingest.batch: no secret is stored in text, attributes or the user id", async () => {
    const { projectId, key } = await project();
    const res = await trpcPost(
      new Request("http://localhost/api/trpc/ingest.batch", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({
          traces: [
            {
              traceId: "t-redact",
              userId: SECRETS.email,
              attributes: { contact: SECRETS.email, nested: { card: SECRETS.card } },
              spans: [
                {
                  spanId: "gen", name: "chat gpt-4o", stage: "generation", startTime: T0, endTime: T0 + 800, model: "gpt-4o",
                  input: LEAKY_TEXT, output: `Sure, ${SECRETS.email}`, attributes: { "http.request.header.authorization": `Bearer ${SECRETS.openai}` },
                },
              ],
            },
          ],
        }),
      }),
    );
    expect(res.status).toBe(200);
    const stored = await storedText(handle, projectId);
    expectNoSecret(stored);
    expect(stored).toContain("[REDACTED:email]");
    expect(stored).toContain("[REDACTED:order]");
    const [t] = await rows<{ user_id: string }>(handle.db, sql`SELECT user_id FROM traces WHERE project_id = ${projectId}::uuid`);
    expect(t!.user_id).toBe(pseudonymizeUserId(projectId, SECRETS.email));
  });

  it.each(["json", "protobuf"] as const)("OTLP %s: no secret is stored", async (encoding) => {
    const { projectId, key } = await project();
    const body = otlpBody(encoding === "json" ? "0af7651916cd43dd8448eb211c80319c" : "1af7651916cd43dd8448eb211c80319c");
    const res = await otlpPost(
      new Request("http://localhost/api/otel/v1/traces", {
        method: "POST",
        headers: { "content-type": encoding === "json" ? "application/json" : "application/x-protobuf", authorization: `Bearer ${key}` },
        body: encoding === "json" ? JSON.stringify(body) : new Uint8Array(encodeTraceRequestProto(hexToBytes(body))),
      }),
    );
    expect(res.status).toBe(200);
    const stored = await storedText(handle, projectId);
    expect(stored).toContain("chat gpt-4o"); // the span is there…
    expectNoSecret(stored); // …its secrets are not
    expect(stored).toContain("[REDACTED:credit_card]");
  });

  it("drop text and the length cap apply to every path", async () => {
    const dropping = await project({ dropText: true });
    const capped = await project({ maxTextChars: 256 });
    for (const p of [dropping, capped]) {
      const res = await trpcPost(
        new Request("http://localhost/api/trpc/ingest.batch", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${p.key}` },
          body: JSON.stringify({
            traces: [{ traceId: "t-text", spans: [{ spanId: "s", name: "gen", startTime: T0, durationMs: 5, input: "q".repeat(5_000), output: "a".repeat(300) }] }],
          }),
        }),
      );
      expect(res.status).toBe(200);
    }
    const text = async (projectId: string) =>
      (await rows<{ input_text: string | null; output_text: string | null }>(handle.db, sql`SELECT input_text, output_text FROM spans WHERE project_id = ${projectId}::uuid`))[0]!;
    expect(await text(dropping.projectId)).toEqual({ input_text: null, output_text: null });
    const cut = await text(capped.projectId);
    expect(cut.input_text).toBe("q".repeat(256) + "…[truncated]");
    expect(cut.output_text).toBe("a".repeat(256) + "…[truncated]");
  });

  it("a saved change applies to the next batch in this process (cache invalidated)", async () => {
    const { projectId, key } = await project({ redactEmail: false });
    const send = (traceId: string) =>
      trpcPost(
        new Request("http://localhost/api/trpc/ingest.batch", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ traces: [{ traceId, spans: [{ spanId: "s", name: "gen", startTime: T0, durationMs: 5, input: SECRETS.email }] }] }),
        }),
      );
    await send("before");
    await saveDataSettings(handle.db, projectId, { ...DEFAULT_DATA_SETTINGS });
    await send("after");
    const found = await rows<{ trace_id: string; input_text: string }>(
      handle.db,
      sql`SELECT trace_id, input_text FROM spans WHERE project_id = ${projectId}::uuid ORDER BY trace_id`,
    );
    expect(found).toEqual([
      { trace_id: "after", input_text: "[REDACTED:email]" },
      { trace_id: "before", input_text: SECRETS.email },
    ]);
    invalidateRedactor();
  });
});
