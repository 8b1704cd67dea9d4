"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { deleteUserDataInput, formatSettingsIssue } from "@/server/settings/schema";
import { dangerButtonClass, errorClass, fieldClass, labelClass, secondaryButtonClass } from "./field-styles";

/** A privacy request: the user id typed twice, then an explicit confirmation. */
export function DeleteUserForm() {
  const trpc = useTRPC();
  const [userId, setUserId] = useState("");
  const [confirmUserId, setConfirmUserId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const remove = useMutation(
    trpc.settings.data.deleteUser.mutationOptions({
      onSuccess: (r, input) => {
        setDone(`Deleted ${r.traces} traces and ${r.spans} spans of ${input.userId}. Charts update within a few seconds.`);
        setUserId("");
        setConfirmUserId("");
        setConfirming(false);
      },
      onError: (e) => {
        setError(e.message);
        setConfirming(false);
      },
    }),
  );
  const parsed = deleteUserDataInput.safeParse({ userId, confirmUserId });
  const ask = (e: React.FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!parsed.success) return setError(formatSettingsIssue(parsed.error.issues[0]!));
    setError(null);
    setConfirming(true);
  };
  return (
    <form onSubmit={ask} className="flex flex-wrap items-end gap-3" aria-label="Delete a user's data">
      <label className={`${labelClass} w-64`}>
        User id
        <input className={fieldClass} value={userId} onChange={(e) => (setUserId(e.target.value), setConfirming(false))} placeholder="user-42 or jane@example.com" />
      </label>
      <label className={`${labelClass} w-64`}>
        Type it again
        <input className={fieldClass} value={confirmUserId} onChange={(e) => (setConfirmUserId(e.target.value), setConfirming(false))} />
      </label>
      {!confirming ? (
        <button type="submit" className={secondaryButtonClass}>
          Delete user data…
        </button>
      ) : (
        <div className="flex items-center gap-2" role="group" aria-label="Confirm deletion">
          <span className="text-sm text-rose-700 dark:text-rose-300">All traces of {parsed.data?.userId} are deleted for good.</span>
          <button
            type="button"
            disabled={remove.isPending}
            className={dangerButtonClass}
            onClick={() => parsed.success && remove.mutate(parsed.data)}
          >
            {remove.isPending ? "Deleting…" : "Delete permanently"}
          </button>
          <button type="button" className="text-sm text-slate-600 hover:underline dark:text-slate-300" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      {done && <p className="w-full text-sm text-emerald-700 dark:text-emerald-400">{done}</p>}
    </form>
  );
}
