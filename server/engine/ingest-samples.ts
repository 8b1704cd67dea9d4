import "server-only";
import type { Database } from "@/db/client";
import { ingestValidated } from "@/server/ingest/ingest-batch";
import { engineSampleInput, formatIssuePath, type EngineSampleInput } from "@/server/ingest/schema";
import type { MetricPointWire } from "./metric-series";
import { upsertMetricPoints } from "./metric-points-write";
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

/** All samples in one call, hence one transaction: a page is stored whole or not at all. */
async function writeSamples(db: Database, projectId: string, valid: EngineSampleInput[]): Promise<number> {
  if (!valid.length) return 0;
  return (await ingestValidated(db, projectId, { traces: [], engineSamples: valid })).engineSamples;
}

const RETRYABLE = new Set(["40P01", "40001"]);
const codeOf = (err: unknown) =>
  (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;

/**
 * Engine samples (through the one ingest path) and metric points (already through
 * finalizePoints) in one transaction: all of it is committed, or none of it. Retried on
 * deadlock or serialization failure.
 */
export async function ingestEngineData(
  db: Database,
  projectId: string,
  samples: EngineSampleWire[],
  points: MetricPointWire[],
): Promise<{ written: number; rejected: RejectedSample[]; points: number }> {
  const { valid, rejected } = validateSamples(samples);
  if (points.length === 0) return { written: await writeSamples(db, projectId, valid), rejected, points: 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const t = tx as unknown as Database;
        const written = await writeSamples(t, projectId, valid);
        return { written, rejected, points: await upsertMetricPoints(t, projectId, points) };
      });
    } catch (err) {
      const code = codeOf(err);
      if (attempt < 4 && code && RETRYABLE.has(code)) continue;
      throw err;
    }
  }
}
