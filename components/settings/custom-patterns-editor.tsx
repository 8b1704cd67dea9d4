"use client";
import type { CustomPatternInput } from "@/server/settings/schema";
import { DATA_LIMITS } from "@/server/settings/schema";
import { fieldClass, secondaryButtonClass } from "./field-styles";

/** Rows of name + regular expression; each match is stored as [REDACTED:<name>]. */
export function CustomPatternsEditor({ patterns, onChange }: { patterns: CustomPatternInput[]; onChange: (next: CustomPatternInput[]) => void }) {
  const update = (i: number, change: Partial<CustomPatternInput>) => onChange(patterns.map((p, j) => (j === i ? { ...p, ...change } : p)));
  return (
    <div className="flex flex-col gap-2" data-testid="custom-patterns">
      {patterns.length === 0 && <p className="text-xs text-slate-500 dark:text-slate-400">No custom patterns.</p>}
      {patterns.map((p, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2">
          <input
            className={`${fieldClass} w-36`}
            aria-label={`Pattern ${i + 1} name`}
            placeholder="order_id"
            value={p.name}
            onChange={(e) => update(i, { name: e.target.value })}
          />
          <input
            className={`${fieldClass} min-w-64 flex-1 font-mono`}
            aria-label={`Pattern ${i + 1} regular expression`}
            placeholder="ORD-\d{6}"
            value={p.pattern}
            maxLength={DATA_LIMITS.maxPatternLength}
            onChange={(e) => update(i, { pattern: e.target.value })}
          />
          <button type="button" className="text-xs font-medium text-rose-600 hover:underline" onClick={() => onChange(patterns.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      {patterns.length < DATA_LIMITS.maxCustomPatterns && (
        <div>
          <button type="button" className={secondaryButtonClass} onClick={() => onChange([...patterns, { name: "", pattern: "" }])}>
            Add pattern
          </button>
        </div>
      )}
    </div>
  );
}
