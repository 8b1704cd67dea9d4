import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import { BACKENDS, createTestProject, freshDatabase, serveFrom } from "@/test/helpers/backends";
import { signedInUser } from "@/test/helpers/sessions";

describe.each(BACKENDS)("tRPC dashboard mutations refuse cross-site requests on %s", (backend) => {
  let handle: DbHandle;
  let projectId: string;
  let key: string;
  let cookie: string;

  beforeAll(async () => {
    handle = await freshDatabase(backend);
    let organizationId: string;
    ({ projectId, key, organizationId } = await createTestProject(handle));
    serveFrom(handle, projectId);
    ({ cookie } = await signedInUser(organizationId, "member"));
  });
  afterAll(async () => handle.close());

  const createTarget = (name: string, headers: Record<string, string>) =>
    POST(
      new Request("http://tw.local:3000/api/trpc/engine.targets.create", {
        method: "POST",
        headers: { "content-type": "application/json", host: "tw.local:3000", cookie, ...headers },
        body: JSON.stringify({ url: `http://gpu-${name}:9400/metrics` }),
      }),
    );
  const targetNames = async () =>
    (await rows<{ url: string }>(handle.db, sql`SELECT url FROM scrape_targets WHERE project_id = ${projectId}::uuid ORDER BY url`)).map((r) =>
      new URL(r.url).hostname.replace(/^gpu-/, ""),
    );

  it("answers 403 to another site's page and stores nothing; same-origin pages, non-browser clients and Bearer keys pass", async () => {
    const evil = await createTarget("evil", { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.message).toBe("cross-site request refused: the Origin is not this host");
    expect((await createTarget("opaque", { origin: "null" })).status).toBe(403);
    expect((await createTarget("page", { origin: "http://tw.local:3000" })).status).toBe(200);
    expect((await createTarget("proxied", { origin: "https://tw.example.com", "x-forwarded-host": "tw.example.com" })).status).toBe(200);
    expect((await createTarget("curl", {})).status).toBe(200);
    expect(await targetNames()).toEqual(["curl", "page", "proxied"]);
  });

  it("refuses dashboard changes made with an API key alone: keys read, people change", async () => {
    const keyed = await POST(
      new Request("http://tw.local:3000/api/trpc/engine.targets.create", {
        method: "POST",
        headers: { "content-type": "application/json", host: "tw.local:3000", origin: "https://ci.example", authorization: `Bearer ${key}` },
        body: JSON.stringify({ url: "http://gpu-keyed:9400/metrics" }),
      }),
    );
    expect(keyed.status).toBe(403);
    expect((await keyed.json()).error.message).toMatch(/API keys? may only/);
    expect(await targetNames()).toEqual(["curl", "page", "proxied"]);
  });

  it("leaves queries alone: a cross-site read is not a state change", async () => {
    const res = await GET(
      new Request("http://tw.local:3000/api/trpc/engine.targets.list", { headers: { host: "tw.local:3000", origin: "https://evil.example", cookie } }),
    );
    expect(res.status).toBe(200);
  });
});
