import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bucketQuantile, histogramSeries } from "./histogram";
import { parsePrometheusText, parseSampleLine, parseValue } from "./prometheus-parse";

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/engine/${name}`, import.meta.url), "utf8");

describe("parseValue", () => {
  it.each([
    ["1", 1],
    ["-2.5", -2.5],
    ["4.123435008e+09", 4.123435008e9],
    [".5", 0.5],
    ["1e-3", 0.001],
    ["+Inf", Infinity],
    ["Inf", Infinity],
    ["-Inf", -Infinity],
    ["NaN", NaN],
    ["nan", NaN],
    ["twelve", null],
    ["", null],
    ["0x10", null],
    ["1.2.3", null],
  ])("%j → %s", (text, expected) => {
    expect(parseValue(text)).toEqual(expected);
  });
});

describe("parseSampleLine", () => {
  it.each([
    ["up 1", { name: "up", labels: {}, value: 1 }],
    ["up   1   1700000000000", { name: "up", labels: {}, value: 1, timestampMs: 1700000000000 }],
    ['a{b="c"} 2', { name: "a", labels: { b: "c" }, value: 2 }],
    ['a{b="c",} 2', { name: "a", labels: { b: "c" }, value: 2 }],
    ['a{ b = "c" , d="e" } 2', { name: "a", labels: { b: "c", d: "e" }, value: 2 }],
    ["a{} 2", { name: "a", labels: {}, value: 2 }],
    ['vllm:num_requests_running{model_name="m"} 3.0', { name: "vllm:num_requests_running", labels: { model_name: "m" }, value: 3 }],
    ['e{p="C:\\\\dir",q="say \\"hi\\"",n="a\\nb"} 1', { name: "e", labels: { p: "C:\\dir", q: 'say "hi"', n: "a\nb" }, value: 1 }],
    ['t{v="a}b,c=d"} 1', { name: "t", labels: { v: "a}b,c=d" }, value: 1 }],
    ['b_bucket{le="+Inf"} 5', { name: "b_bucket", labels: { le: "+Inf" }, value: 5 }],
  ])("%s", (line, expected) => {
    expect(parseSampleLine(line)).toEqual({ sample: expected });
  });

  it.each([
    ["1abc 1", /not a metric name/],
    ["abc", /missing value/],
    ["abc one", /invalid value 'one'/],
    ["abc 1 2 3", /unexpected text/],
    ["abc 1 1.5", /invalid timestamp/],
    ['abc{x="1" 2', /expected ',' or '}'/],
    ['abc{x="1} 2', /unterminated value/],
    ['abc{x=1} 2', /expected '"'/],
    ['abc{x="\\q"} 2', /invalid escape/],
    ['abc{x="1",x="2"} 2', /duplicate label x/],
    ['abc{1x="1"} 2', /invalid label name/],
    ['abc{x="1"}2', /unexpected character '2'/],
  ])("refuses %s", (line, reason) => {
    const r = parseSampleLine(line);
    expect("error" in r && r.error).toMatch(reason);
  });
});

describe("parsePrometheusText", () => {
  it("reads HELP, TYPE and samples, grouping histogram and counter suffixes into their family", () => {
    const r = parsePrometheusText(fixture("vllm.prom"));
    expect(r.errors).toEqual([]);
    const byName = new Map(r.families.map((f) => [f.name, f]));
    expect(byName.get("vllm:num_requests_running")).toMatchObject({
      type: "gauge",
      help: "Number of requests in model execution batches.",
      samples: [{ value: 12, labels: { engine: "0", model_name: "meta-llama/Llama-3.1-8B-Instruct" } }],
    });
    const ttft = byName.get("vllm:time_to_first_token_seconds")!;
    expect(ttft.type).toBe("histogram");
    expect(ttft.samples).toHaveLength(11); // 8 buckets, count, sum, created
    expect(byName.get("vllm:prompt_tokens")!.samples.map((s) => s.name)).toEqual(["vllm:prompt_tokens_total", "vllm:prompt_tokens_created"]);
    expect(byName.has("vllm:time_to_first_token_seconds_bucket")).toBe(false);
  });

  it("reports a garbled line with its number and reason, and keeps the rest", () => {
    const r = parsePrometheusText(fixture("malformed.prom"));
    expect(r.errors).toEqual([
      { line: 4, reason: "expected ',' or '}' after label Hostname" },
      { line: 5, reason: "unexpected text after the value of this" },
      { line: 6, reason: "unknown metric type 'thermometer' for DCGM_FI_DEV_POWER_USAGE; treated as untyped" },
      { line: 11, reason: "invalid value 'twelve' for DCGM_FI_DEV_FB_FREE" },
      { line: 13, reason: "invalid escape sequence '\\q' in label x" },
      { line: 14, reason: "not a metric name" },
      { line: 15, reason: "invalid timestamp '12.5' for vllm:num_requests_running" },
    ]);
    const byName = new Map(r.families.map((f) => [f.name, f]));
    expect(byName.get("DCGM_FI_DEV_POWER_USAGE")!.type).toBe("untyped");
    expect(byName.get("DCGM_FI_DEV_POWER_USAGE")!.samples[0]!.value).toBeNaN();
    expect(byName.get("DCGM_FI_DEV_GPU_TEMP")!.samples.map((s) => s.value)).toEqual([Infinity, -Infinity]);
    expect(byName.get("DCGM_FI_DEV_FB_USED")!.samples[0]).toMatchObject({ value: 1024, timestampMs: 1763300000000, line: 10 });
    expect(byName.get("label_escapes")!.samples[0]!.labels).toEqual({ path: "C:\\temp\\new", quote: 'say "hi"', multi: "a\nb" });
    expect(r.sampleCount).toBe(6);
  });

  it.each([
    ["an HTML page", "<!DOCTYPE html>\n<html><head><title>Grafana</title></head>\n<body>hi</body></html>\n"],
    ["JSON", '{"status":"ok"}'],
    ["plain prose", "404 page not found\n"],
  ])("reads nothing from %s, reporting every line, never throwing", (_, text) => {
    const r = parsePrometheusText(text);
    expect(r.sampleCount).toBe(0);
    expect(r.families).toEqual([]);
    expect(r.errors.length).toBeGreaterThan(0);
  });

  it("handles CRLF, blank lines, plain comments, HELP escapes, and repeated or late TYPE lines", () => {
    const text = [
      "# a plain comment",
      "# HELP x Line one\\nline two \\\\ done",
      "# TYPE x gauge",
      "",
      "x 1\r",
      "# TYPE x counter",
      "# TYPE y gauge",
      "y 2",
      "   ",
    ].join("\n");
    const r = parsePrometheusText(text);
    expect(r.families).toEqual([
      { name: "x", type: "gauge", help: "Line one\nline two \\ done", samples: [{ name: "x", labels: {}, value: 1, line: 5 }] },
      { name: "y", type: "gauge", samples: [{ name: "y", labels: {}, value: 2, line: 8 }] },
    ]);
    expect(r.errors).toEqual([{ line: 6, reason: "second # TYPE line for x; ignored" }]);
    expect(parsePrometheusText("z 1\n# TYPE z gauge\nz 2").errors).toEqual([{ line: 2, reason: "# TYPE for z after its samples; ignored" }]);
  });

  it("returns empty for an empty body", () => {
    expect(parsePrometheusText("")).toEqual({ families: [], errors: [], sampleCount: 0 });
  });

  it("groups a histogram by series and estimates quantiles as histogram_quantile does", () => {
    const r = parsePrometheusText(fixture("vllm.prom"));
    const ttft = r.families.find((f) => f.name === "vllm:time_to_first_token_seconds")!;
    const [series] = histogramSeries(ttft);
    expect(series!.labels).toEqual({ engine: "0", model_name: "meta-llama/Llama-3.1-8B-Instruct" });
    expect(series!.count).toBe(1000);
    expect(series!.sum).toBe(98.5);
    expect(series!.buckets.map((b) => b.le)).toEqual([0.001, 0.02, 0.04, 0.1, 0.25, 0.5, 1, Infinity]);
    // rank 500 lies in (0.04, 0.1]: 200 below, 400 inside → 0.04 + 0.06 * 300/400
    expect(bucketQuantile(0.5, series!.buckets)).toBeCloseTo(0.085, 10);
    // rank 950 lies in (0.25, 0.5]: 900 below, 60 inside → 0.25 + 0.25 * 50/60
    expect(bucketQuantile(0.95, series!.buckets)).toBeCloseTo(0.25 + 0.25 * (50 / 60), 10);
    // ranks in the +Inf bucket answer the highest finite bound
    expect(bucketQuantile(0.999, series!.buckets)).toBe(1);
    expect(bucketQuantile(0.5, [{ le: 1, count: 0 }, { le: Infinity, count: 0 }])).toBeNull();
    expect(bucketQuantile(0.5, [{ le: 1, count: 3 }])).toBeNull();
  });
});
