/**
 * Demo traffic simulator: deterministic, production-shaped LLM traffic sent through
 * Tailwatch's real ingest API.
 *
 *   npm run simulate -- --url http://localhost:3000 --key tw_… [--days 7] [--seed 42] [--live] [--rps 2]
 *
 * Sends `--days` of history ending now (oldest first), then exits; with `--live` keeps sending
 * the traffic of each elapsed interval (~2 s) until SIGINT/SIGTERM. Everything is derived from
 * (seed, absolute epoch minute), so re-sending the same minutes yields the same ids.
 */
import { parseArgs } from "node:util";
import { generateMinute } from "./simulator/generate";
import { engineSamplesAt, engineSamplesBetween, HISTORY_SAMPLE_INTERVAL_MS, LIVE_SAMPLE_INTERVAL_MS } from "./simulator/gpu";
import {
  DAY_MINUTES,
  DEFAULT_HISTORY_DAYS,
  DEFAULT_LIVE_RPS,
  DEFAULT_SEED,
  HISTORY_TRACES_PER_DAY,
  MINUTE_MS,
} from "./simulator/profile";
import { Checkpoint, checkpointKey, databaseFingerprint, DEFAULT_CHECKPOINT_FILE } from "./simulator/checkpoint";
import { createSender, FatalSendError, type SendResult } from "./simulator/send";
import { traceEndMs, type WireBatch, type WireEngineSample, type WireTrace } from "./simulator/types";

/** Traces per request (the server accepts ≤ 5 000 traces and ≤ 50 000 spans per request). */
const DEFAULT_BATCH_TRACES = 500;
const MAX_BATCH_SPANS = 40_000;
const MAX_BATCH_SAMPLES = 15_000;
/** Live mode sends the traffic of each elapsed interval this often. */
const LIVE_TICK_MS = 2_000;
const LIVE_REPORT_EVERY_MS = 30_000;
/** No simulated request lasts longer than this (used to decide which minutes are complete). */
const MAX_TRACE_DURATION_MS = 60_000;

const USAGE = `Usage: npm run simulate -- --url <base> --key <key> [options]

Sends deterministic, production-shaped LLM traffic to Tailwatch's ingest API.

Options:
  --url <base>             Tailwatch base URL (default: $TAILWATCH_URL or http://localhost:3000)
  --key <key>              project API key (default: $TAILWATCH_API_KEY)
  --days <n>               days of history to send, ending now (default ${DEFAULT_HISTORY_DAYS}; 0 = none)
  --seed <n>               random seed; the same seed gives the same trace ids (default ${DEFAULT_SEED})
  --live                   after the history, keep sending current traffic until Ctrl-C
  --rps <n>                mean live request rate per second (default ${DEFAULT_LIVE_RPS})
  --history-density <x>    scale the history volume (1 = ${HISTORY_TRACES_PER_DAY} traces/day on average)
  --batch-size <n>         traces per request (default ${DEFAULT_BATCH_TRACES}, at most 5000)
  --concurrency <n>        history requests in flight (default 2)
  --resume                 skip the minutes an earlier run already delivered to this server and
                           database (checkpoint in --state-file); re-sending is harmless anyway
  --state-file <path>      checkpoint for --resume (default ${DEFAULT_CHECKPOINT_FILE})
  --dry-run                generate and count, send nothing
  -h, --help               show this help
`;

interface Options {
  url: string;
  key: string;
  days: number;
  seed: number;
  live: boolean;
  rps: number;
  historyDensity: number;
  batchSize: number;
  concurrency: number;
  dryRun: boolean;
  resume: boolean;
  stateFile: string;
}

function fail(message: string, code = 2): never {
  console.error(`[simulate] ${message}`);
  process.exit(code);
}

function numberFlag(value: string | undefined, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || !check(n)) fail(`--${name} must be ${rule} (got "${value}")\n\n${USAGE}`);
  return n;
}

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: "string" },
        key: { type: "string" },
        days: { type: "string" },
        seed: { type: "string" },
        live: { type: "boolean", default: false },
        rps: { type: "string" },
        "history-density": { type: "string" },
        "batch-size": { type: "string" },
        concurrency: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        resume: { type: "boolean", default: false },
        "state-file": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const dryRun = values["dry-run"] ?? false;
  const url = values.url ?? process.env.TAILWATCH_URL ?? "http://localhost:3000";
  const key = values.key ?? process.env.TAILWATCH_API_KEY ?? "";
  if (!dryRun && !key) fail(`--key is required (or set TAILWATCH_API_KEY)\n\n${USAGE}`);
  try {
    new URL(url);
  } catch {
    fail(`--url is not a valid URL: ${url}`);
  }
  return {
    url,
    key,
    days: numberFlag(values.days, "days", DEFAULT_HISTORY_DAYS, (n) => n >= 0 && n <= 400, "a number of days between 0 and 400"),
    seed: numberFlag(values.seed, "seed", DEFAULT_SEED, Number.isSafeInteger, "an integer"),
    live: values.live ?? false,
    rps: numberFlag(values.rps, "rps", DEFAULT_LIVE_RPS, (n) => n > 0 && n <= 5_000, "a rate between 0 and 5000"),
    historyDensity: numberFlag(values["history-density"], "history-density", 1, (n) => n > 0 && n <= 1_000, "a factor between 0 and 1000"),
    batchSize: numberFlag(values["batch-size"], "batch-size", DEFAULT_BATCH_TRACES, (n) => Number.isInteger(n) && n >= 1 && n <= 5_000, "an integer between 1 and 5000"),
    concurrency: numberFlag(values.concurrency, "concurrency", 2, (n) => Number.isInteger(n) && n >= 1 && n <= 16, "an integer between 1 and 16"),
    dryRun,
    resume: values.resume ?? false,
    stateFile: values["state-file"] ?? DEFAULT_CHECKPOINT_FILE,
  };
}

/** 12345678 → "12 345 678" */
function fmt(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

function spanCount(traces: WireTrace[]): number {
  let n = 0;
  for (const t of traces) n += t.spans.length;
  return n;
}

// ── Batching ──────────────────────────────────────────────────────────────────
class BatchBuilder {
  traces: WireTrace[] = [];
  engineSamples: WireEngineSample[] = [];
  spans = 0;

  constructor(private readonly maxTraces: number) {}

  wouldOverflow(t: WireTrace): boolean {
    return this.traces.length + 1 > this.maxTraces || this.spans + t.spans.length > MAX_BATCH_SPANS;
  }

  get full(): boolean {
    return this.traces.length >= this.maxTraces || this.spans >= MAX_BATCH_SPANS || this.engineSamples.length >= MAX_BATCH_SAMPLES;
  }

  get empty(): boolean {
    return this.traces.length === 0 && this.engineSamples.length === 0;
  }

  take(): WireBatch {
    const batch = { traces: this.traces, engineSamples: this.engineSamples };
    this.traces = [];
    this.engineSamples = [];
    this.spans = 0;
    return batch;
  }
}

// ── Run state and signals ─────────────────────────────────────────────────────
const stop = new AbortController();
let signals = 0;
function onSignal(sig: NodeJS.Signals) {
  signals++;
  if (signals > 1) {
    console.error(`[simulate] ${sig} again: exiting now`);
    process.exit(130);
  }
  console.error(`[simulate] ${sig}: finishing the request in flight, then stopping (press Ctrl-C again to force)`);
  stop.abort();
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (stop.signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      stop.signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    stop.signal.addEventListener("abort", onAbort, { once: true });
  });
}

type Send = (batch: WireBatch) => Promise<SendResult>;

function makeSend(opts: Options): Send {
  if (opts.dryRun) {
    return async (batch) => ({ traces: batch.traces.length, spans: spanCount(batch.traces), engineSamples: batch.engineSamples.length });
  }
  const sender = createSender({ url: opts.url, key: opts.key });
  return (batch) => sender.send(batch, stop.signal);
}

// ── History ───────────────────────────────────────────────────────────────────
/** Sends minutes [startMinute, endMinute) oldest first; returns how far it got (exclusive minute). */
async function sendHistory(
  opts: Options,
  send: Send,
  startMinute: number,
  endMinute: number,
  checkpoint: Checkpoint | null,
): Promise<number> {
  // Minutes whose requests may still have been in flight at `now` are never recorded as complete.
  const completeBefore = Math.floor((Date.now() - MAX_TRACE_DURATION_MS) / MINUTE_MS);
  const meanPerMinute = (HISTORY_TRACES_PER_DAY * opts.historyDensity) / DAY_MINUTES;
  // The range is `days` days give or take the current minute; the last day takes the remainder.
  const totalDays = Math.max(1, Math.round((endMinute - startMinute) / DAY_MINUTES));
  const dayOf = (minute: number) => Math.min(totalDays - 1, Math.floor((minute - startMinute) / DAY_MINUTES));
  const perDay = Array.from({ length: totalDays }, () => ({ traces: 0, spans: 0 }));
  const started = Date.now();
  let lastReportAt = started;
  let reportedDays = 0;
  let ackedThrough = startMinute; // minutes < ackedThrough are stored
  const totals = { traces: 0, spans: 0, engineSamples: 0 };

  const inflight: Array<{ done: Promise<SendResult>; throughMinute: number }> = [];
  let fatal: unknown = null;

  const report = (finalMinute: number) => {
    while (reportedDays < totalDays) {
      const dayEnd =
        reportedDays === totalDays - 1 ? endMinute : Math.min(endMinute, startMinute + (reportedDays + 1) * DAY_MINUTES);
      if (finalMinute < dayEnd) break;
      const d = perDay[reportedDays]!;
      const now = Date.now();
      const secs = Math.max(0.001, (now - lastReportAt) / 1000);
      lastReportAt = now;
      reportedDays++;
      console.log(
        `[simulate] history: ${reportedDays} day${reportedDays === 1 ? "" : "s"} / ${totalDays} ${opts.dryRun ? "generated" : "sent"} ` +
          `(${fmt(d.traces)} traces, ${fmt(d.spans)} spans) at ${fmt(d.spans / secs)} spans/s`,
      );
    }
  };

  const awaitOldest = async () => {
    const first = inflight.shift()!;
    const result = await first.done;
    totals.traces += result.traces;
    totals.spans += result.spans;
    totals.engineSamples += result.engineSamples;
    ackedThrough = first.throughMinute;
    checkpoint?.save(Math.min(ackedThrough, completeBefore));
    report(ackedThrough);
  };

  const builder = new BatchBuilder(opts.batchSize);
  const flush = async (throughMinute: number) => {
    if (builder.empty) return;
    const done = send(builder.take());
    done.catch((err) => {
      fatal ??= err;
    });
    inflight.push({ done, throughMinute });
    while (inflight.length >= opts.concurrency) await awaitOldest();
  };

  console.log(
    `[simulate] history: ${fmt(endMinute - startMinute)} minutes from ${new Date(startMinute * MINUTE_MS).toISOString()} ` +
      `(~${fmt(meanPerMinute * DAY_MINUTES)} traces/day, seed ${opts.seed})${opts.dryRun ? " [dry run]" : ` → ${opts.url}`}`,
  );

  let minute = startMinute;
  for (; minute < endMinute && !stop.signal.aborted && !fatal; minute++) {
    const now = Date.now();
    // Only what has already happened: a slow request that started a second ago is still in flight.
    const traces = generateMinute(opts.seed, minute, meanPerMinute).filter((t) => traceEndMs(t) <= now);
    const day = perDay[dayOf(minute)]!;
    for (const t of traces) {
      if (builder.wouldOverflow(t)) await flush(minute); // `minute` is only partly sent: not yet acknowledged
      builder.traces.push(t);
      builder.spans += t.spans.length;
      day.traces++;
      day.spans += t.spans.length;
    }
    // GPU/engine samples every HISTORY_SAMPLE_INTERVAL_MS (one grid point per minute).
    const minuteStart = minute * MINUTE_MS;
    for (let at = minuteStart; at < minuteStart + MINUTE_MS && at <= now; at += HISTORY_SAMPLE_INTERVAL_MS) {
      builder.engineSamples.push(...engineSamplesAt(opts.seed, at));
    }
    if (builder.full) await flush(minute + 1);
  }
  try {
    if (!fatal) await flush(minute);
    while (inflight.length) await awaitOldest();
  } catch (err) {
    fatal ??= err;
  }
  checkpoint?.flush();
  if (fatal) throw fatal;
  report(ackedThrough);
  const secs = (Date.now() - started) / 1000;
  console.log(
    `[simulate] history ${stop.signal.aborted ? "interrupted" : "done"}: ${fmt(totals.traces)} traces, ${fmt(totals.spans)} spans, ` +
      `${fmt(totals.engineSamples)} engine samples in ${secs.toFixed(1)} s`,
  );
  return minute;
}

// ── Live ──────────────────────────────────────────────────────────────────────
async function runLive(
  opts: Options,
  send: Send,
  fromMinute: number,
  samplesFromMs: number,
  checkpoint: Checkpoint | null,
): Promise<void> {
  const meanPerMinute = opts.rps * 60;
  const pending = new Map<number, { traces: WireTrace[]; sent: Uint8Array; remaining: number }>();
  let nextMinute = fromMinute;
  let nextSampleMs = Math.ceil(samplesFromMs / LIVE_SAMPLE_INTERVAL_MS) * LIVE_SAMPLE_INTERVAL_MS;
  const totals = { traces: 0, spans: 0, engineSamples: 0 };
  let window = { traces: 0, since: Date.now() };
  let lastReport = Date.now();
  console.log(`[simulate] live: ~${opts.rps} requests/s (seed ${opts.seed}); Ctrl-C to stop`);

  while (!stop.signal.aborted) {
    const tickStart = Date.now();
    const now = tickStart;
    const nowMinute = Math.floor(now / MINUTE_MS);
    for (; nextMinute <= nowMinute; nextMinute++) {
      const traces = generateMinute(opts.seed, nextMinute, meanPerMinute);
      pending.set(nextMinute, { traces, sent: new Uint8Array(traces.length), remaining: traces.length });
    }
    const due: WireTrace[] = [];
    for (const [minute, p] of pending) {
      for (let i = 0; i < p.traces.length; i++) {
        if (p.sent[i] || traceEndMs(p.traces[i]!) > now) continue;
        p.sent[i] = 1;
        p.remaining--;
        due.push(p.traces[i]!);
      }
      if (p.remaining === 0 && minute < nowMinute) pending.delete(minute);
    }
    const samples = engineSamplesBetween(opts.seed, nextSampleMs, now + 1, LIVE_SAMPLE_INTERVAL_MS);
    if (samples.length) nextSampleMs = samples[samples.length - 1]!.time + LIVE_SAMPLE_INTERVAL_MS;

    // Usually a handful of traces; after a long history run it can be several minutes' worth.
    const builder = new BatchBuilder(opts.batchSize);
    builder.engineSamples = samples;
    const batches: WireBatch[] = [];
    for (const t of due) {
      if (builder.wouldOverflow(t)) batches.push(builder.take());
      builder.traces.push(t);
      builder.spans += t.spans.length;
    }
    if (!builder.empty) batches.push(builder.take());
    for (const batch of batches) {
      const r = await send(batch);
      totals.traces += r.traces;
      totals.spans += r.spans;
      totals.engineSamples += r.engineSamples;
      window.traces += r.traces;
    }
    // Minutes before the oldest one still pending are complete.
    let sentThrough = nextMinute;
    for (const minute of pending.keys()) sentThrough = Math.min(sentThrough, minute);
    checkpoint?.save(sentThrough);

    if (Date.now() - lastReport >= LIVE_REPORT_EVERY_MS) {
      const secs = (Date.now() - window.since) / 1000;
      console.log(
        `[simulate] live: ${fmt(totals.traces)} traces, ${fmt(totals.spans)} spans, ${fmt(totals.engineSamples)} engine samples ` +
          `${opts.dryRun ? "generated" : "sent"} (${(window.traces / secs).toFixed(1)} traces/s over the last ${Math.round(secs)} s)`,
      );
      lastReport = Date.now();
      window = { traces: 0, since: lastReport };
    }
    await sleep(Math.max(0, LIVE_TICK_MS - (Date.now() - tickStart)));
  }
  checkpoint?.flush();
  console.log(
    `[simulate] live stopped: ${fmt(totals.traces)} traces, ${fmt(totals.spans)} spans, ${fmt(totals.engineSamples)} engine samples ${opts.dryRun ? "generated" : "sent"}`,
  );
}

// ── Main ──────────────────────────────────────────────────────────────────────
async function main() {
  const opts = parseOptions();
  const send = makeSend(opts);
  const now = Date.now();
  const nowMinute = Math.floor(now / MINUTE_MS);
  // In live mode the live loop takes over from the previous minute, at the live rate.
  const historyEnd = opts.live ? nowMinute - 1 : nowMinute + 1;
  let historyStart = Math.min(historyEnd, Math.floor((now - opts.days * DAY_MINUTES * MINUTE_MS) / MINUTE_MS));

  let checkpoint: Checkpoint | null = null;
  let resumeFrom: number | null = null;
  if (opts.resume && !opts.dryRun) {
    const fingerprint = databaseFingerprint();
    checkpoint = new Checkpoint(opts.stateFile, checkpointKey(opts.url, opts.seed, opts.historyDensity), fingerprint);
    resumeFrom = checkpoint.load();
    if (!fingerprint) {
      console.log("[simulate] --resume: cannot identify the server's database from here; sending everything (duplicates are ignored)");
    } else if (resumeFrom == null) {
      console.log(`[simulate] --resume: no checkpoint for this server and database yet; sending everything`);
    } else {
      const skipped = Math.max(0, Math.min(resumeFrom, historyEnd) - historyStart);
      console.log(
        `[simulate] --resume: traffic up to ${new Date(resumeFrom * MINUTE_MS).toISOString()} was already sent; ` +
          `skipping ${fmt(skipped)} of ${fmt(Math.max(0, historyEnd - historyStart))} history minutes`,
      );
      historyStart = Math.min(historyEnd, Math.max(historyStart, resumeFrom));
    }
  }

  if (!opts.live && (opts.days === 0 || historyStart >= historyEnd)) {
    console.log("[simulate] nothing to send (no history requested or left, and no --live)");
    return;
  }

  let liveFrom = historyEnd;
  if (opts.days > 0 && historyStart < historyEnd) {
    liveFrom = await sendHistory(opts, send, historyStart, historyEnd, checkpoint);
  }
  if (resumeFrom != null) liveFrom = Math.max(liveFrom, resumeFrom);
  if (stop.signal.aborted) process.exit(opts.live ? 0 : 130);
  if (opts.live) {
    // History sampled the GPUs at each minute start before `liveFrom`; live continues from there.
    const samplesFrom = opts.days > 0 ? liveFrom * MINUTE_MS : now - LIVE_SAMPLE_INTERVAL_MS;
    await runLive(opts, send, liveFrom, samplesFrom, checkpoint);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof FatalSendError && stop.signal.aborted) {
      console.error(`[simulate] stopped: ${err.message}`);
      process.exit(130);
    }
    if (err instanceof FatalSendError) {
      console.error(`[simulate] ingest failed: ${err.message}`);
    } else {
      console.error("[simulate] failed:", err);
    }
    process.exit(1);
  },
);
