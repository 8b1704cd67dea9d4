import { createHmac } from "node:crypto";
import { isIPv6 } from "node:net";
import vm from "node:vm";
import type { DataSettings } from "@/server/settings/schema";

/**
 * Redaction applied at ingest, before anything is written. Pure: the same settings and input give
 * the same output. Built-in patterns use bounded quantifiers and lookaround boundaries so each
 * runs in time linear in the input; custom patterns are screened when saved (see
 * server/settings/schema.ts and probePattern below) and only ever see input capped to
 * `maxTextChars` plus a small margin.
 */

export type RedactionKind = "email" | "phone" | "credit_card" | "ip" | "secret";

interface Rule {
  kind: string;
  re?: RegExp;
  /** A hand-written scan instead of `re`, for checks a regular expression does slowly. */
  scan?: (text: string, label: string) => string;
  /** Extra check on a match (Luhn, entropy, IPv6 syntax); a rejected match stays as it is. */
  accept?: (match: string) => boolean;
  /** Replace only this capture group (e.g. the value of "api_key=…"), not the whole match. */
  group?: number;
  /** A cheap test the text must pass before the pattern runs (most text has no "@", no "sk-"…). */
  hint?: (text: string) => boolean;
}

const has = (needle: string) => (text: string) => text.includes(needle);

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const EMAIL_WHOLE = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/;

/** 13–19 digits, optionally grouped by spaces or dashes; Luhn-checked. */
const CREDIT_CARD = /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g;

/** "+44 20 7946 0958", "+1-415-555-0100", "(415) 555-0100", "415.555.0100": a bare digit run is not a phone. */
const PHONE =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4})(?![\w])/g;

const IPV4_OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![\\w.])${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}(?!\\.?\\w)`, "g");
const IPV6 = /(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![0-9A-Za-z:])/g;

const SECRET_PATTERNS: Rule[] = [
  // provider keys: OpenAI / Anthropic (sk-…, sk-proj-…, sk-ant-…), Tailwatch, AWS, GitHub, Slack, Google
  { kind: "secret", re: /(?<![\w-])sk-[A-Za-z0-9_-]{16,256}/g, hint: has("sk-") },
  { kind: "secret", re: /(?<![\w-])tw_[A-Za-z0-9_-]{16,256}/g, hint: has("tw_") },
  { kind: "secret", re: /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/g, hint: (t) => t.includes("AKIA") || t.includes("ASIA") },
  { kind: "secret", re: /(?<!\w)gh[pousr]_[A-Za-z0-9]{30,255}/g, hint: has("_") },
  { kind: "secret", re: /(?<!\w)xox[abprs]-[A-Za-z0-9-]{10,255}/g, hint: has("xox") },
  { kind: "secret", re: /(?<!\w)AIza[0-9A-Za-z_-]{35}/g, hint: has("AIza") },
  // JSON web tokens
  { kind: "secret", re: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,4096}/g, hint: has("eyJ") },
  // "Bearer <token>", "api_key=<value>", "password: <value>": the value goes, the label stays
  { kind: "secret", re: /\b[Bb]earer\s{1,8}([A-Za-z0-9._~+/=-]{8,4096})/g, group: 1, hint: has("earer") },
  {
    kind: "secret",
    re: /\b(?:api[_-]?key|secret(?:[_-]?key)?|passw(?:or)?d|access[_-]?token|auth[_-]?token|client[_-]?secret)["']?\s{0,4}[:=]\s{0,4}["']?([^\s"',;&]{6,4096})/gi,
    group: 1,
    hint: (t) => /api|secret|passw|token/i.test(t),
  },
  // long hex or high-entropy base64(url) runs: see redactLongTokens (a scan, not a regular expression)
];

const MIN_TOKEN_LENGTH = 32;

/** A-Z a-z 0-9 + _ - : the characters of base64, base64url and hex tokens. */
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 95 || c === 45;
}

/**
 * Replaces runs of ≥ 32 token characters that look like secrets: all hex with digits and letters,
 * or base64 mixing digits, lower and upper case with ≥ 4.3 bits of entropy per character.
 * One linear pass (a regular expression for this retries at every position and is ~20× slower).
 */
export function redactLongTokens(text: string, label: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; ) {
    if (!isTokenChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
    let padded = end;
    while (padded < text.length && padded - end < 2 && text.charCodeAt(padded) === 61) padded++; // "=" padding
    if (end - i >= MIN_TOKEN_LENGTH && looksLikeSecret(text.slice(i, end))) {
      out += text.slice(last, i) + label;
      last = padded;
    }
    i = padded;
  }
  return last === 0 ? text : out + text.slice(last);
}

function looksLikeSecret(token: string): boolean {
  const digit = /\d/.test(token);
  if (/^[0-9a-fA-F]+$/.test(token)) return digit && /[a-fA-F]/.test(token);
  return digit && /[a-z]/.test(token) && /[A-Z]/.test(token) && shannonBits(token) >= 4.3;
}

/** Bits of entropy per character of `s` (0 for an empty string). */
export function shannonBits(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function builtinRules(s: RedactionSettings): Rule[] {
  const rules: Rule[] = [];
  if (s.redactSecrets) rules.push(...SECRET_PATTERNS, { kind: "secret", scan: redactLongTokens });
  if (s.redactEmail) rules.push({ kind: "email", re: EMAIL, hint: has("@") });
  if (s.redactCreditCard) {
    rules.push({
      kind: "credit_card",
      re: CREDIT_CARD,
      accept: (m) => {
        const digits = m.replace(/[ -]/g, "");
        return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
      },
    });
  }
  if (s.redactIp) {
    rules.push({ kind: "ip", re: IPV4 });
    rules.push({ kind: "ip", re: IPV6, accept: (m) => /[0-9A-Fa-f]/.test(m) && isIPv6(m) });
  }
  if (s.redactPhone) rules.push({ kind: "phone", re: PHONE, accept: (m) => m.replace(/\D/g, "").length >= 7 });
  return rules;
}

export type RedactionSettings = Pick<
  DataSettings,
  "redactEmail" | "redactPhone" | "redactCreditCard" | "redactIp" | "redactSecrets" | "customPatterns" | "dropText" | "maxTextChars" | "emailUserIds"
>;

/** Input beyond the cap that is still scanned, so a secret straddling the cut is not left half-visible. */
const SCAN_MARGIN = 256;
const TRUNCATED = "…[truncated]";
const MAX_DEPTH = 16;

/** Attribute keys that carry prompt or response text: dropped with the text when `dropText` is on. */
const TEXT_ATTRIBUTE = /^(?:input\.value|output\.value|gen_ai\.(?:prompt|completion|input|output)|llm\.(?:prompts|input_messages|output_messages)|ai\.prompt|ai\.response\.(?:text|object)|langfuse\.observation\.(?:input|output))(?:\.|$)/;

export interface Redactor {
  /** Prompt or response text: null when text is dropped, else capped and redacted. */
  text(value: string | null): string | null;
  /** Any string: capped and redacted (attribute values). */
  string(value: string): string;
  /** Attribute maps: string values anywhere inside are redacted; keys stay. */
  attributes(value: Record<string, unknown>): Record<string, unknown>;
  /** User ids stay (cost per user needs them), except e-mail addresses per `emailUserIds`. */
  userId(value: string | null): string | null;
}

/** A stable pseudonym for an e-mail user id: the same address gives the same id within a project. */
export function pseudonymizeUserId(projectId: string, userId: string): string {
  return `user-${createHmac("sha256", `tailwatch-user:${projectId}`).update(userId.trim().toLowerCase()).digest("hex").slice(0, 20)}`;
}

export function isEmailLike(value: string): boolean {
  return value.length <= 320 && EMAIL_WHOLE.test(value.trim());
}

export function compileRedactor(settings: RedactionSettings, projectId: string): Redactor {
  const rules = [
    ...builtinRules(settings),
    ...settings.customPatterns.map((p) => ({ kind: p.name, re: new RegExp(p.pattern, "gu") })),
  ];
  const max = settings.maxTextChars;
  const redactString = (value: string): string => {
    const over = value.length > max;
    let out = over ? value.slice(0, max + SCAN_MARGIN) : value;
    for (const rule of rules) out = applyRule(out, rule);
    return over ? out.slice(0, max) + TRUNCATED : out;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return redactString(value);
    if (value === null || typeof value !== "object") return value;
    if (depth >= MAX_DEPTH) return "[REDACTED:too_deep]";
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (depth === 0 && settings.dropText && TEXT_ATTRIBUTE.test(k)) continue;
      out[k] = walk(v, depth + 1);
    }
    return out;
  };
  return {
    text: (value) => (value == null || settings.dropText ? null : redactString(value)),
    string: redactString,
    attributes: (value) => walk(value, 0) as Record<string, unknown>,
    userId: (value) => {
      if (value == null || settings.emailUserIds === "keep" || !isEmailLike(value)) return value;
      return settings.emailUserIds === "hash" ? pseudonymizeUserId(projectId, value) : "[REDACTED:email]";
    },
  };
}

function applyRule(text: string, rule: Rule): string {
  if (rule.hint && !rule.hint(text)) return text;
  if (rule.scan) return rule.scan(text, `[REDACTED:${rule.kind}]`);
  const re = rule.re!;
  re.lastIndex = 0;
  return text.replace(re, (match: string, ...rest: unknown[]) => {
    if (rule.accept && !rule.accept(match)) return match;
    const label = `[REDACTED:${rule.kind}]`;
    if (rule.group == null) return label;
    const group = rest[rule.group - 1];
    if (typeof group !== "string" || !group) return match;
    const at = match.lastIndexOf(group);
    return match.slice(0, at) + label + match.slice(at + group.length);
  });
}

/** Inputs that make backtracking patterns blow up; a pattern that stalls on one of them is refused. */
const PROBES = ["a", "0", " ", "a0", "a ", "-", "a@", "x.", "\t"].map((unit) => unit.repeat(2_500) + "!\u0000");
const PROBE_TIMEOUT_MS = 150;

/**
 * Runs a custom pattern against adversarial inputs in a V8 context with a time limit (the only way
 * to interrupt a runaway regular expression in Node). Returns a reason to refuse it, or null.
 */
export function probePattern(pattern: string): string | null {
  try {
    vm.runInNewContext(
      "const re = new RegExp(pattern, 'gu'); for (const p of probes) { re.lastIndex = 0; p.replace(re, ''); }",
      { pattern, probes: PROBES },
      { timeout: PROBE_TIMEOUT_MS },
    );
    return null;
  } catch (err) {
    const message = (err as Error).message ?? "";
    if (/timed out/i.test(message)) return "too slow on long inputs (catastrophic backtracking); simplify the pattern";
    return `does not compile: ${message}`;
  }
}

/** Applies the project's redaction to normalised rows, in place, before they are written. */
export function redactBatch<B extends { traces: { user_id: string | null; attributes: Record<string, unknown> }[]; spans: { input_text: string | null; output_text: string | null; attributes: Record<string, unknown> }[] }>(
  batch: B,
  redactor: Redactor,
): B {
  for (const t of batch.traces) {
    t.user_id = redactor.userId(t.user_id);
    t.attributes = redactor.attributes(t.attributes);
  }
  for (const s of batch.spans) {
    s.input_text = redactor.text(s.input_text);
    s.output_text = redactor.text(s.output_text);
    s.attributes = redactor.attributes(s.attributes);
  }
  return batch;
}
