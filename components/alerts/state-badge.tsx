import { stateLook } from "./rule-state";

/** A rule's or an alert's state as a coloured pill; firing pulses. */
export function StateBadge({ state, testId }: { state: string; testId?: string }) {
  const look = stateLook(state);
  return (
    <span
      data-testid={testId}
      data-state={state}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${look.badge}`}
    >
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${look.dot} ${state === "firing" ? "animate-pulse" : ""}`} />
      {look.label}
    </span>
  );
}
