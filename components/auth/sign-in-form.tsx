"use client";
import { useState } from "react";
import { errorClass, fieldClass, labelClass, primaryButtonClass } from "@/components/settings/field-styles";
import { postJson } from "./post-json";

export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await postJson("/api/auth/sign-in/email", { email: form.get("email"), password: form.get("password") });
    if (result.ok) {
      window.location.assign("/");
      return;
    }
    setPending(false);
    setError(/invalid email or password/i.test(result.message) ? "Wrong e-mail or password." : result.message);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" aria-label="Sign in">
      <label className={labelClass}>
        E-mail
        <input name="email" type="email" autoComplete="username" required className={fieldClass} />
      </label>
      <label className={labelClass}>
        Password
        <input name="password" type="password" autoComplete="current-password" required className={fieldClass} />
      </label>
      {error && (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
