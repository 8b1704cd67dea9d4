import "server-only";
import type { Database } from "@/db/client";
import { INGEST_LIMITS } from "./limits";
import { normalizeBatch } from "./normalize";
import { loadPriceBook } from "./price-book";
import { redactBatch } from "./redaction";
import { formatIssuePath, ingestBatchInput, type IngestBatchInput, type IngestResult } from "./schema";
import { writeBatch } from "./writer";
import { loadRedactor } from "@/server/settings/data-settings";

/** A refusal with the HTTP meaning the edge should answer with. */
export class IngestRefusal extends Error {
  constructor(
    readonly kind: "invalid" | "too_large",
    message: string,
  ) {
    super(message);
  }
}

/** Item-count limits, checked on the raw body before validation so oversize batches cost little. */
export function checkBatchLimits(raw: unknown): void {
  if (!raw || typeof raw !== "object") return;
  const { traces, engineSamples } = raw as { traces?: unknown; engineSamples?: unknown };
  if (Array.isArray(traces)) {
    if (traces.length > INGEST_LIMITS.maxTraces) {
      throw new IngestRefusal("too_large", `batch has ${traces.length} traces; the limit is ${INGEST_LIMITS.maxTraces} per request`);
    }
    let spans = 0;
    for (const t of traces) {
      const s = (t as { spans?: unknown } | null)?.spans;
      if (Array.isArray(s)) spans += s.length;
    }
    if (spans > INGEST_LIMITS.maxSpans) {
      throw new IngestRefusal("too_large", `batch has ${spans} spans; the limit is ${INGEST_LIMITS.maxSpans} per request`);
    }
  }
  if (Array.isArray(engineSamples) && engineSamples.length > INGEST_LIMITS.maxEngineSamples) {
    throw new IngestRefusal(
      "too_large",
      `batch has ${engineSamples.length} engine samples; the limit is ${INGEST_LIMITS.maxEngineSamples} per request`,
    );
  }
}

export function parseBatch(raw: unknown): IngestBatchInput {
  checkBatchLimits(raw);
  const parsed = ingestBatchInput.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
    const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : "";
    throw new IngestRefusal("invalid", `${issues.join("; ")}${more}`);
  }
  return parsed.data;
}

/**
 * The one ingest path every protocol ends in: validate, normalise, write in one transaction.
 * A batch is all-or-nothing: any invalid item refuses the whole request and nothing is written.
 */
export async function ingestBatch(db: Database, projectId: string, raw: unknown): Promise<IngestResult> {
  const batch = parseBatch(raw);
  return ingestValidated(db, projectId, batch);
}

export async function ingestValidated(db: Database, projectId: string, batch: IngestBatchInput): Promise<IngestResult> {
  const prices = await loadPriceBook(db, projectId);
  const normalized = normalizeBatch(batch, prices);
  // the project's redaction runs here, once, for every ingest path: nothing unredacted is written
  const rows = normalized.traces.length ? redactBatch(normalized, await loadRedactor(db, projectId)) : normalized;
  await writeBatch(db, projectId, rows);
  return { traces: rows.traces.length, spans: rows.spans.length, engineSamples: rows.engineSamples.length };
}
