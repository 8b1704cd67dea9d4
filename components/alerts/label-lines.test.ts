import { describe, expect, it } from "vitest";
import { formatLabelLines, formatLabelList, groupLabels, parseLabelLines } from "./label-lines";

describe("label lines", () => {
  it.each([
    ["", { ok: true, labels: {} }],
    ["team=llm\n\n  service = chat-api ", { ok: true, labels: { team: "llm", service: "chat-api" } }],
    ["url=http://x/?a=b", { ok: true, labels: { url: "http://x/?a=b" } }],
    ["team", { ok: false, error: "line 1: write name=value" }],
    ["a=1\n=2", { ok: false, error: "line 2: write name=value" }],
    ["a=1\na=2", { ok: false, error: 'line 2: "a" is given twice' }],
  ])("%j", (text, expected) => expect(parseLabelLines(text)).toEqual(expected));

  it("round-trips", () => {
    const labels = { team: "llm", tier: "1" };
    expect(parseLabelLines(formatLabelLines(labels))).toEqual({ ok: true, labels });
    expect(formatLabelList(labels)).toBe("team=llm, tier=1");
  });
});

describe("groupLabels", () => {
  it("drops the labels every alert of a rule shares", () => {
    expect(groupLabels({ alertname: "x", severity: "warning", model: "gpt-4o" })).toEqual({ model: "gpt-4o" });
  });
});
