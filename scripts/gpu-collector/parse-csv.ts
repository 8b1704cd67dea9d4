/** Parses `nvidia-smi --query-gpu=… --format=csv,noheader,nounits` lines into engine samples. */

export const QUERY_FIELDS = [
  "timestamp",
  "index",
  "uuid",
  "name",
  "utilization.gpu",
  "utilization.memory",
  "memory.used",
  "memory.total",
  "temperature.gpu",
  "power.draw",
] as const;

const MiB = 1024 * 1024;

/** The engine sample as `ingest.batch` takes it (time in epoch ms). */
export interface WireEngineSample {
  time: number;
  host: string;
  source: "nvidia-smi";
  gpuIndex?: number;
  gpuUuid?: string;
  gpuName?: string;
  gpuUtilPct?: number;
  memUsedBytes?: number;
  memTotalBytes?: number;
  temperatureC?: number;
  powerW?: number;
}

export type ParsedLine = { sample: WireEngineSample } | { error: string };

/** `[N/A]`, `[Not Supported]`, `[Unknown Error]`, `N/A` … → null; otherwise a finite number or null. */
export function numberField(text: string | undefined): number | null {
  const t = (text ?? "").trim();
  if (t === "" || t.startsWith("[") || /^n\/a$/i.test(t)) return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/** nvidia-smi prints local time as `2026/11/20 12:00:00.123`; null when it is not that. */
export function parseSmiTimestamp(text: string): number | null {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms = "0"] = m;
  const t = new Date(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, Number(ms.padEnd(3, "0"))).getTime();
  return Number.isFinite(t) ? t : null;
}

const inRange = (v: number | null, min: number, max: number) => (v !== null && v >= min && v <= max ? v : null);

/**
 * One CSV line → one sample. The GPU name is the only field that could hold a comma, so the
 * line is read from both ends. utilization.memory (memory-controller busy %) has no column in
 * engine_samples and is not sent.
 */
export function parseSmiLine(line: string, host: string, now: number = Date.now()): ParsedLine {
  const fields = line.split(",").map((f) => f.trim());
  if (fields.length < QUERY_FIELDS.length) {
    return { error: `expected ${QUERY_FIELDS.length} comma-separated fields, got ${fields.length}` };
  }
  const tail = fields.slice(-6);
  const [timestamp, indexText, uuid] = fields;
  const name = fields.slice(3, fields.length - 6).join(", ");
  const index = numberField(indexText);
  if (index === null || !Number.isInteger(index) || index < 0) return { error: `invalid GPU index '${indexText}'` };
  const [utilGpu, , memUsed, memTotal, temp, power] = tail.map(numberField);

  const sample: WireEngineSample = {
    time: parseSmiTimestamp(timestamp!) ?? now,
    host,
    source: "nvidia-smi",
    gpuIndex: index,
  };
  if (uuid && !uuid.startsWith("[")) sample.gpuUuid = uuid;
  if (name && !name.startsWith("[")) sample.gpuName = name;
  const put = <K extends keyof WireEngineSample>(key: K, value: WireEngineSample[K] | null) => {
    if (value !== null) sample[key] = value;
  };
  put("gpuUtilPct", inRange(utilGpu ?? null, 0, 100));
  put("memUsedBytes", memUsed != null && memUsed >= 0 ? Math.round(memUsed * MiB) : null);
  put("memTotalBytes", memTotal != null && memTotal >= 0 ? Math.round(memTotal * MiB) : null);
  put("temperatureC", inRange(temp ?? null, -50, 200));
  put("powerW", inRange(power ?? null, 0, 1e5));
  return { sample };
}
