import { z } from "zod";
import type { engineSampleInput } from "@/server/ingest/schema";

/** An engine sample as sent to ingest (time as epoch ms or ISO string). */
export type EngineSampleWire = z.input<typeof engineSampleInput>;

export const SCRAPE_INTERVAL = { min: 5, max: 3600, default: 15 } as const;

const labelName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z_][a-zA-Z0-9_.:-]*$/, "label names are letters, digits, '_', '.', ':' or '-'");

export const scrapeUrl = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (value) => {
      try {
        const u = new URL(value);
        return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
      } catch {
        return false;
      }
    },
    { message: "expected an http:// or https:// URL, e.g. http://gpu-node-1:9400/metrics" },
  )
  .refine((value) => !isLinkLocal(value), {
    // cloud metadata endpoints live there; no GPU exporter does
    message: "link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10) cannot be scraped",
  });

export function isLinkLocal(value: string): boolean {
  try {
    const host = new URL(value).hostname.toLowerCase().replace(/^\[|\]$/g, "");
    return /^169\.254\./.test(host) || /^fe[89ab][0-9a-f]:/.test(host) || host === "metadata.google.internal";
  } catch {
    return false;
  }
}

export const createTargetInput = z.object({
  url: scrapeUrl,
  intervalS: z.number().int().min(SCRAPE_INTERVAL.min).max(SCRAPE_INTERVAL.max).default(SCRAPE_INTERVAL.default),
  extraLabels: z
    .record(labelName, z.string().max(1024))
    .refine((l) => Object.keys(l).length <= 16, { message: "at most 16 extra labels" })
    .default({}),
  enabled: z.boolean().default(true),
});

export const targetIdInput = z.object({ id: z.uuid() });

export const setTargetEnabledInput = z.object({ id: z.uuid(), enabled: z.boolean() });

/** Query of `POST /api/engine/push?host=<name>&source=<optional>`. */
// found by the fuzzer: a NUL in ?host= reached PostgreSQL (which stores no NUL) and answered 500
const noControlChars = /^[^\u0000-\u001f\u007f]*$/;

export const pushQuery = z.object({
  host: z.string().trim().min(1, "host is required: ?host=<name>").max(1024).regex(noControlChars, "host: no control characters"),
  source: z.string().trim().min(1).max(64).regex(noControlChars, "source: no control characters").optional(),
});

export type CreateTargetInput = z.input<typeof createTargetInput>;
export type SetTargetEnabledInput = z.infer<typeof setTargetEnabledInput>;
