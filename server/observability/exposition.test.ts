import { describe, expect, it } from "vitest";
import { parsePrometheusText } from "@/server/engine/prometheus-parse";
import { createRegistry, escapeHelp, escapeLabelValue, formatValue } from "./exposition";
import { rejectionReason, selfMetrics, setAlertEvaluationLag } from "./self-metrics";

describe("exposition format", () => {
  it.each([
    ["plain", "plain"],
    ['say "hi"', 'say \\"hi\\"'],
    ["C:\\path", "C:\\\\path"],
    ["two\nlines", "two\\nlines"],
    ['\\"\n', '\\\\\\"\\n'],
  ])("escapes the label value %j as %j", (value, escaped) => {
    expect(escapeLabelValue(value)).toBe(escaped);
  });

  it("escapes backslash and line feed in HELP, not quotes", () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  it.each([
    [1, "1"],
    [0.25, "0.25"],
    [1e21, "1e+21"],
    [NaN, "NaN"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
  ])("writes %s as %s", (v, text) => expect(formatValue(v)).toBe(text));

  it("writes HELP and TYPE before every family's samples, histograms as cumulative buckets with +Inf, _sum and _count", () => {
    const r = createRegistry();
    const requests = r.counter("app_requests_total", "Requests answered.");
    const depth = r.gauge("app_queue_depth", "Queued.");
    const latency = r.histogram("app_latency_seconds", "Latency.", [0.5, 0.1, 1]);
    r.counter("app_unused_total", "Never incremented.");
    requests.inc({ route: "a", code: "200" });
    requests.inc({ code: "200", route: "a" }, 2); // label order does not make a new series
    requests.inc({ route: "b", code: "429" });
    depth.set(3);
    for (const v of [0.05, 0.2, 0.7, 4]) latency.observe(v, { route: "a" });
    expect(r.render()).toBe(
      [
        "# HELP app_requests_total Requests answered.",
        "# TYPE app_requests_total counter",
        'app_requests_total{route="a",code="200"} 3',
        'app_requests_total{route="b",code="429"} 1',
        "# HELP app_queue_depth Queued.",
        "# TYPE app_queue_depth gauge",
        "app_queue_depth 3",
        "# HELP app_latency_seconds Latency.",
        "# TYPE app_latency_seconds histogram",
        'app_latency_seconds_bucket{route="a",le="0.1"} 1',
        'app_latency_seconds_bucket{route="a",le="0.5"} 2',
        'app_latency_seconds_bucket{route="a",le="1"} 3',
        'app_latency_seconds_bucket{route="a",le="+Inf"} 4',
        'app_latency_seconds_sum{route="a"} 4.95',
        'app_latency_seconds_count{route="a"} 4',
        "# HELP app_unused_total Never incremented.",
        "# TYPE app_unused_total counter",
        "",
      ].join("\n"),
    );
  });

  it("refuses invalid names, counters going down, and a name registered twice as different types", () => {
    const r = createRegistry();
    expect(() => r.counter("bad-name", "x")).toThrow(/invalid metric name/);
    expect(() => r.counter("ok_total", "x").inc({ "bad label": "v" })).toThrow(/invalid label name/);
    expect(() => r.counter("ok2_total", "x").inc({}, -1)).toThrow(/only go up/);
    r.gauge("g", "x");
    expect(() => r.counter("g", "x")).toThrow(/already registered as a gauge/);
  });

  it("reads back through Tailwatch's own Prometheus parser, hostile label values included", () => {
    const r = createRegistry();
    const hostile = 'a\\b"c\nd} e="f",g';
    r.counter("t_total", "Help with \\ and\nnewline.").inc({ route: hostile }, 7);
    r.gauge("t_gauge", "G.").set(NaN);
    r.histogram("t_seconds", "H.", [1, 2]).observe(1.5, { route: hostile });
    const parsed = parsePrometheusText(r.render());
    expect(parsed.errors).toEqual([]);
    const byName = Object.fromEntries(parsed.families.map((f) => [f.name, f]));
    expect(byName.t_total).toMatchObject({ type: "counter", help: "Help with \\ and\nnewline." });
    expect(byName.t_total!.samples[0]).toMatchObject({ labels: { route: hostile }, value: 7 });
    expect(byName.t_gauge!.samples[0]!.value).toBeNaN();
    expect(byName.t_seconds!.type).toBe("histogram");
    expect(byName.t_seconds!.samples.map((s) => [s.name, s.labels.le ?? null, s.value])).toEqual([
      ["t_seconds_bucket", "1", 0],
      ["t_seconds_bucket", "2", 1],
      ["t_seconds_bucket", "+Inf", 1],
      ["t_seconds_sum", null, 1.5],
      ["t_seconds_count", null, 1],
    ]);
  });
});

describe("self-metrics", () => {
  it.each([
    [400, "invalid"],
    [401, "unauthorized"],
    [403, "forbidden"],
    [413, "too_large"],
    [415, "unsupported_media_type"],
    [429, "at_capacity"],
    [500, "internal"],
    [503, "db_unavailable"],
    [418, "http_418"],
  ])("names a %i refusal %s", (status, reason) => expect(rejectionReason(status)).toBe(reason));

  it("emits the alert evaluation lag only once the alert engine has reported it", () => {
    const sample = () => selfMetrics().registry.render().split("\n").find((l) => l.startsWith("tailwatch_alert_evaluation_lag_seconds "));
    setAlertEvaluationLag(null);
    expect(sample()).toBeUndefined();
    setAlertEvaluationLag(12.5);
    expect(sample()).toBe("tailwatch_alert_evaluation_lag_seconds 12.5");
    setAlertEvaluationLag(NaN);
    expect(sample()).toBeUndefined();
  });
});
