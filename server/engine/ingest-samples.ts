import "server-only";
import type { Database } from "@/db/client";
import { ingestValidated } from "@/server/ingest/ingest-batch";
import { INGEST_LIMITS } from "@/server/ingest/limits";
import { engineSampleInput, formatIssuePath, type EngineSampleInput } from "@/server/ingest/schema";
import type { EngineSampleWire } from "./schema";

export interface RejectedSample {
  host: string;
  reason: string;
}

/** Validates samples one by one, so one bad sample (e.g. an ancient timestamp) costs only itself. */
export function validateSamples(samples: EngineSampleWire[]): { valid: EngineSampleInput[]; rejected: RejectedSample[] } {
  const valid: EngineSampleInput[] = [];
  const rejected: RejectedSample[] = [];
  for (const s of samples) {
    const parsed = engineSampleInput.safeParse(s);
    if (parsed.success) {
      valid.push(parsed.data);
    } else {
      const issue = parsed.error.issues[0];
      rejected.push({ host: String(s.host), reason: issue ? `${formatIssuePath(issue.path)}: ${issue.message}` : "invalid" });
    }
  }
  return { valid, rejected };
}

/** Writes mapped samples through the one ingest path; returns how many were written. */
export async function ingestEngineSamples(
  db: Database,
  projectId: string,
  samples: EngineSampleWire[],
): Promise<{ written: number; rejected: RejectedSample[] }> {
  const { valid, rejected } = validateSamples(samples);
  let written = 0;
  for (let i = 0; i < valid.length; i += INGEST_LIMITS.maxEngineSamples) {
    const part = valid.slice(i, i + INGEST_LIMITS.maxEngineSamples);
    const result = await ingestValidated(db, projectId, { traces: [], engineSamples: part });
    written += result.engineSamples;
  }
  return { written, rejected };
}
