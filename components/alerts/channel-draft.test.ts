import { describe, expect, it } from "vitest";
import { channelTarget, newChannelDraft, parseChannelDraft, splitEmails } from "./channel-draft";

describe("parseChannelDraft", () => {
  it("builds a webhook channel", () => {
    const parsed = parseChannelDraft({ ...newChannelDraft(), name: " ops ", url: "https://hooks.example.com/am", repeatInterval: "1h" });
    expect(parsed).toEqual({ ok: true, input: { name: "ops", config: { type: "webhook", url: "https://hooks.example.com/am" }, repeatIntervalS: 3600, enabled: true } });
  });

  it("builds an e-mail channel from a list", () => {
    const parsed = parseChannelDraft({ ...newChannelDraft(), name: "mail", type: "email", emails: "a@x.com, b@y.org\nc@z.net" });
    expect(parsed.ok && parsed.input.config).toEqual({ type: "email", to: ["a@x.com", "b@y.org", "c@z.net"] });
  });

  it.each([
    [{ name: "" }, "name", "name: required"],
    [{ url: "ftp://x" }, "target", "url: an http(s) URL"],
    [{ url: "http://169.254.169.254/latest" }, "target", "url: link-local and cloud metadata addresses cannot receive notifications"],
    [{ type: "email" as const, emails: "" }, "target", "to: at least one e-mail address"],
    [{ type: "email" as const, emails: "nope" }, "target", "to: e-mail addresses"],
    [{ repeatInterval: "soon" }, "repeatInterval", "repeat interval: a duration like 30m, 4h or 1d"],
    [{ repeatInterval: "10s" }, "repeatInterval", "repeat interval: at least 1m"],
  ])("%j → %s: %s", (change, field, message) => {
    const parsed = parseChannelDraft({ ...newChannelDraft(), name: "n", url: "https://ok.example.com", ...change });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[field as keyof typeof parsed.errors]).toBe(message);
  });

  it("shows where a channel delivers", () => {
    expect(channelTarget("email", { to: ["a@x.com", "b@y.com"] })).toBe("a@x.com, b@y.com");
    expect(channelTarget("slack", { url: "https://hooks.slack.com/x" })).toBe("https://hooks.slack.com/x");
    expect(splitEmails(" a@x.com;b@y.com ")).toEqual(["a@x.com", "b@y.com"]);
  });
});
