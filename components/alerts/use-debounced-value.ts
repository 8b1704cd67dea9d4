"use client";
import { useEffect, useState } from "react";

/** `value` once it has stopped changing for `delayMs` (compared by its JSON, so a rebuilt equal object is no change). */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(JSON.parse(key) as T), delayMs);
    return () => clearTimeout(id);
  }, [key, delayMs]);
  return settled;
}
