"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { RANGE_PRESETS, type RangePreset } from "@/server/metrics/range";

const PRESETS = Object.keys(RANGE_PRESETS) as RangePreset[];

export function RangePicker({ value }: { value: RangePreset }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  return (
    <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-xs dark:border-slate-700 dark:bg-slate-900">
      {PRESETS.map((p) => (
        <button
          key={p}
          type="button"
          aria-pressed={p === value}
          onClick={() => {
            const next = new URLSearchParams(search);
            next.set("range", p);
            router.push(`${pathname}?${next.toString()}`);
          }}
          className={`rounded px-2.5 py-1 font-medium ${
            p === value
              ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900"
              : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          }`}
        >
          {p}
        </button>
      ))}
    </div>
  );
}
