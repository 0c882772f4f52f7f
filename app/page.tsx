import Link from "next/link";
import { redirect } from "next/navigation";
import { ROLE_HOME } from "@/auth/permissions";
import { sessionActor } from "@/auth/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  // Signed in with a step still to take (a new password): their home page sends them to it.
  const actor = await sessionActor();
  if (actor) redirect(ROLE_HOME[actor.role]);
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-3xl font-semibold text-brand">HAT Clinic</h1>
      <p className="mt-4">Supervised dosing, prescribing and outcomes for the heroin-assisted treatment service.</p>
      <Link href="/login" className="mt-6 inline-flex items-center rounded bg-brand px-5 py-3 font-medium text-white">
        Sign in
      </Link>
    </main>
  );
}
