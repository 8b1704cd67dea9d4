import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createCaller } from "@/server/api/root";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { signedInUser } from "@/test/helpers/sessions";
import { DEFAULT_DATA_SETTINGS } from "./schema";

describe.each(BACKENDS)("settings.data router on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let adminHeaders: Headers;
  const caller = () => createCaller({ headers: adminHeaders });

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    let organizationId: string;
    ({ projectId, organizationId } = await createTestProject(handle));
    serveFrom(handle, projectId);
    adminHeaders = (await signedInUser(organizationId, "admin")).headersFor();
  });
  afterAll(async () => handle.close());

  it("reads the defaults, saves a change and reads it back", async () => {
    expect(await caller().settings.data.get()).toEqual(DEFAULT_DATA_SETTINGS);
    const next = { ...DEFAULT_DATA_SETTINGS, redactIp: true, retentionDays: 14, customPatterns: [{ name: "ticket", pattern: "TCK-\\d+" }] };
    expect(await caller().settings.data.update(next)).toEqual(next);
    expect(await caller().settings.data.get()).toEqual(next);
  });

  it("refuses invalid and slow patterns with a message for the form", async () => {
    await expect(caller().settings.data.update({ ...DEFAULT_DATA_SETTINGS, retentionDays: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // passes the static screen, fails the timed probe
    await expect(
      caller().settings.data.update({ ...DEFAULT_DATA_SETTINGS, customPatterns: [{ name: "slow", pattern: "(\\w|\\d)*!x" }] }),
    ).rejects.toThrow(/custom pattern "slow": too slow/);
  });

  it("previews the draft settings on a sample text", async () => {
    const settings = { ...DEFAULT_DATA_SETTINGS, customPatterns: [{ name: "ticket", pattern: "TCK-\\d+" }] };
    const out = await caller().settings.data.preview({ settings, text: "mail a@b.io about TCK-42" });
    expect(out.text).toBe("mail [REDACTED:email] about [REDACTED:ticket]");
    expect((await caller().settings.data.preview({ settings: { ...settings, dropText: true }, text: "x" })).text).toBeNull();
  });

  it("deletes a user's data when the id is confirmed", async () => {
    await ingestBatch(handle.db, projectId, {
      traces: [{ traceId: "u1", userId: "u-9", startTime: Date.now() - 60_000, durationMs: 10 }],
    });
    await expect(caller().settings.data.deleteUser({ userId: "u-9", confirmUserId: "u-8" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await caller().settings.data.deleteUser({ userId: "u-9", confirmUserId: "u-9" })).toEqual({ traces: 1, spans: 0 });
  });
});
