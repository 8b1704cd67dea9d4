import { Suspense } from "react";
import type { RangePreset } from "@/server/metrics/range";
import { RangePicker } from "./range-picker";

export function PageHeader({ title, range }: { title: string; range?: RangePreset }) {
  return (
    <header className="mb-5 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      {range && (
        <Suspense>
          <RangePicker value={range} />
        </Suspense>
      )}
    </header>
  );
}
