"use client";
import { formatDuration } from "@/components/charts/prepare/format";
import type { SpanView } from "@/server/traces/get";
import { STAGE_COLORS } from "./stage-colors";
import { useWindow } from "./use-window";
import type { WaterfallRow } from "./waterfall-rows";

const ROW = 28;
const VIEWPORT = 560;

/** Spans on the trace's time axis, coloured by stage; retries, fallbacks, backoff gaps and TTFT marked. */
export function Waterfall({ rows, totalMs, selected, onSelect }: {
  rows: WaterfallRow<SpanView>[];
  totalMs: number;
  selected: string | null;
  onSelect: (spanId: string) => void;
}) {
  const win = useWindow(rows.length, ROW, VIEWPORT);
  return (
    <div className="rounded-lg border border-slate-200 bg-white text-xs shadow-sm dark:border-slate-800 dark:bg-slate-900" data-testid="waterfall">
      <div className="grid grid-cols-[minmax(14rem,22rem)_1fr] border-b border-slate-200 px-3 py-1.5 text-slate-500 dark:border-slate-800 dark:text-slate-400">
        <span>Span</span>
        <span className="flex justify-between tabular-nums"><span>0</span><span>{formatDuration(totalMs / 2)}</span><span>{formatDuration(totalMs)}</span></span>
      </div>
      <div onScroll={win.onScroll} style={{ height: Math.min(VIEWPORT, rows.length * ROW + 2) }} className="overflow-y-auto">
        <div style={{ height: win.totalHeight, position: "relative" }}>
          <div style={{ transform: `translateY(${win.offsetTop}px)` }}>
            {rows.slice(win.first, win.last).map((r) => {
              const s = r.span;
              const failed = s.status === "error";
              return (
                <button
                  key={s.spanId}
                  type="button"
                  onClick={() => onSelect(s.spanId)}
                  style={{ height: ROW }}
                  data-stage={s.stage}
                  aria-pressed={selected === s.spanId}
                  className={`grid w-full grid-cols-[minmax(14rem,22rem)_1fr] items-center px-3 text-left hover:bg-slate-50 dark:hover:bg-slate-800/50 ${selected === s.spanId ? "bg-indigo-50 dark:bg-indigo-950/40" : ""}`}
                >
                  <span className="flex min-w-0 items-center gap-1.5" style={{ paddingLeft: Math.min(r.depth, 12) * 12 }}>
                    <span className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: STAGE_COLORS[s.stage] ?? STAGE_COLORS.other }} />
                    <span className="truncate">{s.name}</span>
                    {r.label && <span className="shrink-0 rounded bg-amber-100 px-1 text-[10px] text-amber-800 dark:bg-amber-900/50 dark:text-amber-200">{r.label}</span>}
                    {failed && (
                      <span className="shrink-0 rounded bg-rose-100 px-1 text-[10px] text-rose-700 dark:bg-rose-900/50 dark:text-rose-200">
                        {s.httpStatus ?? s.errorType ?? "error"}
                      </span>
                    )}
                  </span>
                  <span className="relative h-3.5">
                    {r.backoffMs != null && r.backoffMs > 0 && (
                      <span
                        title={`backoff ${formatDuration(r.backoffMs)}`}
                        className="absolute top-1/2 border-t border-dashed border-slate-400"
                        style={{ left: `${(r.left - r.backoffMs / totalMs) * 100}%`, width: `${(r.backoffMs / totalMs) * 100}%` }}
                      />
                    )}
                    <span
                      className={`absolute h-full rounded-sm ${failed ? "ring-2 ring-rose-500" : ""}`}
                      style={{ left: `${r.left * 100}%`, width: `${r.width * 100}%`, background: STAGE_COLORS[s.stage] ?? STAGE_COLORS.other, opacity: failed ? 0.6 : 0.9 }}
                      title={`${s.name}: ${formatDuration(s.durationMs)}`}
                    />
                    {r.ttftAt != null && <span title={`first token at ${formatDuration(s.ttftMs)}`} className="absolute -top-0.5 h-[calc(100%+4px)] w-0.5 bg-white ring-1 ring-slate-900/40" style={{ left: `${r.ttftAt * 100}%` }} />}
                  </span>
                </button>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
