import { describe, expect, it } from "vitest";
import { createAdmission } from "./admission";

const req = (bytes: number) => new Request("http://x/ingest", { method: "POST", headers: { "content-length": String(bytes) }, body: "x".repeat(bytes) });

describe("createAdmission", () => {
  it("answers 429 with Retry-After past the concurrency limit, and admits again once a slot frees", async () => {
    const admission = createAdmission({ maxInFlight: 2, maxBytes: 1e9, retryAfterS: 3 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = () => admission.run(req(10), async () => {
      await gate;
      return new Response("ok");
    });
    const a = slow();
    const b = slow();
    const refused = await admission.run(req(10), async () => new Response("ok"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("3");
    expect(admission.stats()).toMatchObject({ inFlight: 2, rejected: 1 });
    release();
    expect((await a).status).toBe(200);
    expect((await b).status).toBe(200);
    expect((await admission.run(req(10), async () => new Response("ok"))).status).toBe(200);
    expect(admission.stats()).toMatchObject({ inFlight: 0, bytes: 0 });
  });

  it("bounds the bytes in flight but always admits a lone request", async () => {
    const admission = createAdmission({ maxInFlight: 10, maxBytes: 100 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const big = admission.run(req(150), async () => {
      await gate;
      return new Response("ok");
    });
    expect((await admission.run(req(10), async () => new Response("ok"))).status).toBe(429);
    release();
    expect((await big).status).toBe(200);
  });

  it("releases its slot when the handler throws", async () => {
    const admission = createAdmission({ maxInFlight: 1, maxBytes: 1e9 });
    await expect(admission.run(req(1), async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(admission.stats().inFlight).toBe(0);
  });
});
