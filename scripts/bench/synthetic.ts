/** Deterministic synthetic traces for benchmarks: `spansPerTrace` spans each, realistic field mix. */
export function syntheticBatch(opts: { batchIndex: number; traces: number; spansPerTrace: number; baseMs: number; spacingMs?: number }) {
  const { batchIndex, traces, spansPerTrace, baseMs } = opts;
  const spacingMs = opts.spacingMs ?? 37;
  const stages = ["network", "queue", "retrieval", "generation", "postprocess", "tool", "cache"] as const;
  const models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "llama-3.1-8b-instruct"];
  const out = [];
  for (let i = 0; i < traces; i++) {
    const n = batchIndex * traces + i;
    const start = baseMs + Math.floor(n * spacingMs);
    const traceId = `bench-${n.toString(16).padStart(12, "0")}`;
    const spans = [];
    const total = 200 + ((n * 7919) % 2800);
    spans.push({ spanId: `${traceId}-0`, name: "request", kind: "server", stage: "other", startTime: start, endTime: start + total });
    for (let s = 1; s < spansPerTrace; s++) {
      const stage = stages[(n + s) % stages.length]!;
      const st = start + Math.floor((total * (s - 1)) / spansPerTrace);
      const gen = stage === "generation";
      spans.push({
        spanId: `${traceId}-${s}`,
        parentSpanId: `${traceId}-0`,
        name: gen ? `chat ${models[n % models.length]}` : stage,
        stage,
        startTime: st,
        endTime: st + Math.floor(total / spansPerTrace),
        ...(gen
          ? { model: models[n % models.length], provider: "openai", inputTokens: 800 + (n % 900), outputTokens: 120 + (n % 300), ttftMs: 150 + (n % 400) }
          : {}),
        ...(stage === "cache" ? { cacheOutcome: n % 5 === 0 ? "exact_hit" : "miss" } : {}),
      });
    }
    out.push({ traceId, name: "POST /v1/chat", taskType: ["chat", "rag_answer", "summarize", "extract"][n % 4], feature: "bench", userId: `user-${n % 500}`, spans });
  }
  return { traces: out };
}
