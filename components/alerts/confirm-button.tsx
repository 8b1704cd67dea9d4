"use client";
import { useState } from "react";
import { dangerButtonClass, secondaryButtonClass } from "@/components/settings/field-styles";

/** A destructive action in two steps: "Delete…" then "Delete permanently" or "Cancel". */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  onConfirm,
  pending,
  small,
}: {
  label: string;
  confirmLabel: string;
  question?: string;
  onConfirm: () => void;
  pending?: boolean;
  small?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        onClick={() => setAsking(true)}
        className={small ? "text-xs font-medium text-rose-600 hover:underline dark:text-rose-400" : secondaryButtonClass}
      >
        {label}
      </button>
    );
  }
  return (
    <span role="group" aria-label={question ?? confirmLabel} className="inline-flex items-center gap-2">
      {question && <span className="text-xs text-slate-600 dark:text-slate-300">{question}</span>}
      <button type="button" disabled={pending} onClick={onConfirm} className={small ? "text-xs font-semibold text-rose-600 hover:underline dark:text-rose-400" : dangerButtonClass}>
        {pending ? "Working…" : confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)} className={small ? "text-xs text-slate-500 hover:underline" : secondaryButtonClass}>
        Cancel
      </button>
    </span>
  );
}
