/**
 * The load shape of the simulated product: diurnal + weekly cycle, random bursts,
 * the recurring GPU-saturation incident and the daily circuit-breaker episode.
 * Pure functions of (seed, time), so any minute can be regenerated identically.
 */
import type { CircuitState } from "../../db/constants";
import { clamp, Rng } from "./prng";

export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 1_440;

/** Mean traces per day sent as history (scaled by `--history-density`); 7 days ≈ 60 000 traces. */
export const HISTORY_TRACES_PER_DAY = 8_500;
/** Mean live request rate in requests per second (`--rps`). */
export const DEFAULT_LIVE_RPS = 2;
export const DEFAULT_HISTORY_DAYS = 7;
export const DEFAULT_SEED = 42;

/**
 * Recurring incident: every 3 hours (UTC hour % 3 == 0), from minute 20 to minute 38 inclusive,
 * the self-hosted vLLM GPU pool saturates. Queue time and TTFT for requests served there blow up
 * (p95 end-to-end > 3 s) while the median stays moderate, and the engine samples show the
 * waiting queue and KV cache filling up.
 */
export const GPU_SATURATION_INCIDENT = {
  everyHours: 3,
  firstMinute: 20,
  lastMinute: 38,
  /** Minutes to build up to (and drain from) full saturation. */
  rampMinutes: 3,
} as const;

/**
 * Daily circuit-breaker episode on the primary OpenAI route (UTC): 3 minutes of 5xx errors,
 * then the breaker is open for 10 minutes (everything goes straight to the fallback model),
 * then half-open probing for 3 minutes, then closed again.
 */
export const CIRCUIT_BREAKER_EPISODE = {
  provider: "openai",
  /** Minute of the UTC day at which the breaker opens (14:40). */
  openAtMinuteOfDay: 14 * 60 + 40,
  errorLeadMinutes: 3,
  openMinutes: 10,
  halfOpenMinutes: 3,
  /** Share of primary attempts failing with a 5xx in the lead-up. */
  leadErrorRate: 0.55,
} as const;

/** Random bursts: per 5-minute block, a small chance of a 1.6–2.6× traffic spike. */
export const BURSTS = { blockMinutes: 5, probability: 0.03, minFactor: 1.6, maxFactor: 2.6 } as const;

/** Utilisation of the API rate-limit budget and of the GPU pool at average load (load = 1). */
const API_UTIL_AT_MEAN_LOAD = 0.38;
const GPU_UTIL_AT_MEAN_LOAD = 0.42;
const API_UTIL_CAP = 0.92;
const GPU_UTIL_CAP = 0.88;

// ── Diurnal and weekly shape ──────────────────────────────────────────────────
function rawDiurnal(minuteOfDay: number): number {
  const hour = minuteOfDay / 60;
  // 0 at 02:30 UTC, 1 at 14:30 UTC (working day in Europe, morning in the Americas).
  const x = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 2.5)) / 24);
  // A small second hump for the US afternoon.
  const us = Math.exp(-(((hour - 19.5) / 2.2) ** 2));
  return 0.22 + 0.78 * x ** 1.6 + 0.18 * us;
}

const DIURNAL: Float64Array = (() => {
  const out = new Float64Array(DAY_MINUTES);
  let sum = 0;
  for (let m = 0; m < DAY_MINUTES; m++) sum += out[m] = rawDiurnal(m);
  const mean = sum / DAY_MINUTES;
  for (let m = 0; m < DAY_MINUTES; m++) out[m] = out[m]! / mean;
  return out;
})();

/** Weekend traffic is 60 % of a weekday's; the factors average to 1 over a week. */
const WEEKDAY_FACTOR = 7 / (5 + 2 * 0.6);
const WEEKEND_FACTOR = 0.6 * WEEKDAY_FACTOR;

export function minuteOfDay(minute: number): number {
  return ((minute % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}

function isWeekend(minute: number): boolean {
  const dow = new Date(minute * MINUTE_MS).getUTCDay();
  return dow === 0 || dow === 6;
}

/** Burst multiplier (≥ 1) for a minute: deterministic per (seed, 5-minute block). */
export function burstFactor(seed: number, minute: number): number {
  const block = Math.floor(minute / BURSTS.blockMinutes);
  const rng = Rng.from(seed, block, "burst");
  if (!rng.chance(BURSTS.probability)) return 1;
  const peak = rng.uniform(BURSTS.minFactor, BURSTS.maxFactor);
  // Triangular shape inside the block: build-up, peak, decay.
  const pos = (minute - block * BURSTS.blockMinutes + 0.5) / BURSTS.blockMinutes; // 0..1
  const shape = 1 - Math.abs(pos - 0.5) * 1.2;
  return 1 + (peak - 1) * clamp(shape, 0.2, 1);
}

/** Relative load of a minute (mean ≈ 1 over a week): diurnal × weekly × bursts × noise. */
export function loadFactor(seed: number, minute: number): number {
  const diurnal = DIURNAL[minuteOfDay(minute)]!;
  const weekly = isWeekend(minute) ? WEEKEND_FACTOR : WEEKDAY_FACTOR;
  const noise = Math.exp(0.08 * Rng.from(seed, minute, "noise").normal());
  return diurnal * weekly * noise * burstFactor(seed, minute);
}

// ── Incident and circuit breaker ──────────────────────────────────────────────
/** 0 outside the incident, ramping to 1 at full saturation (continuous in time). */
export function incidentIntensity(ms: number): number {
  const I = GPU_SATURATION_INCIDENT;
  const hourStart = Math.floor(ms / 3_600_000) * 3_600_000;
  const hour = new Date(hourStart).getUTCHours();
  if (hour % I.everyHours !== 0) return 0;
  const minutes = (ms - hourStart) / MINUTE_MS;
  const start = I.firstMinute;
  const end = I.lastMinute + 1;
  if (minutes < start || minutes >= end) return 0;
  return clamp(Math.min((minutes - start + 1) / I.rampMinutes, (end - minutes + 0.5) / I.rampMinutes), 0, 1);
}

export function isIncidentMinute(minute: number): boolean {
  return incidentIntensity(minute * MINUTE_MS + 30_000) > 0;
}

export interface CircuitCondition {
  /** Breaker state of the primary OpenAI route. */
  state: CircuitState;
  /** Extra 5xx probability on primary OpenAI attempts. */
  errorRate: number;
}

export function circuitAt(ms: number): CircuitCondition {
  const E = CIRCUIT_BREAKER_EPISODE;
  const m = minuteOfDay(Math.floor(ms / MINUTE_MS));
  const open = E.openAtMinuteOfDay;
  if (m >= open - E.errorLeadMinutes && m < open) return { state: "closed", errorRate: E.leadErrorRate };
  if (m >= open && m < open + E.openMinutes) return { state: "open", errorRate: 0 };
  if (m >= open + E.openMinutes && m < open + E.openMinutes + E.halfOpenMinutes) {
    return { state: "half_open", errorRate: 0.04 };
  }
  return { state: "closed", errorRate: 0 };
}

// ── Conditions seen by a request ─────────────────────────────────────────────
export interface Conditions {
  /** Relative traffic (1 = weekly mean). */
  load: number;
  /** Utilisation of the hosted-API rate-limit budget, 0..1. */
  apiUtil: number;
  /** Utilisation of the self-hosted GPU pool, 0..1 (→ 0.99 during the incident). */
  gpuUtil: number;
  /** GPU-saturation incident intensity, 0..1. */
  incident: number;
  circuit: CircuitCondition;
}

/** Conditions at a point in time (load taken from its minute, incident and breaker continuous). */
export function conditionsAt(seed: number, ms: number): Conditions {
  const minute = Math.floor(ms / MINUTE_MS);
  const load = loadFactor(seed, minute);
  const incident = incidentIntensity(ms);
  const baseGpu = Math.min(GPU_UTIL_CAP, GPU_UTIL_AT_MEAN_LOAD * load);
  return {
    load,
    apiUtil: Math.min(API_UTIL_CAP, API_UTIL_AT_MEAN_LOAD * load),
    gpuUtil: baseGpu + (0.99 - baseGpu) * incident,
    incident,
    circuit: circuitAt(ms),
  };
}

/** Expected traces in a minute for a given mean rate per minute. */
export function expectedTraces(seed: number, minute: number, meanPerMinute: number): number {
  return meanPerMinute * loadFactor(seed, minute);
}

/** Number of traces in a minute: Poisson around the expected value, deterministic per (seed, minute). */
export function traceCount(seed: number, minute: number, meanPerMinute: number): number {
  // The same random stream for every density, so a higher density yields a superset of traces.
  return Rng.from(seed, minute, "count").poisson(expectedTraces(seed, minute, meanPerMinute));
}

// ── Releases ──────────────────────────────────────────────────────────────────
/**
 * Production deploys every other day at 16:00 UTC, named `YYYY.M.N`; staging runs the next one.
 */
export function releaseAt(ms: number, environment: string): string {
  const shifted = new Date(ms - 16 * 3_600_000);
  const y = shifted.getUTCFullYear();
  const mo = shifted.getUTCMonth() + 1;
  const n = Math.floor((shifted.getUTCDate() - 1) / 2) + 1;
  return `${y}.${mo}.${environment === "production" ? n : n + 1}`;
}

