import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  TAILWATCH_DATA_DIR: z.string().min(1).default("./.tailwatch/db"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TAILWATCH_BOOTSTRAP_KEY: z.string().min(16).optional(),
  TAILWATCH_DEMO: z.enum(["on", "off"]).default("on"),
  /** Set by `npm start` for the demo simulator it runs beside the server. */
  TAILWATCH_DEMO_KEY: z.string().min(16).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** How often alert rules are evaluated, and how long late data gets before a minute is judged. */
  TAILWATCH_ALERT_INTERVAL_S: z.coerce.number().min(1).max(3600).default(30),
  TAILWATCH_ALERT_SETTLE_S: z.coerce.number().min(0).max(600).default(10),
  /** The dashboard's address as people reach it: links in notifications point there. */
  TAILWATCH_PUBLIC_URL: z.string().url().optional(),
  /** SMTP for e-mail channels: smtp://user:pass@host:587 (or smtps://). */
  TAILWATCH_SMTP_URL: z.string().url().optional(),
  TAILWATCH_SMTP_FROM: z.string().min(3).optional(),
  /** Signs session cookies; unset: a key made at first start and kept in the database. */
  TAILWATCH_AUTH_SECRET: z.string().min(32).optional(),
  /** Automation: make this admin at start when no user has this e-mail (no first-run page). */
  TAILWATCH_ADMIN_EMAIL: z.email().optional(),
  TAILWATCH_ADMIN_PASSWORD: z.string().min(8).max(256).optional(),
});

export type Env = z.infer<typeof envSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Tailwatch configuration: ${problems}`);
  }
  return parsed.data;
}
