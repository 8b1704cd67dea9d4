import type { Stage } from "@/db/constants";

/**
 * Attribute names Tailwatch reads, in order of preference (first present wins). Current OpenTelemetry
 * GenAI names come first, then their deprecated forms, then OpenInference, the Vercel AI SDK,
 * Langfuse and OpenLLMetry.
 */
export const KEYS = {
  model: [
    "gen_ai.response.model",
    "gen_ai.request.model",
    "llm.model_name",
    "langfuse.observation.model.name",
    "ai.response.model",
    "ai.model.id",
  ],
  provider: ["gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system", "ai.model.provider"],
  inputTokens: [
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.prompt_tokens",
    "llm.token_count.prompt",
    "ai.usage.inputTokens",
    "ai.usage.promptTokens",
  ],
  outputTokens: [
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "llm.token_count.completion",
    "ai.usage.outputTokens",
    "ai.usage.completionTokens",
  ],
  cachedTokens: [
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_read_input_tokens",
    "llm.token_count.prompt_details.cache_read",
    "ai.usage.cachedInputTokens",
  ],
  /** Seconds. */
  ttftSeconds: ["gen_ai.response.time_to_first_chunk", "gen_ai.latency.time_to_first_token"],
  /** Milliseconds. */
  ttftMs: ["ai.response.msToFirstChunk", "ai.stream.msToFirstChunk"],
  /** A point in time (ISO-8601). */
  completionStart: ["langfuse.observation.completion_start_time"],
  httpStatus: ["http.response.status_code", "http.status_code"],
  input: [
    "input.value",
    "gen_ai.input.messages",
    "gen_ai.prompt",
    "langfuse.observation.input",
    "ai.prompt.messages",
    "ai.prompt",
  ],
  output: [
    "output.value",
    "gen_ai.output.messages",
    "gen_ai.completion",
    "langfuse.observation.output",
    "ai.response.text",
    "ai.response.object",
  ],
} as const;

/** Trace-level values, looked up on the spans first, then on the resource. */
export const TRACE_KEYS = {
  taskType: ["tailwatch.task_type"],
  feature: ["tailwatch.feature", "ai.telemetry.functionId"],
  userId: ["user.id", "langfuse.user.id", "ai.telemetry.metadata.userId", "enduser.id"],
  sessionId: ["session.id", "langfuse.session.id", "ai.telemetry.metadata.sessionId", "gen_ai.conversation.id"],
  environment: ["deployment.environment.name", "deployment.environment", "langfuse.environment"],
  release: ["langfuse.release", "service.version"],
  name: ["langfuse.trace.name"],
} as const;

export type TraceField = keyof typeof TRACE_KEYS;

/** Tailwatch's own span attributes (documented in the README). */
export const TW = {
  stage: "tailwatch.stage",
  taskType: "tailwatch.task_type",
  feature: "tailwatch.feature",
  cacheOutcome: "tailwatch.cache.outcome",
  cacheSimilarity: "tailwatch.cache.similarity",
  attempt: "tailwatch.attempt",
  retryOf: "tailwatch.retry_of",
  fallbackIndex: "tailwatch.fallback.index",
  fallbackFromModel: "tailwatch.fallback.from_model",
  circuitState: "tailwatch.circuit.state",
} as const;

/**
 * Stage from the operation. Embeddings count as retrieval: in the systems Tailwatch watches they
 * embed the query for a vector search, so their latency belongs to retrieval, and counting them
 * as generation would make them "attempts" and the trace's model. Their tokens and cost still count.
 */
export const GENAI_OPERATION_STAGE: Record<string, Stage> = {
  chat: "generation",
  generate_content: "generation",
  text_completion: "generation",
  embeddings: "retrieval",
  retrieval: "retrieval",
  execute_tool: "tool",
  create_agent: "other",
  invoke_agent: "other",
  invoke_workflow: "other",
};

export const OPENINFERENCE_KIND_STAGE: Record<string, Stage> = {
  LLM: "generation",
  EMBEDDING: "retrieval",
  RETRIEVER: "retrieval",
  RERANKER: "retrieval",
  TOOL: "tool",
  CHAIN: "other",
  AGENT: "other",
  GUARDRAIL: "other",
  EVALUATOR: "other",
  PROMPT: "other",
};

export const LANGFUSE_TYPE_STAGE: Record<string, Stage> = {
  generation: "generation",
  embedding: "retrieval",
  retriever: "retrieval",
  tool: "tool",
  agent: "other",
  chain: "other",
  evaluator: "other",
  guardrail: "other",
  span: "other",
  event: "other",
};

/** OpenLLMetry (Traceloop) `llm.request.type`. */
export const LLM_REQUEST_TYPE_STAGE: Record<string, Stage> = {
  chat: "generation",
  completion: "generation",
  embedding: "retrieval",
  rerank: "retrieval",
};

/** Vercel AI SDK `ai.operationId`: the provider calls (`do*`) are the LLM calls. */
export const VERCEL_OPERATION_STAGE: Record<string, Stage> = {
  "ai.generateText.doGenerate": "generation",
  "ai.streamText.doStream": "generation",
  "ai.generateObject.doGenerate": "generation",
  "ai.streamObject.doStream": "generation",
  "ai.embed.doEmbed": "retrieval",
  "ai.embedMany.doEmbed": "retrieval",
  "ai.toolCall": "tool",
  "ai.generateText": "other",
  "ai.streamText": "other",
  "ai.generateObject": "other",
  "ai.streamObject": "other",
  "ai.embed": "other",
  "ai.embedMany": "other",
};

/**
 * Spans that wrap LLM calls and repeat their children's usage (agents, chains, the AI SDK's
 * top-level `ai.generateText`…). Their token counts stay in attributes and are not summed
 * into the trace, which would count them twice.
 */
export function isAggregateWrapper(a: Record<string, unknown>): boolean {
  const op = a["gen_ai.operation.name"];
  if (op === "invoke_agent" || op === "create_agent" || op === "invoke_workflow") return true;
  const oi = a["openinference.span.kind"];
  if (oi === "AGENT" || oi === "CHAIN") return true;
  const lf = a["langfuse.observation.type"];
  if (lf === "agent" || lf === "chain") return true;
  const vercel = a["ai.operationId"];
  return typeof vercel === "string" && VERCEL_OPERATION_STAGE[vercel] === "other";
}

export const VECTOR_DATABASES = new Set(["pinecone", "qdrant", "weaviate", "chroma", "chromadb", "milvus", "lancedb"]);

/** OpenInference marks the first streamed token with a span event of this name. */
export const FIRST_TOKEN_EVENT = "First Token Stream Event";
