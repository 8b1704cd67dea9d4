import { labelClass } from "@/components/settings/field-styles";

/** A labelled control with its hint and, when there is one, its error right under it. */
export function FormField({
  label,
  hint,
  error,
  className = "",
  children,
}: {
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label className={labelClass}>
        {label}
        {children}
      </label>
      {hint && !error && <p className="text-[11px] leading-snug text-slate-500 dark:text-slate-400">{hint}</p>}
      {error && (
        <p role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      )}
    </div>
  );
}

/** Field look with a red border when the field has an error. */
export function fieldClassOf(error: string | undefined, base: string): string {
  return error ? base.replace("border-slate-300", "border-rose-400").replace("dark:border-slate-700", "dark:border-rose-600") : base;
}
