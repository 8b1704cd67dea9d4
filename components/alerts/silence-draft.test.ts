import { describe, expect, it } from "vitest";
import { newSilenceDraft, parseSilenceDraft } from "./silence-draft";

const RULE = "0b3c8a4e-8d4e-4a53-9f3c-2d1e0f9a7b6c";

describe("parseSilenceDraft", () => {
  it("silences a rule", () => {
    expect(parseSilenceDraft({ ...newSilenceDraft(RULE), reason: "deploy", duration: "30m" })).toEqual({
      ok: true,
      input: { ruleId: RULE, matchers: {}, durationS: 1800, reason: "deploy" },
    });
  });

  it("silences by labels", () => {
    const parsed = parseSilenceDraft({ ...newSilenceDraft(), matchers: "model=gpt-4o\nteam=llm", reason: "provider incident" });
    expect(parsed.ok && parsed.input.matchers).toEqual({ model: "gpt-4o", team: "llm" });
  });

  it.each([
    [{ reason: " " }, "reason", "reason: required"],
    [{ duration: "later" }, "duration", "duration: a duration like 30m, 2h or 1d"],
    [{ duration: "10s" }, "duration", "duration: at least 1m"],
    [{ ruleId: "", matchers: "" }, "form", "a silence needs a rule or at least one label matcher"],
    [{ ruleId: "", matchers: "model" }, "matchers", "matchers: line 1: write name=value"],
  ])("%j → %s", (change, field, message) => {
    const parsed = parseSilenceDraft({ ...newSilenceDraft(RULE), reason: "r", ...change });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[field as keyof typeof parsed.errors]).toBe(message);
  });
});
