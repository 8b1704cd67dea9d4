import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { signedOutPageRedirect } from "@/server/auth/page-session";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  const elsewhere = await signedOutPageRedirect("sign-in");
  if (elsewhere) redirect(elsewhere);
  return (
    <AuthCard title="Sign in" subtitle="Traces hold prompts, responses and user ids: the dashboard is for members only.">
      <SignInForm />
    </AuthCard>
  );
}
