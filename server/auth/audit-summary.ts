/** Field names whose values never reach the audit log (credentials, webhook URLs, free text a secret may hide in). */
const SECRET_FIELD = /secret|password|token|key|authorization|webhook|url|headers|smtp|cookie|credential/i;
const MAX_STRING = 200;
const MAX_DEPTH = 4;
const MAX_ITEMS = 20;

/**
 * What an audit row keeps of a mutation's input: its shape and plain values, secrets replaced by
 * "[redacted]", long strings cut, deep or long structures summarised. Pure.
 */
export function summarizeInput(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => summarizeInput(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, MAX_ITEMS * 2)) {
      out[k] = SECRET_FIELD.test(k) && v !== undefined && v !== null && typeof v !== "boolean" ? "[redacted]" : summarizeInput(v, depth + 1);
    }
    return out;
  }
  return String(value);
}

/** The thing a mutation touched, for the log's "target" column: an id or a name from its input or result. */
export function auditTarget(input: unknown, result: unknown): string | null {
  for (const source of [input, result]) {
    if (!source || typeof source !== "object") continue;
    const o = source as Record<string, unknown>;
    for (const field of ["id", "name", "email", "userId", "url"]) {
      const v = o[field];
      if (typeof v === "string" && v) return field === "url" ? redactUrl(v) : v.slice(0, MAX_STRING);
    }
  }
  return null;
}

/** A URL without credentials, query or path (which may carry a token): scheme and host. */
function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "[url]";
  }
}
