/** The centred card of the sign-in and first-run pages. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4 dark:bg-slate-950">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="mb-5 flex items-center gap-2 text-base font-semibold">
          <span aria-hidden className="inline-block h-5 w-5 rounded bg-gradient-to-br from-amber-400 to-rose-500" />
          Tailwatch
        </div>
        <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
        <p className="mb-4 mt-1 text-sm text-slate-500 dark:text-slate-400">{subtitle}</p>
        {children}
      </div>
    </main>
  );
}
