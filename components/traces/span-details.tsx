"use client";
import { useState } from "react";
import { formatCount, formatDuration, formatUsd } from "@/components/charts/prepare/format";
import type { SpanView } from "@/server/traces/get";

const LIMIT = 2_000;

/** Long text collapsed to its first 2 000 characters, with a way to see all of it. Rendered as text, never HTML. */
function LongText({ label, text }: { label: string; text: string }) {
  const [all, setAll] = useState(false);
  const long = text.length > LIMIT;
  return (
    <details className="rounded border border-slate-200 dark:border-slate-800" open={!long}>
      <summary className="cursor-pointer px-2 py-1 text-xs font-medium text-slate-600 dark:text-slate-300">
        {label} <span className="text-slate-400">({formatCount(text.length)} chars)</span>
      </summary>
      <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words px-2 py-1 font-mono text-xs">{all || !long ? text : `${text.slice(0, LIMIT)}…`}</pre>
      {long && (
        <button type="button" onClick={() => setAll(!all)} className="px-2 pb-1 text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          {all ? "Show less" : "Show all"}
        </button>
      )}
    </details>
  );
}

export function SpanDetails({ span }: { span: SpanView }) {
  const facts: Array<[string, string]> = [
    ["Stage", span.stage],
    ["Duration", formatDuration(span.durationMs)],
    ["TTFT", formatDuration(span.ttftMs)],
    ["Model", [span.provider, span.model].filter(Boolean).join(" / ") || "—"],
    ["Tokens in / out / cached", [span.inputTokens, span.outputTokens, span.cachedTokens].map((t) => (t == null ? "—" : formatCount(t))).join(" / ")],
    ["Cost", formatUsd(span.costUsd)],
    ["Status", span.status === "error" ? `error${span.errorType ? `: ${span.errorType}` : ""}${span.httpStatus ? ` (HTTP ${span.httpStatus})` : ""}` : "ok"],
    ["Attempt", `${span.attempt}${span.retryOfSpanId ? ` (retry of ${span.retryOfSpanId})` : ""}`],
    ["Fallback", span.fallbackIndex > 0 ? `#${span.fallbackIndex} from ${span.fallbackFromModel ?? "?"}` : "—"],
    ["Cache", span.cacheOutcome ? `${span.cacheOutcome.replace("_", " ")}${span.cacheSimilarity != null ? ` (similarity ${span.cacheSimilarity.toFixed(3)})` : ""}` : "—"],
    ["Circuit breaker", span.circuitState ?? "—"],
  ];
  const attrs = Object.entries(span.attributes ?? {});
  return (
    <aside className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm dark:border-slate-800 dark:bg-slate-900" data-testid="span-details">
      <h2 className="break-all font-semibold">{span.name}</h2>
      <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-xs">
        {facts.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
            <dd className="break-words">{v}</dd>
          </div>
        ))}
      </dl>
      {span.input && <LongText label="Prompt" text={span.input} />}
      {span.output && <LongText label="Response" text={span.output} />}
      {attrs.length > 0 && <LongText label={`Attributes (${attrs.length})`} text={JSON.stringify(span.attributes, null, 2)} />}
    </aside>
  );
}
