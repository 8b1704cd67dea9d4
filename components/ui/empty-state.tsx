export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm dark:border-slate-700 dark:bg-slate-900">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-2 text-slate-500 dark:text-slate-400">{children}</div>}
    </div>
  );
}
