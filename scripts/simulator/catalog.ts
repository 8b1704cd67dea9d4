/**
 * What the simulated product is made of: task types, features, models and their speed,
 * routing and fallback chains, users, and a few snippets of prompt/response text.
 */
import { Rng } from "./prng";

export type TaskType = "chat" | "rag_answer" | "summarize" | "extract" | "agent";
export type Provider = "openai" | "anthropic" | "vllm";

export interface ModelSpec {
  model: string;
  provider: Provider;
  /** Median time to first token excluding prefill (network + scheduling), ms. */
  ttftBaseMs: number;
  /** Prefill cost per uncached input token, ms. */
  prefillMsPerToken: number;
  /** Median decode time per output token, ms (≈ 1000 / tokens-per-second). */
  decodeMsPerToken: number;
  /** Served by the self-hosted GPU pool (queue and speed follow GPU utilisation). */
  selfHosted: boolean;
}

export const MODELS = {
  "gpt-4o-mini": { model: "gpt-4o-mini", provider: "openai", ttftBaseMs: 240, prefillMsPerToken: 0.05, decodeMsPerToken: 6.5, selfHosted: false },
  "gpt-4o": { model: "gpt-4o", provider: "openai", ttftBaseMs: 320, prefillMsPerToken: 0.07, decodeMsPerToken: 10, selfHosted: false },
  "claude-haiku-4-5": { model: "claude-haiku-4-5", provider: "anthropic", ttftBaseMs: 300, prefillMsPerToken: 0.05, decodeMsPerToken: 6, selfHosted: false },
  "claude-sonnet-4-5": { model: "claude-sonnet-4-5", provider: "anthropic", ttftBaseMs: 430, prefillMsPerToken: 0.08, decodeMsPerToken: 11, selfHosted: false },
  "llama-3.1-8b-instruct": { model: "llama-3.1-8b-instruct", provider: "vllm", ttftBaseMs: 35, prefillMsPerToken: 0.03, decodeMsPerToken: 5.5, selfHosted: true },
} as const satisfies Record<string, ModelSpec>;
export type ModelName = keyof typeof MODELS;

/** Where a failing model falls back to, in order (fallbackIndex = position + 1). */
export const FALLBACKS: Record<ModelName, ModelName[]> = {
  "gpt-4o-mini": ["claude-haiku-4-5", "llama-3.1-8b-instruct"],
  "gpt-4o": ["claude-sonnet-4-5"],
  "claude-haiku-4-5": ["gpt-4o-mini", "llama-3.1-8b-instruct"],
  "claude-sonnet-4-5": ["gpt-4o", "gpt-4o-mini"],
  "llama-3.1-8b-instruct": ["gpt-4o-mini", "claude-haiku-4-5"],
};

export interface TaskSpec {
  feature: string;
  route: string;
  /** Share of traffic. */
  weight: number;
  /** Primary model choice (weights). */
  primary: Partial<Record<ModelName, number>>;
  input: { median: number; sigma: number };
  output: { median: number; sigma: number };
  cacheable: boolean;
  retrieval: boolean;
  temperature: number;
  maxTokens: number;
  postprocess: { name: string; medianMs: number; failRate: number };
}

export const TASKS: Record<TaskType, TaskSpec> = {
  chat: {
    feature: "support-bot",
    route: "/v1/chat",
    weight: 45,
    primary: { "gpt-4o-mini": 0.65, "llama-3.1-8b-instruct": 0.35 },
    input: { median: 900, sigma: 0.6 },
    output: { median: 70, sigma: 0.45 },
    cacheable: true,
    retrieval: false,
    temperature: 0.7,
    maxTokens: 512,
    postprocess: { name: "postprocess.moderation", medianMs: 18, failRate: 0 },
  },
  rag_answer: {
    feature: "doc-search",
    route: "/v1/search/answer",
    weight: 24,
    primary: { "claude-haiku-4-5": 1 },
    input: { median: 3_500, sigma: 0.35 },
    output: { median: 90, sigma: 0.3 },
    cacheable: true,
    retrieval: true,
    temperature: 0.2,
    maxTokens: 800,
    postprocess: { name: "postprocess.citations", medianMs: 6, failRate: 0 },
  },
  summarize: {
    feature: "email-summary",
    route: "/v1/summarize",
    weight: 15,
    primary: { "llama-3.1-8b-instruct": 1 },
    input: { median: 2_800, sigma: 0.6 },
    output: { median: 90, sigma: 0.35 },
    cacheable: true,
    retrieval: false,
    temperature: 0.3,
    maxTokens: 400,
    postprocess: { name: "postprocess.format", medianMs: 3, failRate: 0 },
  },
  extract: {
    feature: "invoice-extract",
    route: "/v1/extract",
    weight: 15,
    primary: { "gpt-4o-mini": 1 },
    input: { median: 1_400, sigma: 0.4 },
    output: { median: 55, sigma: 0.3 },
    cacheable: true,
    retrieval: false,
    temperature: 0,
    maxTokens: 256,
    postprocess: { name: "postprocess.validate_json", medianMs: 4, failRate: 0.006 },
  },
  agent: {
    feature: "research-agent",
    route: "/v1/agent/run",
    weight: 1,
    primary: { "claude-sonnet-4-5": 1 },
    input: { median: 2_600, sigma: 0.3 },
    output: { median: 200, sigma: 0.4 },
    cacheable: false,
    retrieval: true,
    temperature: 0.2,
    maxTokens: 2_048,
    postprocess: { name: "postprocess.format", medianMs: 3, failRate: 0 },
  },
};

export const TASK_WEIGHTS: Record<TaskType, number> = Object.fromEntries(
  Object.entries(TASKS).map(([k, v]) => [k, v.weight]),
) as Record<TaskType, number>;

export interface ToolSpec {
  name: string;
  medianMs: number;
  sigma: number;
  failRate: number;
}

export const TOOLS: ToolSpec[] = [
  { name: "web_search", medianMs: 520, sigma: 0.5, failRate: 0.02 },
  { name: "fetch_url", medianMs: 340, sigma: 0.7, failRate: 0.04 },
  { name: "sql_query", medianMs: 110, sigma: 0.6, failRate: 0.01 },
  { name: "calculator", medianMs: 4, sigma: 0.4, failRate: 0 },
  { name: "crm_lookup", medianMs: 160, sigma: 0.5, failRate: 0.01 },
];

// ── Users: heavy-tailed (Zipf) activity ──────────────────────────────────────
export const USER_COUNT = 600;
const ZIPF_EXPONENT = 1.1;

const USER_CDF: Float64Array = (() => {
  const cdf = new Float64Array(USER_COUNT);
  let sum = 0;
  for (let k = 1; k <= USER_COUNT; k++) sum += 1 / k ** ZIPF_EXPONENT;
  let acc = 0;
  for (let k = 1; k <= USER_COUNT; k++) {
    acc += 1 / k ** ZIPF_EXPONENT / sum;
    cdf[k - 1] = acc;
  }
  return cdf;
})();

/** A user number in 1..USER_COUNT, rank-1 users being by far the most active. */
export function pickUser(rng: Rng): number {
  const r = rng.next();
  let lo = 0;
  let hi = USER_COUNT - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (USER_CDF[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export function userId(n: number): string {
  return `user-${String(n).padStart(4, "0")}`;
}

/** Users above this number are on the free tier (their chats go to the self-hosted model more often). */
export function userTier(n: number): "enterprise" | "pro" | "free" {
  return n <= 40 ? "enterprise" : n <= 220 ? "pro" : "free";
}

// ── Text snippets (only on a fraction of generation spans) ───────────────────
export const SAMPLE_TEXT: Record<TaskType, Array<[string, string]>> = {
  chat: [
    ["How do I reset my password?", "You can reset it under Settings → Security → Reset password. We'll email you a link that is valid for 30 minutes."],
    ["My invoice shows the wrong VAT number.", "Sorry about that! You can update the VAT number under Billing → Company details; the next invoice will use it."],
    ["Can I export my data to CSV?", "Yes — open the table, click Export in the top-right corner and choose CSV. Large exports are emailed to you."],
    ["Why was my card declined?", "Declines usually come from the bank. Please check the card's expiry date and 3-D Secure, or try another card."],
    ["How do I add a teammate?", "Go to Settings → Members → Invite, enter their email and choose a role. They'll get an invitation right away."],
  ],
  rag_answer: [
    ["What is the retention period for audit logs?", "Audit logs are kept for 400 days on the Enterprise plan and 90 days otherwise [1]. They can be exported to S3 [2]."],
    ["How do I rotate an API key without downtime?", "Create a second key, deploy it, then revoke the old one [1]. Both keys work in parallel until revocation [3]."],
    ["Does SSO support SCIM provisioning?", "Yes. SCIM 2.0 provisioning is available with Okta and Azure AD once SAML SSO is configured [2]."],
    ["What are the API rate limits?", "The default limit is 600 requests per minute per key; bursts up to 100 rps are allowed for 10 seconds [1]."],
  ],
  summarize: [
    ["Summarize this email thread (14 messages) about the Q3 renewal.", "The customer agrees to renew for 12 months if the price stays flat; legal review of the DPA is pending; next call Thursday."],
    ["Summarize: 'Re: outage follow-up' (6 messages).", "Root cause was an expired certificate on the EU gateway; a post-mortem is due Friday and credits were offered."],
    ["Summarize this thread about the office move.", "The move is planned for March 3; desks are assigned by team; parking passes must be requested by Feb 20."],
  ],
  extract: [
    ["Extract the invoice fields as JSON from: ACME GmbH · Invoice 2026-0412 · Total 1,284.50 EUR · due 30 days", '{"vendor":"ACME GmbH","invoice_number":"2026-0412","total":1284.5,"currency":"EUR","due_days":30}'],
    ["Extract the invoice fields as JSON from: Northwind Ltd – INV-88213 – £642.00 – VAT GB123456789", '{"vendor":"Northwind Ltd","invoice_number":"INV-88213","total":642,"currency":"GBP","vat_id":"GB123456789"}'],
    ["Extract the invoice fields as JSON from: Globex Inc. #A-1177 USD 9,900.00 net 45", '{"vendor":"Globex Inc.","invoice_number":"A-1177","total":9900,"currency":"USD","due_days":45}'],
  ],
  agent: [
    ["Compare the pricing pages of our top three competitors and draft a one-paragraph summary.", "Competitor A prices per seat ($29), B per usage (from $0.002/request), C has a flat $499 tier; we are cheapest below 40 seats."],
    ["Find last quarter's churned enterprise accounts and the main reason given.", "7 enterprise accounts churned in Q3; the most cited reason was missing on-prem deployment (4 of 7), then price (2)."],
    ["Research recent papers on speculative decoding and list the three most cited.", "1) Leviathan et al. 2023, 2) Chen et al. 2023 (SpS), 3) Cai et al. 2024 (Medusa) — all report 2–3× decode speed-ups."],
  ],
};
