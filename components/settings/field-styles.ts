/** Shared look of the settings forms (same as the scrape target form). */
export const fieldClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";
export const labelClass = "flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-300";
export const primaryButtonClass =
  "rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900";
export const secondaryButtonClass =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800";
export const errorClass = "w-full text-sm text-rose-600 dark:text-rose-400";
export const sectionTitleClass = "text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400";
export const dangerButtonClass =
  "rounded-md bg-rose-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-700 disabled:opacity-50 dark:bg-rose-500 dark:hover:bg-rose-400";
