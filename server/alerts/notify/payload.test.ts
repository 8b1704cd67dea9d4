import { describe, expect, it } from "vitest";
import { alertmanagerPayload, emailMessage, fingerprint, matchesSilence, renderTemplate, slackPayload, type AlertNotice } from "./payload";

const base = (over: Partial<AlertNotice>): AlertNotice => ({
  status: "firing",
  labels: { alertname: "p95 latency", severity: "critical", model: "gpt-4o" },
  annotations: { summary: "p95 is 2.4 s", runbook_url: "https://runbooks.example/p95" },
  startsAt: Date.UTC(2026, 10, 22, 12, 0),
  endsAt: null,
  generatorURL: "http://localhost:3000/alerts/r1",
  ...over,
});

describe("Alertmanager webhook payload (version 4)", () => {
  it("has every field Alertmanager receivers read", () => {
    const p = alertmanagerPayload("ops", "http://localhost:3000", [
      base({}),
      base({ labels: { alertname: "p95 latency", severity: "critical", model: "claude" }, annotations: { summary: "p95 is 3 s", runbook_url: "https://runbooks.example/p95" } }),
    ]);
    expect(Object.keys(p).sort()).toEqual(
      ["alerts", "commonAnnotations", "commonLabels", "externalURL", "groupKey", "groupLabels", "receiver", "status", "truncatedAlerts", "version"].sort(),
    );
    expect(p.version).toBe("4");
    expect(p.status).toBe("firing");
    expect(p.receiver).toBe("ops");
    expect(p.groupLabels).toEqual({ alertname: "p95 latency" });
    expect(p.commonLabels).toEqual({ alertname: "p95 latency", severity: "critical" });
    expect(p.commonAnnotations).toEqual({ runbook_url: "https://runbooks.example/p95" });
    expect(p.alerts[0]).toEqual({
      status: "firing",
      labels: { alertname: "p95 latency", severity: "critical", model: "gpt-4o" },
      annotations: { summary: "p95 is 2.4 s", runbook_url: "https://runbooks.example/p95" },
      startsAt: "2026-11-22T12:00:00.000Z",
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://localhost:3000/alerts/r1",
      fingerprint: fingerprint({ alertname: "p95 latency", severity: "critical", model: "gpt-4o" }),
    });
    expect(p.alerts[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(p.alerts[0]!.fingerprint).not.toBe(p.alerts[1]!.fingerprint);
  });

  it("is resolved only when every alert of the group is, with endsAt set", () => {
    const ended = Date.UTC(2026, 10, 22, 12, 20);
    const p = alertmanagerPayload("ops", "http://x", [base({ status: "resolved", endsAt: ended })]);
    expect(p.status).toBe("resolved");
    expect(p.alerts[0]!.endsAt).toBe("2026-11-22T12:20:00.000Z");
    expect(alertmanagerPayload("ops", "http://x", [base({ status: "resolved", endsAt: ended }), base({})]).status).toBe("firing");
  });

  it("fingerprints do not depend on label order", () => {
    expect(fingerprint({ a: "1", b: "2" })).toBe(fingerprint({ b: "2", a: "1" }));
    expect(fingerprint({ a: "1", b: "2" })).not.toBe(fingerprint({ a: "12" }));
  });
});

describe("Slack and e-mail renderings", () => {
  it("Slack text says firing/resolved with the labels and the runbook", () => {
    const text = slackPayload(alertmanagerPayload("ops", "http://x", [base({})])).text;
    expect(text).toContain("[FIRING:1] p95 latency");
    expect(text).toContain("model=gpt-4o");
    expect(text).toContain("Runbook: https://runbooks.example/p95");
    expect(slackPayload(alertmanagerPayload("ops", "http://x", [base({ status: "resolved", endsAt: 1 })])).text).toContain("[RESOLVED]");
  });
  it("e-mail subject and body", () => {
    const m = emailMessage(alertmanagerPayload("ops", "http://x", [base({})]));
    expect(m.subject).toBe("[FIRING:1] p95 latency");
    expect(m.text).toContain("model = gpt-4o");
  });
});

describe("templates and silences", () => {
  it.each([
    ["p95 is {{ $value }} (over {{$threshold}})", "p95 is 2.4 s (over 2 s)"],
    ["model {{ $labels.model }}", "model gpt-4o"],
    ["unknown {{ $labels.nope }}|", "unknown |"],
    ["{{ .Other }} stays", "{{ .Other }} stays"],
  ])("%s", (tpl, want) => {
    expect(renderTemplate(tpl, { value: "2.4 s", threshold: "2 s", labels: { model: "gpt-4o" } })).toBe(want);
  });
  it("silences match on equal labels only", () => {
    expect(matchesSilence({ alertname: "x", model: "a" }, { model: "a" })).toBe(true);
    expect(matchesSilence({ alertname: "x", model: "a" }, { model: "b" })).toBe(false);
    expect(matchesSilence({ alertname: "x" }, { model: "a" })).toBe(false);
    expect(matchesSilence({ alertname: "x" }, {})).toBe(true);
  });
});

describe("retry delays", async () => {
  const { retryDelayMs } = await import("./dispatch-delay");
  it("double per attempt, half fixed and half jitter, capped at 5 minutes", () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 0))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 1))).toEqual([2000, 4000, 8000, 16000]);
    expect(retryDelayMs(30, 1)).toBe(300_000);
    expect(retryDelayMs(30, 0)).toBe(150_000);
  });
});
