"use client";
import { useSearchParams } from "next/navigation";
import { REFRESH_MS } from "./dashboard-params";

/** Auto-refresh choices (the `refresh` URL parameter); 30 s when absent. */
export const REFRESH_CHOICES = { off: false, "10s": 10_000, "30s": 30_000, "1m": 60_000 } as const;
export type RefreshChoice = keyof typeof REFRESH_CHOICES;

export function refreshChoice(value: string | null): RefreshChoice {
  return value && Object.hasOwn(REFRESH_CHOICES, value) ? (value as RefreshChoice) : "30s";
}

/** How often panels poll, from the URL: a number of ms, or false for no polling. */
export function useRefreshMs(): number | false {
  const search = useSearchParams();
  const choice = refreshChoice(search.get("refresh"));
  return choice === "30s" ? REFRESH_MS : REFRESH_CHOICES[choice];
}
