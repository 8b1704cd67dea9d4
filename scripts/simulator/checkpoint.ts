/**
 * `--resume` support: remembers up to which minute traffic was fully delivered to a server
 * (per URL, seed and history density), so a restart only sends the minutes it missed.
 * The checkpoint is tied to the database it was written for — a fingerprint of DATABASE_URL,
 * or of the embedded PGlite data directory — and is ignored once that database was recreated.
 * Re-sending is always safe (same ids, the server de-duplicates); skipping is the risky direction.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hexId } from "./prng";

export const DEFAULT_CHECKPOINT_FILE = ".tailwatch/simulate-state.json";

interface Entry {
  fingerprint: string;
  /** Every minute before this one (epoch minutes) was fully delivered. */
  sentThroughMinute: number;
  updatedAt: string;
}

interface StateFile {
  version: 1;
  entries: Record<string, Entry>;
}

/** Identity of the database behind the server, or null when it cannot be established. */
export function databaseFingerprint(env: Record<string, string | undefined> = process.env): string | null {
  if (env.DATABASE_URL) return `postgres:${hexId(16, env.DATABASE_URL)}`;
  const dataDir = env.TAILWATCH_DATA_DIR || "./.tailwatch/db";
  try {
    // PG_VERSION is written once when the cluster is created: a new database gets a new one.
    const st = statSync(path.join(dataDir, "PG_VERSION"));
    return `pglite:${path.resolve(dataDir)}:${st.ino}:${Math.round(st.mtimeMs)}`;
  } catch {
    return null;
  }
}

export function checkpointKey(url: string, seed: number, historyDensity: number): string {
  return `${url.replace(/\/+$/, "")}|seed=${seed}|density=${historyDensity}`;
}

function readState(file: string): StateFile {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as StateFile;
    if (parsed && parsed.version === 1 && parsed.entries && typeof parsed.entries === "object") return parsed;
  } catch {
    // missing or unreadable: start afresh
  }
  return { version: 1, entries: {} };
}

export class Checkpoint {
  private lastWrite = 0;
  private pending: number | null = null;

  constructor(
    readonly file: string,
    readonly key: string,
    readonly fingerprint: string | null,
  ) {}

  /** The first minute not known to be delivered, or null when nothing trustworthy is recorded. */
  load(): number | null {
    if (!this.fingerprint) return null;
    const entry = readState(this.file).entries[this.key];
    if (!entry || entry.fingerprint !== this.fingerprint || !Number.isSafeInteger(entry.sentThroughMinute)) return null;
    return entry.sentThroughMinute;
  }

  /** Records progress; writes at most every few seconds unless `force`. */
  save(sentThroughMinute: number, force = false): void {
    if (!this.fingerprint) return;
    this.pending = Math.max(this.pending ?? sentThroughMinute, sentThroughMinute);
    const now = Date.now();
    if (!force && now - this.lastWrite < 5_000) return;
    this.lastWrite = now;
    const state = readState(this.file);
    state.entries[this.key] = {
      fingerprint: this.fingerprint,
      sentThroughMinute: this.pending,
      updatedAt: new Date(now).toISOString(),
    };
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
      renameSync(tmp, this.file);
    } catch (err) {
      console.error(`[simulate] could not write the checkpoint ${this.file}: ${(err as Error).message}`);
    }
  }

  flush(): void {
    if (this.pending != null) this.save(this.pending, true);
  }
}
