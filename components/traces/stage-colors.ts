/** One colour per pipeline stage, used by the waterfall and its legend. */
export const STAGE_COLORS: Record<string, string> = {
  network: "#64748b",
  queue: "#f59e0b",
  retrieval: "#10b981",
  prefill: "#8b5cf6",
  generation: "#6366f1",
  tool: "#ec4899",
  cache: "#14b8a6",
  postprocess: "#0ea5e9",
  other: "#94a3b8",
};
