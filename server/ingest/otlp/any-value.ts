import type { Attributes } from "./types";

/** How the two OTLP encodings differ below the message structure. */
export type Flavor = "json" | "proto";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function toBase64(v: unknown, flavor: Flavor): string | null {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
  if (typeof v === "string") return flavor === "json" ? v : null;
  return null;
}

/** protobufjs decodes 64-bit integers as `Long` objects; their toString() is the decimal value. */
const isLong = (v: unknown): v is { toString(): string } =>
  typeof v === "object" && v !== null && typeof (v as { low?: unknown }).low === "number" && typeof (v as { high?: unknown }).high === "number";

/** int64 arrives as a decimal string, a number (JSON) or a Long (protobuf); small ones become numbers. */
function intValue(v: unknown): number | string | null {
  if (isLong(v)) v = v.toString();
  if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v.trim();
  }
  return null;
}

function doubleValue(v: unknown): number | string | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "string") {
    const n = Number(v);
    return Number.isFinite(n) ? n : v; // "NaN", "Infinity" stay text: JSON has no such numbers
  }
  return null;
}

const has = Object.hasOwn;

/**
 * An OTLP AnyValue as a plain JS value: kvlists become objects (flattened later), bytes base64.
 * Presence is tested on own properties: decoded protobuf messages keep defaults on the prototype.
 */
export function anyValue(v: unknown, flavor: Flavor, depth = 0): unknown {
  if (!isObject(v) || depth > 16) return null;
  if (has(v, "stringValue")) return typeof v.stringValue === "string" ? v.stringValue : String(v.stringValue ?? "");
  if (has(v, "boolValue")) return v.boolValue === true || v.boolValue === "true";
  if (has(v, "intValue")) return intValue(v.intValue);
  if (has(v, "doubleValue")) return doubleValue(v.doubleValue);
  if (has(v, "arrayValue")) {
    const values = isObject(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map((x) => anyValue(x, flavor, depth + 1));
  }
  if (has(v, "kvlistValue")) {
    const out: Record<string, unknown> = {};
    const values = isObject(v.kvlistValue) && Array.isArray(v.kvlistValue.values) ? v.kvlistValue.values : [];
    for (const kv of values) {
      if (isObject(kv) && typeof kv.key === "string") out[kv.key] = anyValue(kv.value, flavor, depth + 1);
    }
    return out;
  }
  if (has(v, "bytesValue")) return toBase64(v.bytesValue, flavor);
  return null;
}

/**
 * OTLP `repeated KeyValue` → a flat record. A kvlist value is flattened to dotted keys
 * (`{"a": {"b": 1}}` → `a.b: 1`); arrays stay arrays (stored as JSON arrays). Later keys win.
 */
export function decodeAttributes(list: unknown, flavor: Flavor): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== "string" || kv.key === "") continue;
    put(out, kv.key, anyValue(kv.value, flavor));
  }
  return out;
}

function put(out: Attributes, key: string, value: unknown) {
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) out[key] = {};
    for (const [k, v] of entries) put(out, `${key}.${k}`, v);
  } else {
    out[key] = value;
  }
}

/** Trace and span ids: hex in OTLP/JSON, raw bytes in protobuf. All-zero ids are invalid (spec). */
export function decodeId(v: unknown, flavor: Flavor, bytes: 8 | 16): string | null {
  let hex: string | null = null;
  if (v instanceof Uint8Array) {
    hex = v.byteLength === 0 ? null : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex");
  } else if (typeof v === "string" && v !== "" && flavor === "json") {
    if (v.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(v)) hex = v.toLowerCase();
    else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
      // some producers send ids base64 like other bytes; accept when it decodes to the right size
      const buf = Buffer.from(v, "base64");
      hex = buf.byteLength === bytes ? buf.toString("hex") : null;
    }
  }
  if (hex === null || hex.length !== bytes * 2 || /^0+$/.test(hex)) return null;
  return hex;
}

/** Nanoseconds as a double: exact below 2^53, within 256 ns for present-day timestamps. */
function nanos(v: unknown): number | null {
  if (isLong(v)) {
    const { high, low } = v as unknown as { high: number; low: number };
    return (high >>> 0) * 4294967296 + (low >>> 0);
  }
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  if (typeof v === "bigint") return Number(v);
  return null;
}

/**
 * A fixed64 nanosecond timestamp (decimal string, number, Long or bigint) → epoch ms with
 * microsecond fraction. Rounding to whole microseconds first keeps millisecond-aligned times exact.
 */
export function nanosToMs(v: unknown): number | null {
  const n = nanos(v);
  return n ? Math.round(n / 1000) / 1000 : null;
}

/** The exact difference of two nanosecond timestamps, in (fractional) ms. */
export function nanosDiffMs(end: unknown, start: unknown): number | null {
  if (isLong(end) && isLong(start)) {
    const e = end as unknown as { high: number; low: number };
    const s = start as unknown as { high: number; low: number };
    return (((e.high >>> 0) - (s.high >>> 0)) * 4294967296 + ((e.low >>> 0) - (s.low >>> 0))) / 1e6;
  }
  if (typeof end === "string" && typeof start === "string" && /^\d+$/.test(end) && /^\d+$/.test(start)) {
    return Number(BigInt(end) - BigInt(start)) / 1e6;
  }
  const e = nanos(end);
  const s = nanos(start);
  return e !== null && s !== null ? (e - s) / 1e6 : null;
}
