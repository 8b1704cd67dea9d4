"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { parseDraft, type DataSettingsDraft } from "./data-settings-draft";
import { errorClass, fieldClass, labelClass, secondaryButtonClass } from "./field-styles";

const SAMPLE = "Hi, I'm jane@example.com, card 4111 1111 1111 1111, key sk-proj-Zx9vQ2mN4bL7kT1rW8yH3cF6";

/** Runs the draft (unsaved) settings over a sample text on the server, exactly as ingest would. */
export function RedactionPreview({ draft }: { draft: DataSettingsDraft }) {
  const trpc = useTRPC();
  const [text, setText] = useState(SAMPLE);
  const [error, setError] = useState<string | null>(null);
  const preview = useMutation(trpc.settings.data.preview.mutationOptions({ onSuccess: () => setError(null), onError: (e) => setError(e.message) }));
  const run = () => {
    const parsed = parseDraft(draft);
    if (!parsed.ok) return setError(parsed.error);
    preview.mutate({ settings: parsed.settings, text });
  };
  const out = preview.data;
  return (
    <div className="flex flex-col gap-2" aria-label="Redaction preview" role="group">
      <label className={labelClass}>
        Test this text
        <textarea className={`${fieldClass} h-20 font-mono`} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div>
        <button type="button" className={secondaryButtonClass} disabled={preview.isPending} onClick={run}>
          {preview.isPending ? "Redacting…" : "Preview redaction"}
        </button>
      </div>
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      {out && !error && (
        <pre data-testid="redaction-preview-output" className="whitespace-pre-wrap break-all rounded-md bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950">
          {out.text ?? "(text dropped: nothing is stored)"}
        </pre>
      )}
    </div>
  );
}
