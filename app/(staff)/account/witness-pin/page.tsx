import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { WITNESS_PIN_HINT } from "@/domain/witness-pin";
import { hasOwnWitnessPin } from "@/server/users";
import { ActionForm, Field } from "@/ui/action-form";
import { setOwnWitnessPinAction } from "../actions";

export const metadata = { title: "My witness PIN" };

export default async function WitnessPinPage() {
  const actor = await requirePermission("account.self");
  const hasPin = await hasOwnWitnessPin(db(), actor);
  return (
    <div className="max-w-lg space-y-6">
      <h1 className="text-2xl font-semibold">My witness PIN</h1>
      <p>
        You type this PIN with your email when you witness a controlled-drug step: a dose drawn, a receipt, a destruction or a stock check.
        Only you know it. Five wrong PINs in 15 minutes lock it for 15 minutes.
      </p>
      {hasPin ? null : (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3">
          You have no witness PIN: set one before you witness. An administrator can clear a PIN but never sets one.
        </p>
      )}
      <section aria-labelledby="set-pin" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="set-pin" className="mb-3 text-xl font-semibold">
          {hasPin ? "Change witness PIN" : "Set witness PIN"}
        </h2>
        <ActionForm action={setOwnWitnessPinAction} submitLabel={hasPin ? "Change PIN" : "Set PIN"} successMessage="Witness PIN saved." resetOnSuccess>
          <Field name="currentPassword" label="Your password" type="password" autoComplete="current-password" />
          <Field name="newPin" label="New PIN" type="password" inputMode="numeric" hint={WITNESS_PIN_HINT} autoComplete="off" />
          <Field name="confirmPin" label="Repeat new PIN" type="password" inputMode="numeric" autoComplete="off" />
        </ActionForm>
      </section>
    </div>
  );
}
