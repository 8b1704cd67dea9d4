"use client";
import { useEffect, useState } from "react";
import { formatAgo, formatUtc } from "./alert-time";
import type { TimeValue } from "./types";

/** "3 min ago", kept fresh; the exact UTC time on hover. The server's render may differ by a second. */
export function RelativeTime({ at, prefix = "" }: { at: TimeValue | null | undefined; prefix?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(id);
  }, []);
  if (!at) return <span className="text-slate-400 dark:text-slate-500">—</span>;
  return (
    <time dateTime={new Date(at).toISOString()} title={formatUtc(at)} suppressHydrationWarning className="whitespace-nowrap">
      {prefix}
      {formatAgo(at, now)}
    </time>
  );
}
