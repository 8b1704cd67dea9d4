/**
 * A small process-local metrics registry rendered in the Prometheus text exposition format 0.0.4
 * (counters, gauges, histograms with fixed buckets). Pure and dependency-free; see
 * self-metrics.ts for Tailwatch's own metrics.
 */

export type Labels = Record<string, string>;
type Kind = "counter" | "gauge" | "histogram";

interface Series<V> {
  labels: Labels;
  value: V;
}
interface HistogramValue {
  counts: number[];
  sum: number;
  count: number;
}

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text: backslash and line feed are escaped (quotes are not). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Go's float spellings, which Prometheus (and server/engine/prometheus-parse.ts) read back. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

function seriesKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function checkLabels(labels: Labels) {
  for (const k of Object.keys(labels)) {
    if (!LABEL.test(k) || k.startsWith("__")) throw new Error(`invalid label name ${JSON.stringify(k)}`);
  }
}

class Family<V> {
  readonly series = new Map<string, Series<V>>();
  constructor(
    readonly name: string,
    readonly kind: Kind,
    readonly help: string,
    /** histogram bucket upper bounds, ascending */
    readonly bounds: readonly number[] = [],
  ) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
  }
  at(labels: Labels, init: () => V): Series<V> {
    const key = seriesKey(labels);
    let s = this.series.get(key);
    if (!s) {
      checkLabels(labels);
      s = { labels: { ...labels }, value: init() };
      this.series.set(key, s);
    }
    return s;
  }
}

export function createRegistry() {
  const families = new Map<string, Family<number> | Family<HistogramValue>>();

  function family<V>(name: string, kind: Kind, help: string, bounds?: readonly number[]): Family<V> {
    const existing = families.get(name);
    if (existing) {
      if (existing.kind !== kind) throw new Error(`metric ${name} is already registered as a ${existing.kind}`);
      return existing as unknown as Family<V>;
    }
    const f = new Family<V>(name, kind, help, bounds);
    families.set(name, f as unknown as Family<number>);
    return f;
  }

  return {
    counter(name: string, help: string) {
      const f = family<number>(name, "counter", help);
      return {
        inc(labels: Labels = {}, by = 1) {
          if (!(by >= 0)) throw new Error(`counter ${name} can only go up`);
          f.at(labels, () => 0).value += by;
        },
        get: (labels: Labels = {}) => f.series.get(seriesKey(labels))?.value ?? 0,
      };
    },
    gauge(name: string, help: string) {
      const f = family<number>(name, "gauge", help);
      return {
        set(value: number, labels: Labels = {}) {
          f.at(labels, () => 0).value = value;
        },
        /** Removes the series: a gauge with nothing to report renders no sample. */
        clear(labels: Labels = {}) {
          f.series.delete(seriesKey(labels));
        },
        get: (labels: Labels = {}) => f.series.get(seriesKey(labels))?.value,
      };
    },
    histogram(name: string, help: string, buckets: readonly number[]) {
      const f = family<HistogramValue>(name, "histogram", help, [...buckets].filter(Number.isFinite).sort((a, b) => a - b));
      const bounds = f.bounds;
      return {
        observe(value: number, labels: Labels = {}) {
          if (Number.isNaN(value)) return;
          const s = f.at(labels, () => ({ counts: bounds.map(() => 0), sum: 0, count: 0 })).value;
          for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) s.counts[i]!++;
          s.sum += value;
          s.count++;
        },
        bounds,
      };
    },
    /** The whole registry in the text exposition format; families in registration order. */
    render(): string {
      const out: string[] = [];
      for (const f of families.values()) {
        out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.kind}`);
        if (f.kind !== "histogram") {
          for (const s of (f as Family<number>).series.values()) out.push(`${f.name}${labelText(s.labels)} ${formatValue(s.value)}`);
          continue;
        }
        for (const s of (f as Family<HistogramValue>).series.values()) {
          const h = s.value;
          f.bounds.forEach((le, i) => out.push(`${f.name}_bucket${labelText(s.labels, ["le", formatValue(le)])} ${h.counts[i]}`));
          out.push(`${f.name}_bucket${labelText(s.labels, ["le", "+Inf"])} ${h.count}`);
          out.push(`${f.name}_sum${labelText(s.labels)} ${formatValue(h.sum)}`);
          out.push(`${f.name}_count${labelText(s.labels)} ${h.count}`);
        }
      }
      return out.join("\n") + "\n";
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
