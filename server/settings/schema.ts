import { z } from "zod";

/** Bounds shared by the form and the server. */
export const DATA_LIMITS = {
  maxCustomPatterns: 10,
  maxPatternLength: 200,
  minTextChars: 256,
  maxTextChars: 1_000_000,
  defaultTextChars: 16_384,
  minRetentionDays: 1,
  maxRetentionDays: 3_650,
  defaultRetentionDays: 30,
  maxPreviewChars: 20_000,
} as const;

export const EMAIL_USER_ID_MODES = ["hash", "redact", "keep"] as const;
export type EmailUserIdMode = (typeof EMAIL_USER_ID_MODES)[number];

/**
 * Static screen for patterns that can backtrack catastrophically: a quantified group that itself
 * contains a quantifier ("(a+)+", "(\w*\s?)*") and backreferences. Returns a reason, or null.
 */
export function riskyPatternReason(pattern: string): string | null {
  if (/\\[1-9]|\\k</.test(pattern)) return "backreferences are not allowed";
  // walk groups: a group containing a quantifier, followed by a quantifier, is nested repetition
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      i++;
      if (stack.length && isQuantifierAt(pattern, i + 1)) stack[stack.length - 1] = true;
      continue;
    }
    if (inClass) {
      if (c === "]") {
        inClass = false;
        if (stack.length && isQuantifierAt(pattern, i + 1)) stack[stack.length - 1] = true;
      }
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") stack.push(false);
    else if (c === ")") {
      const hadQuantifier = stack.pop() ?? false;
      if (hadQuantifier && isQuantifierAt(pattern, i + 1)) return "nested repetition like (a+)+ can take exponential time";
      if (stack.length && (hadQuantifier || isQuantifierAt(pattern, i + 1))) stack[stack.length - 1] = true;
    } else if (stack.length && isQuantifierAt(pattern, i + 1) && c !== "|") stack[stack.length - 1] = true;
  }
  return null;
}

function isQuantifierAt(pattern: string, i: number): boolean {
  const c = pattern[i];
  if (c === "*" || c === "+") return true;
  if (c === "{") return /^\{\d+(,\d*)?\}/.test(pattern.slice(i));
  return false; // "?" is at most one repetition: harmless
}

export const customPatternInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "give the pattern a name")
      .max(40)
      .regex(/^[a-z0-9_-]+$/i, "names are letters, digits, '_' or '-'"),
    pattern: z.string().min(1, "the pattern is empty").max(DATA_LIMITS.maxPatternLength, `patterns are at most ${DATA_LIMITS.maxPatternLength} characters`),
  })
  .superRefine((p, ctx) => {
    let re: RegExp;
    try {
      re = new RegExp(p.pattern, "gu");
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: `does not compile: ${(err as Error).message}` });
      return;
    }
    if (re.test("")) ctx.addIssue({ code: "custom", path: ["pattern"], message: "matches the empty string" });
    const risky = riskyPatternReason(p.pattern);
    if (risky) ctx.addIssue({ code: "custom", path: ["pattern"], message: risky });
  });
export type CustomPatternInput = z.infer<typeof customPatternInput>;

export const dataSettingsInput = z
  .object({
    redactEmail: z.boolean(),
    redactPhone: z.boolean(),
    redactCreditCard: z.boolean(),
    redactIp: z.boolean(),
    redactSecrets: z.boolean(),
    customPatterns: z.array(customPatternInput).max(DATA_LIMITS.maxCustomPatterns, `at most ${DATA_LIMITS.maxCustomPatterns} custom patterns`),
    dropText: z.boolean(),
    maxTextChars: z
      .number({ message: "a whole number of characters" })
      .int("a whole number of characters")
      .min(DATA_LIMITS.minTextChars, `at least ${DATA_LIMITS.minTextChars} characters`)
      .max(DATA_LIMITS.maxTextChars, `at most ${DATA_LIMITS.maxTextChars} characters`),
    emailUserIds: z.enum(EMAIL_USER_ID_MODES),
    retentionDays: z
      .number({ message: "a whole number of days" })
      .int("a whole number of days")
      .min(DATA_LIMITS.minRetentionDays, `at least ${DATA_LIMITS.minRetentionDays} day`)
      .max(DATA_LIMITS.maxRetentionDays, `at most ${DATA_LIMITS.maxRetentionDays} days`),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.customPatterns.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: "custom", path: ["customPatterns", i, "name"], message: "names must be unique" });
      seen.add(p.name);
    });
  });
export type DataSettings = z.infer<typeof dataSettingsInput>;

export const DEFAULT_DATA_SETTINGS: DataSettings = {
  redactEmail: true,
  redactPhone: true,
  redactCreditCard: true,
  redactIp: false,
  redactSecrets: true,
  customPatterns: [],
  dropText: false,
  maxTextChars: DATA_LIMITS.defaultTextChars,
  emailUserIds: "hash",
  retentionDays: DATA_LIMITS.defaultRetentionDays,
};

/** Redaction preview: the draft settings (not yet saved) applied to a sample text. */
export const redactionPreviewInput = z.object({
  settings: dataSettingsInput,
  text: z.string().max(DATA_LIMITS.maxPreviewChars),
});

/** A privacy request: delete everything stored for one user id. The id is typed twice. */
export const deleteUserDataInput = z
  .object({
    userId: z.string().trim().min(1, "enter a user id").max(1_024),
    confirmUserId: z.string().trim(),
  })
  .refine((v) => v.userId === v.confirmUserId, { path: ["confirmUserId"], message: "the two user ids differ" });

/** "customPatterns.0.pattern: does not compile" for the form's error line. */
export function formatSettingsIssue(issue: { path: PropertyKey[]; message: string }): string {
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
