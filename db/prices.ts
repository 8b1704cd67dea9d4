/**
 * Built-in list prices in USD per million tokens (standard tier, prompts ≤ 200k tokens),
 * as published by each provider in 2025. Re-synced into `model_prices` (origin "builtin")
 * at every start; project overrides (origin "user") win over these.
 * Open-weight models are priced at a typical hosted-inference rate.
 */
export interface BuiltinPrice {
  provider: string;
  modelPattern: string;
  inputUsdPerMtok: number;
  outputUsdPerMtok: number;
  cachedInputUsdPerMtok: number | null;
}

const p = (
  provider: string,
  modelPattern: string,
  inputUsdPerMtok: number,
  outputUsdPerMtok: number,
  cachedInputUsdPerMtok: number | null = null,
): BuiltinPrice => ({ provider, modelPattern, inputUsdPerMtok, outputUsdPerMtok, cachedInputUsdPerMtok });

export const BUILTIN_PRICES: BuiltinPrice[] = [
  // OpenAI
  p("openai", "gpt-5", 1.25, 10, 0.125),
  p("openai", "gpt-5-*", 1.25, 10, 0.125),
  p("openai", "gpt-5-mini*", 0.25, 2, 0.025),
  p("openai", "gpt-5-nano*", 0.05, 0.4, 0.005),
  p("openai", "gpt-4.1", 2, 8, 0.5),
  p("openai", "gpt-4.1-*", 2, 8, 0.5),
  p("openai", "gpt-4.1-mini*", 0.4, 1.6, 0.1),
  p("openai", "gpt-4.1-nano*", 0.1, 0.4, 0.025),
  p("openai", "gpt-4o", 2.5, 10, 1.25),
  p("openai", "gpt-4o-*", 2.5, 10, 1.25),
  p("openai", "gpt-4o-mini*", 0.15, 0.6, 0.075),
  p("openai", "o3", 2, 8, 0.5),
  p("openai", "o3-*", 2, 8, 0.5),
  p("openai", "o4-mini*", 1.1, 4.4, 0.275),
  p("openai", "text-embedding-3-small", 0.02, 0),
  p("openai", "text-embedding-3-large", 0.13, 0),
  // Anthropic
  p("anthropic", "claude-opus-4-5*", 5, 25, 0.5),
  p("anthropic", "claude-opus-4-1*", 15, 75, 1.5),
  p("anthropic", "claude-opus-4-2*", 15, 75, 1.5),
  p("anthropic", "claude-sonnet-4*", 3, 15, 0.3),
  p("anthropic", "claude-3-7-sonnet*", 3, 15, 0.3),
  p("anthropic", "claude-haiku-4-5*", 1, 5, 0.1),
  p("anthropic", "claude-3-5-haiku*", 0.8, 4, 0.08),
  // Google
  p("google", "gemini-2.5-pro*", 1.25, 10, 0.31),
  p("google", "gemini-2.5-flash*", 0.3, 2.5, 0.075),
  p("google", "gemini-2.5-flash-lite*", 0.1, 0.4, 0.025),
  p("google", "gemini-2.0-flash*", 0.1, 0.4, 0.025),
  // Mistral
  p("mistral", "mistral-large*", 2, 6),
  p("mistral", "mistral-medium*", 0.4, 2),
  p("mistral", "mistral-small*", 0.1, 0.3),
  p("mistral", "codestral*", 0.3, 0.9),
  // Open-weight models (hosted)
  p("meta", "llama-3.3-70b*", 0.88, 0.88),
  p("meta", "llama-3.1-8b*", 0.18, 0.18),
  p("meta", "llama-3.1-70b*", 0.88, 0.88),
  p("mistral", "mixtral-8x7b*", 0.6, 0.6),
  p("alibaba", "qwen2.5-72b*", 1.2, 1.2),
  p("deepseek", "deepseek-chat", 0.27, 1.1, 0.07),
  p("deepseek", "deepseek-v3*", 0.27, 1.1, 0.07),
  p("deepseek", "deepseek-reasoner", 0.55, 2.19, 0.14),
  p("deepseek", "deepseek-r1*", 0.55, 2.19, 0.14),
];
