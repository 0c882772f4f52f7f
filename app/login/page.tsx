import { redirect } from "next/navigation";
import { sessionActor } from "@/auth/session";
import { returnAddress } from "@/auth/callback-url";
import { ROLE_HOME } from "@/auth/permissions";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const ENDED: Record<string, string> = {
  idle: "You were signed out after a period without activity. Sign in again.",
  expired: "Your session reached its time limit. Sign in again.",
  password: "Your password was changed. Sign in with the new one.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  // Signed in already (even with a step pending, which the home page leads to): no second sign-in.
  const actor = await sessionActor();
  if (actor) redirect(ROLE_HOME[actor.role]);
  const params = await searchParams;
  const callbackUrl = returnAddress(params.callbackUrl);
  return (
    <main className="mx-auto max-w-md p-6 sm:p-10">
      <h1 className="text-3xl font-semibold text-brand">HAT Clinic</h1>
      <h2 className="mt-6 text-xl font-medium">Sign in</h2>
      {params.ended && ENDED[params.ended] ? (
        <p role="status" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3">
          {ENDED[params.ended]}
        </p>
      ) : null}
      <LoginForm callbackUrl={callbackUrl} />
    </main>
  );
}
