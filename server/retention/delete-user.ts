import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Database } from "@/db/client";
import { isEmailLike, pseudonymizeUserId } from "@/server/ingest/redaction";
import { markDirty, ROLLUP_LOCK_KEY } from "@/server/rollup/recompute";

/** Traces per transaction: bounds lock time while a user with a long history is deleted. */
const TRACES_PER_TX = 500;
const RETRYABLE = new Set(["40P01", "40001"]);

export interface DeletedUserData {
  traces: number;
  spans: number;
}

/**
 * The stored forms of a user id: as sent, and the pseudonym ingest stores for an e-mail address
 * when e-mail user ids are hashed. (Ids stored as "[REDACTED:email]" cannot be told apart.)
 */
export function storedUserIds(projectId: string, userId: string): string[] {
  const ids = new Set([userId]);
  if (isEmailLike(userId)) ids.add(pseudonymizeUserId(projectId, userId));
  return [...ids];
}

/**
 * Deletes every trace of a user in a project with its spans (a privacy request), in bounded
 * transactions. The minutes they touched are marked dirty in the same transaction, so the rollup
 * job rebuilds them without this user's requests; the user's rows of rollup_user_hour and
 * rollup_user_day go at once.
 */
export async function deleteUserData(db: Database, projectId: string, userId: string): Promise<DeletedUserData> {
  const ids = JSON.stringify(storedUserIds(projectId, userId));
  const total: DeletedUserData = { traces: 0, spans: 0 };
  for (;;) {
    const done = await withRetry(() =>
      db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Database;
        const found = await rows<{ trace_id: string; ms: number }>(
          tx,
          sql`SELECT trace_id, extract(epoch from start_time) * 1000 AS ms FROM traces
            WHERE project_id = ${projectId}::uuid AND user_id IN (SELECT json_array_elements_text(${ids}::json))
            ORDER BY trace_id LIMIT ${TRACES_PER_TX} FOR UPDATE`,
        );
        if (!found.length) return null;
        const traceIds = JSON.stringify(found.map((f) => f.trace_id));
        // the trace rows are locked first (above), then spans go, then traces: the order ingest
        // takes them in (trace rows, then spans), so the two never deadlock
        const spans = await rows<{ ms: number }>(
          tx,
          sql`DELETE FROM spans WHERE project_id = ${projectId}::uuid
            AND trace_id IN (SELECT json_array_elements_text(${traceIds}::json))
            RETURNING extract(epoch from start_time) * 1000 AS ms`,
        );
        const traces = await rows<{ ms: number }>(
          tx,
          sql`DELETE FROM traces WHERE project_id = ${projectId}::uuid
            AND trace_id IN (SELECT json_array_elements_text(${traceIds}::json))
            AND user_id IN (SELECT json_array_elements_text(${ids}::json))
            RETURNING extract(epoch from start_time) * 1000 AS ms`,
        );
        await markDirty(tx, projectId, [...found, ...spans, ...traces].map((r) => Number(r.ms)));
        return { traces: traces.length, spans: spans.length };
      }),
    );
    if (!done) break;
    total.traces += done.traces;
    total.spans += done.spans;
    if (done.traces === 0) break; // a concurrent change took them; nothing left to find
  }
  await dropUserRollups(db, projectId, ids);
  return total;
}

/**
 * Deletes the user's rows of rollup_user_hour and rollup_user_day now rather than at the next
 * rollup tick (the id is what is to be erased). Under the rollup job's lock: a tick that read the
 * user's traces (or hours) before they went has committed by then, and one that starts later finds
 * none, so no row comes back.
 */
async function dropUserRollups(db: Database, projectId: string, ids: string) {
  await withRetry(() =>
    db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK_KEY})`);
      await tx.execute(sql`DELETE FROM rollup_user_hour WHERE project_id = ${projectId}::uuid
        AND user_id IN (SELECT json_array_elements_text(${ids}::json))`);
      await tx.execute(sql`DELETE FROM rollup_user_day WHERE project_id = ${projectId}::uuid
        AND user_id IN (SELECT json_array_elements_text(${ids}::json))`);
    }),
  );
}

async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if (attempt < 4 && code && RETRYABLE.has(code)) continue;
      throw err;
    }
  }
}
