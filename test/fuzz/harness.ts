import { sql } from "drizzle-orm";
import fc from "fast-check";
import { expect } from "vitest";
import { rows, type DbHandle } from "@/db/client";
import { createTestProject } from "@/test/helpers/backends";

/**
 * Property-based ingest tests. FUZZ_SEED reproduces a run (default fixed; "random" for a new one; every file prints the seed it used;
 * fast-check also prints seed and path of a failing case); FUZZ_RUNS sets runs per property.
 */
// `npm test` (and CI) runs a fixed seed so a landing never depends on luck; FUZZ_SEED=random explores new cases
const seedSetting = process.env.FUZZ_SEED ?? "20261122";
export const FUZZ_SEED = seedSetting === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(seedSetting);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 120);
console.log(`[fuzz] seed ${FUZZ_SEED} (FUZZ_SEED=${FUZZ_SEED} to reproduce), ${FUZZ_RUNS} runs per property`);

export interface Stored {
  traces: number;
  spans: number;
  engineSamples: number;
  metricPoints: number;
}

export async function storedFor(handle: DbHandle, projectId: string): Promise<Stored> {
  const [r] = await rows<Record<keyof Stored, string>>(
    handle.db,
    sql`SELECT
      (SELECT count(*) FROM traces WHERE project_id = ${projectId}::uuid) AS "traces",
      (SELECT count(*) FROM spans WHERE project_id = ${projectId}::uuid) AS "spans",
      (SELECT count(*) FROM engine_samples WHERE project_id = ${projectId}::uuid) AS "engineSamples",
      (SELECT count(*) FROM metric_points WHERE project_id = ${projectId}::uuid) AS "metricPoints"`,
  );
  return { traces: Number(r!.traces), spans: Number(r!.spans), engineSamples: Number(r!.engineSamples), metricPoints: Number(r!.metricPoints) };
}

export const NOTHING: Stored = { traces: 0, spans: 0, engineSamples: 0, metricPoints: 0 };

let cases = 0;
const byStatus = new Map<number, number>();
/** Fuzz cases run by this file so far, and how many got each status (printed at the end of each file). */
export const fuzzCases = () => `${cases} (${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(", ")})`;

/**
 * One case: a fresh project (so rows are counted exactly), one request through the route handler.
 * No exception may escape, no 5xx but 503 with Retry-After, nothing written on a refusal, and on
 * success `check` compares what was stored with what the answer acknowledged.
 */
export async function runCase(
  handle: DbHandle,
  send: (key: string) => Promise<Response>,
  check: (res: Response, stored: Stored, body: unknown) => void,
) {
  cases++;
  const project = await createTestProject(handle, "fuzz");
  let res: Response;
  try {
    res = await send(project.key);
  } catch (err) {
    throw new Error(`the handler threw instead of answering: ${(err as Error).stack ?? err}`);
  }
  const text = await res.text();
  byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
  if (res.status >= 500) {
    expect(res.status, `5xx answer: ${text.slice(0, 300)}`).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
  }
  const stored = await storedFor(handle, project.projectId);
  if (res.status >= 400) {
    expect(stored, `refused with ${res.status} (${text.slice(0, 200)}) yet rows were written`).toEqual(NOTHING);
    return;
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // protobuf answers stay as text
  }
  check(res, stored, body);
}

export const fuzzOptions = (name: string) => ({
  numRuns: FUZZ_RUNS,
  seed: FUZZ_SEED + [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0),
  // a failing case is shrunk a little, not for minutes against a database
  interruptAfterTimeLimit: 60_000,
  markInterruptAsFailure: false,
});

// ── arbitraries shared by the properties ───────────────────────────────────────

/** Any UTF-16 code unit: NUL, lone surrogates, controls, RTL marks… */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
export const hostileString = fc.oneof(
  { arbitrary: fc.string({ maxLength: 20 }), weight: 3 },
  { arbitrary: fc.string({ unit: codeUnit, maxLength: 20 }), weight: 3 },
  {
    arbitrary: fc.constantFrom("", " ", "\u0000", "a\u0000b", "\ud800", "x\udfff", "\u202e", "<script>alert(1)</script>", "'; DROP TABLE spans; --", "x".repeat(300), "é".repeat(1100), "\\", '"', "%00"),
    weight: 2,
  },
);
export const plainString = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/);

const NOW = Date.now();
export const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 1e-320, 946_684_800_000, NOW, NOW + 2 * 86_400_000, 8.64e15, 8.64e15 + 1, -8.64e15),
);
export const plausibleMs = fc.integer({ min: NOW - 30 * 86_400_000, max: NOW });

/** JSON nested `depth` levels deep, as text (JSON.stringify itself would recurse). */
export const deepJsonText = (depth: number, open = "[", close = "]", leaf = "1") => open.repeat(depth) + leaf + close.repeat(depth);

/** Byte-level damage to a valid body: truncation, flipped bytes, random bytes. */
export function damaged(valid: Uint8Array): fc.Arbitrary<Uint8Array<ArrayBuffer>> {
  const copy = () => new Uint8Array(valid);
  return fc.oneof(
    fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }).map((n) => copy().slice(0, n)),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = copy();
      for (const [at, v] of flips) if (b.length) b[at % b.length] = v;
      return b;
    }),
    fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array(b)),
  );
}
