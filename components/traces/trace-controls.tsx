"use client";
import { useState } from "react";
import { useSearchParam } from "@/components/filters/use-search-param";
import { SelectField } from "@/components/filters/select-field";
import type { TraceSort } from "@/server/traces/schema";

const SORTS: Array<{ value: TraceSort; label: string }> = [
  { value: "time", label: "Newest" },
  { value: "duration", label: "Slowest" },
  { value: "ttft", label: "Slowest first token" },
  { value: "cost", label: "Costliest" },
];

/** Search (trace id or user id), sort and status, kept in the URL. */
export function TraceControls({ search, sort, status }: { search: string; sort: TraceSort; status: string }) {
  const { set, pending } = useSearchParam();
  const [text, setText] = useState(search);
  return (
    <div className="mb-3 flex flex-wrap items-end gap-3" aria-busy={pending}>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set("q", text.trim() || undefined);
        }}
        className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300"
      >
        <label htmlFor="trace-search">Trace id or user</label>
        <input
          id="trace-search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="4bf92f35… or user-0042"
          className="w-72 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal dark:border-slate-700 dark:bg-slate-950"
        />
      </form>
      <SelectField label="Sort" value={sort} options={SORTS} onChange={(v) => set("sort", v === "time" ? undefined : v)} width="w-44" />
      <SelectField
        label="Status"
        value={status}
        allLabel="All"
        options={[
          { value: "error", label: "Failed" },
          { value: "ok", label: "Succeeded" },
        ]}
        onChange={(v) => set("status", v || undefined)}
        width="w-32"
      />
    </div>
  );
}
