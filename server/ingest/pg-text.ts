/** A NUL, or a UTF-16 surrogate without its partner: PostgreSQL stores neither in text or jsonb. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The string with every NUL and lone surrogate replaced by U+FFFD (the replacement character). */
export function pgSafeText(s: string): string {
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(s) ? s.replace(UNSTORABLE, "\ufffd") : s;
}

/**
 * Makes every string of a parsed body (values and object keys, at any depth) storable by
 * PostgreSQL, which refuses NUL and lone surrogates in text and jsonb — JSON can carry both
 * (`"\u0000"`, `"\ud800"`). Done before ids are deduplicated, so two ids that become equal are
 * merged like any duplicate. Arrays and objects are updated in place.
 */
export function pgSafeDeep<T>(value: T): T {
  if (typeof value === "string") return pgSafeText(value) as T;
  if (value === null || typeof value !== "object") return value;
  // an explicit stack: attribute values may nest deeper than the call stack allows
  const stack: object[] = [value];
  while (stack.length) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v === "string") node[i] = pgSafeText(v);
        else if (v !== null && typeof v === "object") stack.push(v);
      }
      continue;
    }
    if (ArrayBuffer.isView(node) || node instanceof Date) continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      const safeKey = pgSafeText(key);
      const safeValue = typeof v === "string" ? pgSafeText(v) : v;
      if (safeKey !== key) {
        delete record[key];
        record[safeKey] = safeValue;
      } else if (safeValue !== v) {
        record[key] = safeValue;
      }
      if (safeValue !== null && typeof safeValue === "object") stack.push(safeValue);
    }
  }
  return value;
}
