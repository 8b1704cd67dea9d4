import { describe, expect, it } from "vitest";
import { createTargetInput } from "./schema";
import { metricQueryInput } from "@/server/metrics/schema";
import { rangeInput } from "@/server/metrics/range";

describe("scrape target URLs", () => {
  it.each([
    ["http://gpu-node-1:9400/metrics", true],
    ["https://10.0.3.7:8000/metrics", true],
    ["http://169.254.169.254/latest/meta-data", false],
    ["http://[fe80::1]:9400/metrics", false],
    ["http://metadata.google.internal/computeMetadata/v1", false],
    ["ftp://gpu-node-1/metrics", false],
  ])("%s accepted: %s", (url, ok) => {
    expect(createTargetInput.safeParse({ url }).success).toBe(ok);
  });
});

describe("query bounds", () => {
  const now = Date.now();
  it("refuses unbounded or inverted custom ranges", () => {
    expect(rangeInput.safeParse({ from: 0, to: 9e15 }).success).toBe(false);
    expect(rangeInput.safeParse({ from: now - 40 * 86_400_000, to: now }).success).toBe(false);
    expect(rangeInput.safeParse({ from: now, to: now - 1 }).success).toBe(false);
    expect(rangeInput.safeParse({ from: now - 86_400_000, to: now }).success).toBe(true);
  });
  it("refuses a user filter on rollup-backed metrics rather than ignoring it", () => {
    const res = metricQueryInput.safeParse({ range: "24h", filters: { userId: "u1" } });
    expect(res.success).toBe(false);
    expect(metricQueryInput.safeParse({ range: "24h", filters: { model: "gpt-4o" } }).success).toBe(true);
  });
});
