"use client";
import { useState } from "react";
import { PROJECT_COOKIE } from "@/server/auth/project-cookie";

export interface SidebarAccount {
  email: string;
  role: string | null;
  project: string | null;
  projects: Array<{ slug: string; name: string; organization: string }>;
}

function switchProject(slug: string) {
  document.cookie = `${PROJECT_COOKIE}=${encodeURIComponent(slug)}; path=/; samesite=lax; max-age=31536000`;
  window.location.assign("/");
}

/** Bottom of the sidebar: the project switcher, who is signed in with which role, and sign-out. */
export function AccountMenu({ account }: { account: SidebarAccount }) {
  const [signingOut, setSigningOut] = useState(false);
  async function signOut() {
    setSigningOut(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => null);
    window.location.assign("/sign-in");
  }
  return (
    <div className="mt-auto flex flex-col gap-2 border-t border-slate-800 px-2 pt-3 text-xs" data-testid="account-menu">
      {account.projects.length > 1 && (
        <label className="flex flex-col gap-1 text-slate-400">
          Project
          <select
            aria-label="Project"
            value={account.project ?? ""}
            onChange={(e) => switchProject(e.target.value)}
            className="rounded border border-slate-700 bg-slate-900 px-1.5 py-1 text-slate-200"
          >
            {account.projects.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.organization} / {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="min-w-0">
        <div className="truncate text-slate-200" title={account.email} data-testid="signed-in-user">
          {account.email}
        </div>
        {account.role && <div className="text-slate-500">{account.role}</div>}
      </div>
      <button type="button" onClick={signOut} disabled={signingOut} className="self-start rounded px-1.5 py-1 text-slate-300 hover:bg-slate-800 hover:text-white">
        {signingOut ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );
}
