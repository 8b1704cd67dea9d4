import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver } from "./notify/dispatch";
import { alertmanagerPayload } from "./notify/payload";

/** A local SMTP server that keeps every message it is given. */
describe("e-mail channel over SMTP", () => {
  const received: Array<{ from: string; to: string[]; data: string }> = [];
  let server: SMTPServer;
  let url: string;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        let data = "";
        stream.on("data", (c: Buffer) => (data += c.toString()));
        stream.on("end", () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((r) => server.close(() => r())));

  const payload = alertmanagerPayload("on-call mail", "http://tailwatch.test", [
    {
      status: "firing",
      labels: { alertname: "p95 latency > 2 s", severity: "critical", model: "gpt-4o" },
      annotations: { summary: "p95 is 2.4 s" },
      startsAt: Date.UTC(2026, 10, 22, 12),
      endsAt: null,
      generatorURL: "http://tailwatch.test/alerts/r1",
    },
  ]);

  it("sends the alert as a plain-text e-mail to every address", async () => {
    await deliver({ type: "email", to: ["oncall@example.com", "lead@example.com"] }, payload, { url, from: "alerts@tailwatch.test" });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.from).toBe("alerts@tailwatch.test");
    expect(mail!.to).toEqual(["oncall@example.com", "lead@example.com"]);
    expect(mail!.data).toContain("Subject: [FIRING:1] p95 latency > 2 s");
    expect(mail!.data).toContain("model = gpt-4o");
    expect(mail!.data).toContain("http://tailwatch.test/alerts/r1");
  });

  it("without SMTP settings it fails with a message that says what to set", async () => {
    await expect(deliver({ type: "email", to: ["a@example.com"] }, payload, {})).rejects.toThrow(/TAILWATCH_SMTP_URL/);
  });

  it("an unreachable SMTP server is a delivery failure (retried by the dispatcher), not a crash", async () => {
    await expect(deliver({ type: "email", to: ["a@example.com"] }, payload, { url: "smtp://127.0.0.1:1" })).rejects.toThrow();
  });
});
