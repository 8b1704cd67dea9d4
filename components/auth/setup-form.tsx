"use client";
import { useState } from "react";
import { errorClass, fieldClass, labelClass, primaryButtonClass } from "@/components/settings/field-styles";
import { postJson } from "./post-json";

/** First run: the admin account (no default password exists). */
export function SetupForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (form.get("password") !== form.get("confirm")) {
      setError("The passwords differ.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await postJson("/api/setup", { name: form.get("name") || undefined, email: form.get("email"), password: form.get("password") });
    if (result.ok) {
      window.location.assign("/");
      return;
    }
    setPending(false);
    setError(result.message);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" aria-label="Create the admin account">
      <label className={labelClass}>
        Name
        <input name="name" autoComplete="name" className={fieldClass} />
      </label>
      <label className={labelClass}>
        E-mail
        <input name="email" type="email" autoComplete="username" required className={fieldClass} />
      </label>
      <label className={labelClass}>
        Password (8 characters or more)
        <input name="password" type="password" autoComplete="new-password" minLength={8} required className={fieldClass} />
      </label>
      <label className={labelClass}>
        Password again
        <input name="confirm" type="password" autoComplete="new-password" minLength={8} required className={fieldClass} />
      </label>
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Creating…" : "Create the admin account"}
      </button>
    </form>
  );
}
