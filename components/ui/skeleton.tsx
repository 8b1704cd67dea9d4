/** A pulsing placeholder the size of the content it stands in for. */
export function Skeleton({ className = "h-56" }: { className?: string }) {
  return (
    <div role="status" aria-label="Loading" className={`animate-pulse rounded-md bg-slate-100 dark:bg-slate-800/70 ${className}`}>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
