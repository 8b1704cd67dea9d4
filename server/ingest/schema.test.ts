import { describe, expect, it } from "vitest";
import { ingestBatchInput } from "./schema";

const start = new Date(Date.now() - 86_400_000).toISOString();

describe("ingest input: times", () => {
  // found by the fuzzer: an unparseable endTime reached the span's endTime < startTime check and threw (500)
  it.each([
    ["an over-long end time", "é".repeat(2000)],
    ["an end time that is not a date", "not a date"],
    ["an end time far in the future", "2999-01-01T00:00:00Z"],
  ])("%s is a validation issue, not an exception", (_name, endTime) => {
    const parsed = ingestBatchInput.safeParse({ traces: [{ traceId: "a", spans: [{ spanId: "0", name: "x", startTime: start, endTime }] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.some((i) => i.path.join(".") === "traces.0.spans.0.endTime")).toBe(true);
  });

  it("a bad start time with a good end time is refused the same way", () => {
    const parsed = ingestBatchInput.safeParse({ traces: [{ traceId: "a", spans: [{ spanId: "0", name: "x", startTime: "yesterday", endTime: start }] }] });
    expect(parsed.success).toBe(false);
  });

  it("an end before the start is refused", () => {
    const parsed = ingestBatchInput.safeParse({ traces: [{ traceId: "a", spans: [{ spanId: "0", name: "x", startTime: start, endTime: new Date(Date.parse(start) - 1).toISOString() }] }] });
    expect(parsed.error?.issues[0]?.message).toBe("endTime is before startTime");
  });
});
