import { z } from "zod";
import { STAGES } from "@/db/constants";
import { isLinkLocal } from "@/server/engine/schema";

/**
 * What a threshold rule can watch. `unit` is the unit of the threshold and of the values shown:
 * latencies in ms, rates in percent (0–100), throughput in requests/s, cost in USD per hour.
 */
export const ALERT_METRICS = {
  latency_p50: { label: "Latency p50", unit: "ms", family: "sketch", column: "duration", q: 0.5 },
  latency_p90: { label: "Latency p90", unit: "ms", family: "sketch", column: "duration", q: 0.9 },
  latency_p95: { label: "Latency p95", unit: "ms", family: "sketch", column: "duration", q: 0.95 },
  latency_p99: { label: "Latency p99", unit: "ms", family: "sketch", column: "duration", q: 0.99 },
  latency_max: { label: "Latency max", unit: "ms", family: "sketch", column: "duration", q: 1 },
  ttft_p50: { label: "TTFT p50", unit: "ms", family: "sketch", column: "ttft", q: 0.5 },
  ttft_p90: { label: "TTFT p90", unit: "ms", family: "sketch", column: "ttft", q: 0.9 },
  ttft_p95: { label: "TTFT p95", unit: "ms", family: "sketch", column: "ttft", q: 0.95 },
  ttft_p99: { label: "TTFT p99", unit: "ms", family: "sketch", column: "ttft", q: 0.99 },
  tpot_p50: { label: "Time per output token p50", unit: "ms", family: "sketch", column: "tpot", q: 0.5 },
  tpot_p95: { label: "Time per output token p95", unit: "ms", family: "sketch", column: "tpot", q: 0.95 },
  tpot_p99: { label: "Time per output token p99", unit: "ms", family: "sketch", column: "tpot", q: 0.99 },
  error_rate: { label: "Error rate", unit: "%", family: "counter" },
  rate_429: { label: "429 rate", unit: "%", family: "counter" },
  timeout_rate: { label: "Timeout rate", unit: "%", family: "counter" },
  retry_rate: { label: "Retry rate", unit: "%", family: "counter" },
  fallback_rate: { label: "Fallback rate", unit: "%", family: "counter" },
  cache_hit_rate: { label: "Cache hit rate", unit: "%", family: "counter" },
  requests_per_s: { label: "Requests per second", unit: "req/s", family: "counter" },
  cost_per_hour: { label: "Cost per hour", unit: "USD/h", family: "counter" },
  gpu_util: { label: "GPU utilisation", unit: "%", family: "gpu" },
  gpu_memory: { label: "GPU memory used", unit: "%", family: "gpu" },
  kv_cache_usage: { label: "KV-cache usage", unit: "%", family: "gpu" },
  requests_waiting: { label: "Requests waiting", unit: "requests", family: "gpu" },
} as const;
export type AlertMetric = keyof typeof ALERT_METRICS;
export const ALERT_METRIC_NAMES = Object.keys(ALERT_METRICS) as [AlertMetric, ...AlertMetric[]];

export const COMPARATORS = [">", ">=", "<", "<="] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** What an evaluation without data (or one that failed) does to the alert (Grafana's choices). */
export const NO_DATA_HANDLING = ["nodata", "ok", "alerting", "keep_last"] as const;
export type NoDataHandling = (typeof NO_DATA_HANDLING)[number];
export const ERROR_HANDLING = ["error", "ok", "alerting", "keep_last"] as const;
export type ErrorHandling = (typeof ERROR_HANDLING)[number];

export const ALERT_GROUP_BYS = ["model", "provider", "taskType", "feature", "environment"] as const;
export const SEVERITIES = ["critical", "warning", "info"] as const;

const dim = z.string().trim().min(1).max(256).optional();
export const alertFilters = z
  .strictObject({ environment: dim, model: dim, provider: dim, taskType: dim, feature: dim })
  .default({});

const seconds = (min: number, max: number, what: string) =>
  z
    .number({ error: `${what}: a number of seconds` })
    .int(`${what}: whole seconds`)
    .min(min, `${what}: at least ${formatDurationS(min)}`)
    .max(max, `${what}: at most ${formatDurationS(max)}`);

const DAY_S = 86_400;

export const thresholdSpec = z
  .strictObject({
    kind: z.literal("threshold"),
    metric: z.enum(ALERT_METRIC_NAMES, { error: "metric: pick one of the listed metrics" }),
    /** latency metrics: end-to-end ("request") or one pipeline stage */
    stage: z.enum(["request", ...STAGES]).default("request"),
    filters: alertFilters,
    groupBy: z.enum(ALERT_GROUP_BYS).optional(),
    comparator: z.enum(COMPARATORS),
    threshold: z.number({ error: "threshold: a number" }).finite("threshold: a finite number"),
    windowS: seconds(60, DAY_S, "window"),
    forS: seconds(0, DAY_S, "for"),
    keepFiringForS: seconds(0, DAY_S, "keep firing for").default(0),
    minRequests: z.number().int().min(0).max(1_000_000).default(0),
    noData: z.enum(NO_DATA_HANDLING).default("nodata"),
    onError: z.enum(ERROR_HANDLING).default("error"),
  })
  .superRefine((s, ctx) => {
    const family = ALERT_METRICS[s.metric].family;
    if (family === "gpu" && (s.groupBy || Object.values(s.filters).some(Boolean))) {
      ctx.addIssue({ code: "custom", path: ["filters"], message: "GPU metrics are per host and GPU: they take no request filters or group-by" });
    }
    if (s.stage !== "request" && family !== "sketch") {
      ctx.addIssue({ code: "custom", path: ["stage"], message: "a stage applies to latency metrics only" });
    }
    if (ALERT_METRICS[s.metric].unit === "%" && (s.threshold < 0 || s.threshold > 100)) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "threshold: a percentage between 0 and 100" });
    }
  });
export type ThresholdSpec = z.infer<typeof thresholdSpec>;

/** Multi-window multi-burn-rate alerting (SRE workbook) on a 30-day objective. */
export const sloSpec = z
  .strictObject({
    kind: z.literal("slo"),
    objective: z.discriminatedUnion("type", [
      z.strictObject({
        type: z.literal("latency"),
        metric: z.enum(["duration", "ttft"]),
        thresholdMs: z.number().positive("threshold: above 0 ms").max(3_600_000),
      }),
      z.strictObject({ type: z.literal("success") }),
    ]),
    /** percent of good requests, e.g. 99 or 99.5 */
    targetPct: z.number().min(50, "target: at least 50 %").max(99.999, "target: at most 99.999 %"),
    filters: alertFilters,
    minRequests: z.number().int().min(0).max(1_000_000).default(0),
  });
export type SloSpec = z.infer<typeof sloSpec>;

export const ruleSpec = z.discriminatedUnion("kind", [thresholdSpec, sloSpec]);
export type RuleSpec = z.infer<typeof ruleSpec>;

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "label names: letters, digits and _ (not starting with a digit)").max(64);

export const ruleInput = z.strictObject({
  name: z.string().trim().min(1, "name: required").max(200),
  enabled: z.boolean().default(true),
  severity: z.enum(SEVERITIES).default("warning"),
  spec: ruleSpec,
  labels: z.record(labelName, z.string().max(256)).default({}),
  annotations: z
    .strictObject({
      summary: z.string().max(1000).optional(),
      description: z.string().max(4000).optional(),
      runbookUrl: z.url({ protocol: /^https?$/, error: "runbook URL: an http(s) URL" }).max(2000).optional().or(z.literal("").transform(() => undefined)),
    })
    .default({}),
  channelIds: z.array(z.uuid()).max(20).default([]),
});
export type RuleInput = z.infer<typeof ruleInput>;

export const CHANNEL_TYPES = ["webhook", "slack", "email"] as const;
const httpUrl = z
  .url({ protocol: /^https?$/, error: "url: an http(s) URL" })
  .max(2000)
  // same rule as scrape targets: cloud metadata endpoints are never a receiver
  .refine((u) => !isLinkLocal(u), "url: link-local and cloud metadata addresses cannot receive notifications");
export const channelInput = z.strictObject({
  name: z.string().trim().min(1, "name: required").max(200),
  config: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("webhook"), url: httpUrl }),
    z.strictObject({ type: z.literal("slack"), url: httpUrl }),
    z.strictObject({ type: z.literal("email"), to: z.array(z.email("to: e-mail addresses")).min(1).max(20) }),
  ]),
  repeatIntervalS: seconds(60, 7 * DAY_S, "repeat interval").default(4 * 3600),
  enabled: z.boolean().default(true),
});
export type ChannelInput = z.infer<typeof channelInput>;

export const silenceInput = z
  .strictObject({
    ruleId: z.uuid().optional(),
    matchers: z.record(labelName, z.string().max(256)).default({}),
    durationS: seconds(60, 30 * DAY_S, "duration"),
    reason: z.string().trim().min(1, "reason: required").max(1000),
  })
  .refine((s) => s.ruleId || Object.keys(s.matchers).length > 0, { message: "a silence needs a rule or at least one label matcher" });
export type SilenceInput = z.infer<typeof silenceInput>;

/** "5m", "90s", "1h30m", "2d" → seconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/.exec(s);
  if (!m || !s) return null;
  const [, d, h, mi, se] = m;
  return Number(d ?? 0) * DAY_S + Number(h ?? 0) * 3600 + Number(mi ?? 0) * 60 + Number(se ?? 0);
}

export function formatDurationS(total: number): string {
  if (total === 0) return "0s";
  const parts: string[] = [];
  let rest = total;
  for (const [unit, size] of [["d", DAY_S], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join("");
}

/** The SRE-workbook burn-rate windows for a 30-day objective. */
export const BURN_WINDOWS = [
  { severity: "page", longS: 3600, shortS: 300, factor: 14.4 },
  { severity: "page", longS: 6 * 3600, shortS: 1800, factor: 6 },
  { severity: "ticket", longS: 3 * DAY_S, shortS: 6 * 3600, factor: 1 },
] as const;
export const SLO_PERIOD_S = 30 * DAY_S;

/** A value in its metric's unit, for people: "850 ms", "2.41 s", "5.2 %", "0.35 req/s", "$1.20/h". */
export function formatMetricValue(metric: AlertMetric, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "no data";
  const unit = ALERT_METRICS[metric].unit;
  if (unit === "ms") return v < 1000 ? `${round(v)} ms` : `${round(v / 1000)} s`;
  if (unit === "%") return `${round(v)} %`;
  if (unit === "USD/h") return `$${v.toFixed(2)}/h`;
  return `${round(v)} ${unit}`;
}

function round(v: number): string {
  const a = Math.abs(v);
  return String(a >= 100 ? Math.round(v) : a >= 10 ? Math.round(v * 10) / 10 : Math.round(v * 100) / 100);
}
