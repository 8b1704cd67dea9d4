/**
 * Prometheus text exposition format 0.0.4 parser. Pure; never throws: a line it cannot read is
 * reported in `errors` (1-based line number + reason) and skipped.
 *
 * Samples of `x_bucket` / `x_sum` / `x_count` (and `x_created`) are grouped into family `x`
 * when `# TYPE x histogram|summary` was declared (`x_total` when `x` is a declared counter, as
 * Python's prometheus_client writes them); see `histogram.ts` for per-series grouping.
 */

import { pgSafeText } from "@/server/ingest/pg-text";

export const METRIC_TYPES = ["counter", "gauge", "histogram", "summary", "untyped"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export interface PromSample {
  /** The sample's own name, e.g. `vllm:e2e_request_latency_seconds_bucket`. */
  name: string;
  labels: Record<string, string>;
  /** May be NaN or ±Infinity: the caller decides what to keep. */
  value: number;
  timestampMs?: number;
  line: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help?: string;
  samples: PromSample[];
}

export interface ParseError {
  line: number;
  reason: string;
}

export interface ParseResult {
  families: MetricFamily[];
  errors: ParseError[];
  /** Sample lines read successfully. */
  sampleCount: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;
/** Sample-name suffixes that belong to a declared family of each type. */
const FAMILY_SUFFIXES: Record<MetricType, readonly string[]> = {
  histogram: ["_bucket", "_sum", "_count", "_created"],
  summary: ["_sum", "_count", "_created"],
  counter: ["_total", "_created"],
  gauge: [],
  untyped: [],
};
const ALL_SUFFIXES = ["_bucket", "_sum", "_count", "_created", "_total"];

/** Go's ParseFloat spellings: NaN, Inf, +Inf, -Inf (case-insensitive), and plain decimals. */
export function parseValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === "nan") return NaN;
  if (lower === "+inf" || lower === "inf") return Infinity;
  if (lower === "-inf") return -Infinity;
  return FLOAT.test(text) ? Number(text) : null;
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\"));
}

type LabelParse = { labels: Record<string, string>; rest: string } | { error: string };

/** Parses `{a="x",b="y"}` at the start of `text` (which starts with `{`). */
function parseLabels(text: string): LabelParse {
  const labels: Record<string, string> = {};
  let i = 1;
  const skipSpace = () => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === "}") return { labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name) return { error: `invalid label name at column ${i + 1}` };
    i += name.length;
    skipSpace();
    if (text[i] !== "=") return { error: `expected '=' after label ${name}` };
    i++;
    skipSpace();
    if (text[i] !== '"') return { error: `expected '"' to open the value of label ${name}` };
    i++;
    let value = "";
    for (;;) {
      const c = text[i];
      if (c === undefined) return { error: `unterminated value of label ${name}` };
      if (c === '"') break;
      if (c === "\\") {
        const next = text[i + 1];
        if (next === "\\" || next === '"') value += next;
        else if (next === "n") value += "\n";
        else return { error: `invalid escape sequence '\\${next ?? ""}' in label ${name}` };
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    if (Object.hasOwn(labels, name)) return { error: `duplicate label ${name}` };
    labels[name] = value;
    skipSpace();
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "}") return { labels, rest: text.slice(i + 1) };
    return { error: `expected ',' or '}' after label ${name}` };
  }
}

type SampleParse = { sample: Omit<PromSample, "line"> } | { error: string };

export function parseSampleLine(line: string): SampleParse {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) return { error: "not a metric name" };
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    const parsed = parseLabels(rest);
    if ("error" in parsed) return parsed;
    labels = parsed.labels;
    rest = parsed.rest;
  }
  if (rest !== "" && rest[0] !== " " && rest[0] !== "\t") return { error: `unexpected character '${rest[0]}' after ${name}` };
  const fields = rest.trim().split(/[ \t]+/).filter(Boolean);
  if (fields.length === 0) return { error: `missing value for ${name}` };
  if (fields.length > 2) return { error: `unexpected text after the value of ${name}` };
  const value = parseValue(fields[0]!);
  if (value === null) return { error: `invalid value '${fields[0]!.slice(0, 40)}' for ${name}` };
  let timestampMs: number | undefined;
  if (fields[1] !== undefined) {
    if (!INTEGER.test(fields[1])) return { error: `invalid timestamp '${fields[1].slice(0, 40)}' for ${name}` };
    timestampMs = Number(fields[1]);
  }
  return { sample: { name, labels, value, ...(timestampMs !== undefined ? { timestampMs } : {}) } };
}

export function parsePrometheusText(page: string): ParseResult {
  // PostgreSQL stores no NUL in text or jsonb: a NUL in a label value becomes U+FFFD
  const text = pgSafeText(page);
  const families = new Map<string, MetricFamily>();
  const declared = new Map<string, MetricType>();
  const errors: ParseError[] = [];
  let sampleCount = 0;

  const family = (name: string, type?: MetricType): MetricFamily => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: type ?? declared.get(name) ?? "untyped", samples: [] };
      families.set(name, f);
    }
    return f;
  };

  /** The family a sample name belongs to: `x_bucket` → `x` when x is a declared histogram. */
  const familyNameOf = (sampleName: string): string => {
    if (declared.has(sampleName)) return sampleName;
    for (const suffix of ALL_SUFFIXES) {
      if (!sampleName.endsWith(suffix)) continue;
      const base = sampleName.slice(0, -suffix.length);
      const type = declared.get(base);
      if (type && FAMILY_SUFFIXES[type].includes(suffix)) return base;
    }
    return sampleName;
  };

  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const line = lines[n]!.replace(/\r$/, "").trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const m = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
      if (!m) continue; // an ordinary comment
      const [, keyword, name, arg = ""] = m;
      if (!METRIC_NAME.test(name!) || METRIC_NAME.exec(name!)![0] !== name) {
        errors.push({ line: lineNo, reason: `invalid metric name '${name!.slice(0, 60)}' in # ${keyword}` });
        continue;
      }
      if (keyword === "HELP") {
        family(name!).help = unescapeHelp(arg);
        continue;
      }
      const type = arg.trim().toLowerCase();
      if (!(METRIC_TYPES as readonly string[]).includes(type)) {
        errors.push({ line: lineNo, reason: `unknown metric type '${arg.trim().slice(0, 40)}' for ${name}; treated as untyped` });
        continue;
      }
      if (declared.has(name!)) {
        errors.push({ line: lineNo, reason: `second # TYPE line for ${name}; ignored` });
        continue;
      }
      if (families.get(name!)?.samples.length) {
        errors.push({ line: lineNo, reason: `# TYPE for ${name} after its samples; ignored` });
        continue;
      }
      declared.set(name!, type as MetricType);
      family(name!).type = type as MetricType;
      continue;
    }
    const parsed = parseSampleLine(line);
    if ("error" in parsed) {
      errors.push({ line: lineNo, reason: parsed.error });
      continue;
    }
    family(familyNameOf(parsed.sample.name)).samples.push({ ...parsed.sample, line: lineNo });
    sampleCount++;
  }
  // HELP-only families with no samples carry no data
  const out = [...families.values()].filter((f) => f.samples.length > 0);
  return { families: out, errors, sampleCount };
}
