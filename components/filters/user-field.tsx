"use client";
import { useEffect, useState } from "react";

/** A free-text end-user filter (user ids are too many for a select): applied on Enter or leaving the field. */
export function UserField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => text.trim() !== value && onChange(text.trim());
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
      User
      <input
        type="search"
        aria-label="User"
        value={text}
        placeholder="user id"
        maxLength={256}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && apply()}
        onBlur={apply}
        className="w-32 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      />
    </label>
  );
}
