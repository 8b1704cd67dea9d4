import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { parseSmiLine, QUERY_FIELDS, type WireEngineSample } from "./parse-csv";
import { FatalPushError, pushSamples } from "./push";

export const EXIT = { ok: 0, failed: 1, noNvidiaSmi: 2 } as const;

export interface CollectorOptions {
  url: string;
  key: string;
  intervalS: number;
  host: string;
  /** Read one reading per GPU, push it, exit. */
  once: boolean;
  nvidiaSmi?: string;
  retryBaseMs?: number;
  /** Lines read within this long of each other are one tick (nvidia-smi prints one line per GPU). */
  batchWindowMs?: number;
  /** Aborting stops the collector cleanly (what SIGINT/SIGTERM do). */
  signal?: AbortSignal;
  info?: (message: string) => void;
  warn?: (message: string) => void;
}

/** Runs nvidia-smi and pushes its readings until it exits or `signal` aborts; resolves to an exit code. */
export async function runCollector(opts: CollectorOptions): Promise<number> {
  const info = opts.info ?? ((m: string) => console.log(`[gpu-collector] ${m}`));
  const warn = opts.warn ?? ((m: string) => console.error(`[gpu-collector] ${m}`));
  const bin = opts.nvidiaSmi ?? "nvidia-smi";
  const args = [`--query-gpu=${QUERY_FIELDS.join(",")}`, "--format=csv,noheader,nounits"];
  if (!opts.once) args.push("-l", String(opts.intervalS));

  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("close", (code) => resolve({ code }));
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString("utf8")).slice(-2000);
  });

  let stopping = false;
  const stop = () => {
    stopping = true;
    child.kill("SIGTERM");
  };
  opts.signal?.addEventListener("abort", stop, { once: true });

  let pending: WireEngineSample[] = [];
  let unreadable: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let sending = Promise.resolve();
  let fatal: string | null = null;
  let pushed = 0;
  let failedBatches = 0;

  const flush = () => {
    clearTimeout(timer);
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    sending = sending.then(async () => {
      if (fatal) return;
      try {
        const written = await pushSamples(batch, { url: opts.url, key: opts.key, retryBaseMs: opts.retryBaseMs, log: warn });
        if (pushed === 0 && !opts.once) info(`sending ${batch.length} GPU reading(s) from ${opts.host} every ${opts.intervalS} s`);
        pushed += written;
      } catch (err) {
        if (err instanceof FatalPushError) {
          fatal = err.message;
          stop();
        } else {
          failedBatches++;
          warn(`dropped a batch of ${batch.length}: ${(err as Error).message}`);
        }
      }
    });
  };

  const lines = createInterface({ input: child.stdout });
  const linesDone = once(lines, "close");
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    const parsed = parseSmiLine(line, opts.host);
    if ("error" in parsed) {
      if (unreadable.length < 5) unreadable.push(line.trim().slice(0, 200));
      warn(`skipped an unreadable nvidia-smi line (${parsed.error}): ${line.trim().slice(0, 200)}`);
      return;
    }
    unreadable = [];
    pending.push(parsed.sample);
    if (!opts.once) {
      clearTimeout(timer);
      timer = setTimeout(flush, opts.batchWindowMs ?? 250);
    }
  });

  const result = await exited;
  if (result.error) {
    opts.signal?.removeEventListener("abort", stop);
    if (result.error.code === "ENOENT") {
      warn(`nvidia-smi not found (looked for '${bin}' on PATH). It ships with the NVIDIA driver: run the collector on the GPU host, or pass --nvidia-smi <path>.`);
    } else {
      warn(`could not start ${bin}: ${result.error.message}`);
    }
    return EXIT.noNvidiaSmi;
  }
  await linesDone;
  flush();
  await sending;
  opts.signal?.removeEventListener("abort", stop);

  if (fatal) {
    warn(fatal);
    return EXIT.failed;
  }
  if (!stopping && result.code !== 0) {
    const said = [stderr.trim(), ...unreadable].filter(Boolean).join("\n");
    warn(`nvidia-smi exited with code ${result.code}${said ? `: ${said}` : ""}`);
    return EXIT.failed;
  }
  if (opts.once) {
    if (pushed === 0 && failedBatches === 0) {
      warn("nvidia-smi printed no GPU readings");
      return EXIT.failed;
    }
    if (failedBatches > 0) return EXIT.failed;
    info(`pushed ${pushed} GPU reading(s) from ${opts.host}`);
    return EXIT.ok;
  }
  if (!stopping) {
    warn("nvidia-smi stopped unexpectedly");
    return EXIT.failed;
  }
  return EXIT.ok;
}
