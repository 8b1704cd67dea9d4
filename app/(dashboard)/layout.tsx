import { Suspense } from "react";
import { RoleProvider } from "@/components/auth/role-context";
import { Sidebar } from "@/components/layout/sidebar";
import { ErrorNotice } from "@/components/ui/error-notice";
import { requirePageSession } from "@/server/auth/page-session";

export const dynamic = "force-dynamic";

/** Every dashboard page needs a session: no cookie sends to /sign-in (or /setup on the first run). */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const session = await requirePageSession();
  if (session.kind === "unavailable") {
    return (
      <main className="mx-auto max-w-xl px-6 py-10">
        <ErrorNotice what="the dashboard" message="The database does not answer; this page recovers by itself when it is back. Reload in a moment." />
      </main>
    );
  }
  const { user, projects, current } = session;
  const account = {
    email: user.email,
    role: current?.role ?? null,
    project: current?.slug ?? null,
    projects: projects.map((p) => ({ slug: p.slug, name: p.name, organization: p.organizationName })),
  };
  return (
    <div className="flex min-h-screen">
      <Suspense>
        <Sidebar account={account} />
      </Suspense>
      <main className="min-w-0 flex-1 px-6 py-5">
        {current ? (
          <RoleProvider role={current.role}>{children}</RoleProvider>
        ) : (
          <ErrorNotice what="a project" message="You are not a member of any organisation yet; ask an admin to add you." />
        )}
      </main>
    </div>
  );
}
