import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { signedOutPageRedirect } from "@/server/auth/page-session";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  const elsewhere = await signedOutPageRedirect("setup");
  if (elsewhere) redirect(elsewhere);
  return (
    <AuthCard title="Create the admin account" subtitle="First run: no user exists yet. This account administers the default organisation and its projects.">
      <SetupForm />
    </AuthCard>
  );
}
