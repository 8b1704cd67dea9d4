/** The empty state of a panel: what is missing and how to send it. */
export function NoData({ title = "No data in this range", children }: { title?: string; children?: React.ReactNode }) {
  return (
    <div data-testid="no-data" className="flex min-h-32 flex-col items-center justify-center rounded-md border border-dashed border-slate-200 px-4 py-6 text-center text-sm dark:border-slate-700/80">
      <p className="font-medium text-slate-700 dark:text-slate-200">{title}</p>
      <p className="mt-1 max-w-md text-xs text-slate-500 dark:text-slate-400">
        {children ?? (
          <>
            Send traces with <code className="font-mono">POST /api/trpc/ingest.batch</code> or OTLP; see the README.
          </>
        )}
      </p>
    </div>
  );
}
