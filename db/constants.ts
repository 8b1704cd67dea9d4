/** Domain vocabularies shared by the server, the client and the simulator. */
export const STAGES = [
  "network",
  "queue",
  "retrieval",
  "prefill",
  "generation",
  "tool",
  "cache",
  "postprocess",
  "other",
] as const;
export type Stage = (typeof STAGES)[number];

export const SPAN_KINDS = ["internal", "server", "client", "producer", "consumer"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const CACHE_OUTCOMES = ["exact_hit", "semantic_hit", "miss", "bypass"] as const;
export type CacheOutcome = (typeof CACHE_OUTCOMES)[number];

export const CIRCUIT_STATES = ["closed", "open", "half_open"] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

export const STATUSES = ["ok", "error"] as const;
export type Status = (typeof STATUSES)[number];

export const DEFAULT_ENVIRONMENT = "production";
