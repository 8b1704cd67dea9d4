"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { createKeyInput } from "@/server/auth/schema";
import { errorClass, fieldClass, labelClass, primaryButtonClass, secondaryButtonClass } from "./field-styles";

/** Creates a key; its secret is shown here once and never again (only a hash is stored). */
export function ApiKeyForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"ingest" | "read">("ingest");
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const create = useMutation(
    trpc.access.keys.create.mutationOptions({
      onSuccess: (key) => {
        setCreated({ name: key.name, secret: key.secret });
        setName("");
        setError(null);
        return queryClient.invalidateQueries({ queryKey: trpc.access.keys.list.queryKey() });
      },
      onError: (e) => setError(e.message),
    }),
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = createKeyInput.safeParse({ name, scope });
    if (!parsed.success) return setError(parsed.error.issues[0]!.message);
    create.mutate(parsed.data);
  };
  if (created) {
    return (
      <div className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/40" role="status">
        <p>
          The secret of <strong>{created.name}</strong>. Copy it now: it is shown only this once.
        </p>
        <code data-testid="new-key-secret" className="select-all break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-slate-950">
          {created.secret}
        </code>
        <div className="flex gap-2">
          <button type="button" className={secondaryButtonClass} onClick={() => navigator.clipboard?.writeText(created.secret)}>
            Copy
          </button>
          <button type="button" className={primaryButtonClass} onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create API key">
      <label className={`${labelClass} min-w-60 flex-1`}>
        Name
        <input className={fieldClass} value={name} onChange={(e) => setName(e.target.value)} placeholder="support-bot production" />
      </label>
      <label className={labelClass}>
        Scope
        <select className={fieldClass} value={scope} onChange={(e) => setScope(e.target.value as "ingest" | "read")}>
          <option value="ingest">ingest only</option>
          <option value="read">read (ingest and query)</option>
        </select>
      </label>
      <button type="submit" disabled={create.isPending} className={primaryButtonClass}>
        {create.isPending ? "Creating…" : "Create key"}
      </button>
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
    </form>
  );
}
