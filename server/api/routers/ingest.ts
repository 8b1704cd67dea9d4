import "server-only";
import { z } from "zod";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { recordIngestedSpans } from "@/server/observability/self-metrics";
import { apiKeyProcedure, router } from "../trpc";

export const ingestRouter = router({
  /**
   * `POST /api/trpc/ingest.batch` with `{ traces: [...], engineSamples: [...] }` as the plain JSON body.
   * Validation happens in the service (not `.input`) so limits answer 413 before the schema runs.
   */
  batch: apiKeyProcedure.input(z.unknown()).mutation(async ({ ctx, input }) => {
    const result = await ingestBatch(ctx.db, ctx.projectId, input);
    recordIngestedSpans("ingest_batch", result.spans);
    return result;
  }),
});
