import { INGEST_LIMITS } from "../limits";

/** A single value longer than this is cut; long prompts belong in input/output, not attributes. */
const MAX_VALUE_CHARS = 8 * 1024;
/** Under the schema's limit, with room for the bookkeeping key below. */
const BUDGET = INGEST_LIMITS.maxAttributesBytes - 256;
export const DROPPED_KEY = "tailwatch.attributes_truncated";

export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 32);
  return `${text.slice(0, keep)}…[truncated ${text.length - keep} chars]`;
}

function size(key: string, value: unknown): number {
  // as JSON.stringify counts it: "key":value,
  return JSON.stringify(key).length + (JSON.stringify(value)?.length ?? 4) + 2;
}

/**
 * Keeps a span's attributes inside the 64 KB limit by shortening values instead of refusing
 * the span: long strings are cut, oversized arrays are kept as truncated JSON text, and if the
 * whole is still too large the largest values are cut further, then the last keys dropped.
 */
export function limitAttributes(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let cut = 0;
  for (const key in attrs) {
    const raw = attrs[key];
    if (key.length > INGEST_LIMITS.maxNameLength || raw === undefined) {
      cut++;
      continue;
    }
    let value = raw;
    if (typeof value === "string") {
      if (value.length > MAX_VALUE_CHARS) {
        value = truncateText(value, MAX_VALUE_CHARS);
        cut++;
      }
    } else if (typeof value === "object" && value !== null) {
      const json = JSON.stringify(value);
      if (json.length > MAX_VALUE_CHARS) {
        value = truncateText(json, MAX_VALUE_CHARS);
        cut++;
      }
    }
    out[key] = value;
  }
  if (JSON.stringify(out).length > BUDGET) cut += shrink(out);
  if (cut > 0) out[DROPPED_KEY] = cut;
  return out;
}

/** Cuts the largest values, then drops the last keys, until the whole fits; returns how many. */
function shrink(out: Record<string, unknown>): number {
  let cut = 0;
  let total = 2;
  for (const key in out) total += size(key, out[key]);
  const bySize = Object.keys(out).sort((a, b) => size(b, out[b]) - size(a, out[a]));
  for (const key of bySize) {
    if (total <= BUDGET) break;
    const before = size(key, out[key]);
    if (before <= 300) break;
    const text = typeof out[key] === "string" ? (out[key] as string) : JSON.stringify(out[key]);
    out[key] = truncateText(text, 256);
    total -= before - size(key, out[key]);
    cut++;
  }
  const keys = Object.keys(out);
  while (total > BUDGET && keys.length) {
    const key = keys.pop()!;
    total -= size(key, out[key]);
    delete out[key];
    cut++;
  }
  return cut;
}
