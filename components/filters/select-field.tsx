"use client";

/** A small labelled select; `""` is the "all" choice. */
export function SelectField({
  label,
  value,
  options,
  allLabel,
  onChange,
  disabled,
  width = "max-w-36",
}: {
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  /** the label of the empty choice; none when every choice is a real value */
  allLabel?: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  /** a fixed width keeps a row of selects from jumping when their options arrive */
  width?: string;
}) {
  const active = value !== "" && allLabel !== undefined;
  return (
    <label className="flex items-center gap-1.5 text-xs">
      <span className="text-slate-500 dark:text-slate-400">{label}</span>
      <select
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        className={`h-7 ${width} truncate rounded-md border bg-white py-0 pl-2 pr-7 text-xs font-medium shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-sky-500/60 dark:bg-slate-900 ${
          active
            ? "border-sky-400 text-sky-800 dark:border-sky-600 dark:text-sky-200"
            : "border-slate-300 text-slate-700 dark:border-slate-700 dark:text-slate-200"
        }`}
      >
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
