import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "@/server/auth/first-users";
import { signedOutPageRedirect } from "@/server/auth/page-session";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  const elsewhere = await signedOutPageRedirect("sign-in");
  if (elsewhere) redirect(elsewhere);
  const { env } = await getRuntime();
  const demo = env.TAILWATCH_DEMO === "on" && !!env.TAILWATCH_DEMO_KEY;
  return (
    <AuthCard title="Sign in" subtitle="Traces hold prompts, responses and user ids: the dashboard is for members only.">
      <SignInForm />
      {demo && (
        <p className="mt-4 text-xs text-slate-500 dark:text-slate-400" data-testid="demo-login">
          Demo login: <code>{DEMO_ADMIN_EMAIL}</code> / <code>{DEMO_ADMIN_PASSWORD}</code>
        </p>
      )}
    </AuthCard>
  );
}
