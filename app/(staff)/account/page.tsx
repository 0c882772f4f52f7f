import { pendingForThisSession, requirePermission } from "@/auth/session";
import Link from "next/link";
import { ROLE_LABEL } from "@/auth/permissions";
import { db } from "@/db/client";
import { formatClinicDateTime } from "@/domain/format";
import { newEnrolment, secondFactorStatus } from "@/server/second-factor";
import { hasOwnWitnessPin } from "@/server/users";
import { ActionForm, Field } from "@/ui/action-form";
import { changeOwnPasswordAction, confirmSecondFactorAction } from "./actions";
import { SecondFactorSetup } from "./second-factor-setup";

export const metadata = { title: "My account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ reset?: string; setup?: string }> }) {
  const actor = await requirePermission("account.self");
  const pending = await pendingForThisSession();
  const { reset } = await searchParams;
  const secondFactor = await secondFactorStatus(db(), actor.userId);
  const enrolment = secondFactor.enabledAt || pending === "password" ? null : await newEnrolment(secondFactor.email);
  const hasPin = await hasOwnWitnessPin(db(), actor);
  return (
    <div className="max-w-lg space-y-6">
      <h1 className="text-2xl font-semibold">My account</h1>
      <p>
        {actor.name} · {ROLE_LABEL[actor.role]}
      </p>
      {reset || pending === "password" ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3">
          Your password was reset by an administrator. Choose a new one to continue.
        </p>
      ) : null}
      {pending === "secondFactor" ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3">
          Your role signs in in two steps: your password, then a code from an app on your phone. Set it up below to continue.
        </p>
      ) : null}
      <section aria-labelledby="change-password" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="change-password" className="mb-3 text-xl font-semibold">
          Change password
        </h2>
        <ActionForm action={changeOwnPasswordAction} submitLabel="Change password" successMessage="Password changed." resetOnSuccess>
          <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" />
          <Field
            name="newPassword"
            label="New password"
            type="password"
            hint="At least 12 characters and hard to guess: three or four unrelated words work well. You then sign in again."
            autoComplete="new-password"
          />
          <Field name="confirmPassword" label="Repeat new password" type="password" autoComplete="new-password" />
        </ActionForm>
      </section>
      {pending === "password" ? null : (
        <section aria-labelledby="two-step" className="rounded border border-slate-300 bg-white p-4">
          <h2 id="two-step" className="mb-3 text-xl font-semibold">
            Two-step sign-in
          </h2>
          {secondFactor.enabledAt ? (
            <p>
              On since {formatClinicDateTime(secondFactor.enabledAt)}. Recovery codes left: {secondFactor.recoveryCodesLeft}. Lost your phone or codes? An administrator can reset it.
            </p>
          ) : enrolment ? (
            <SecondFactorSetup action={confirmSecondFactorAction} secret={enrolment.secret} qrCode={enrolment.qrCode} />
          ) : null}
        </section>
      )}
      <section aria-labelledby="witness-pin" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="witness-pin" className="mb-3 text-xl font-semibold">
          Witness PIN
        </h2>
        <p className="mb-3">{hasPin ? "You have set your witness PIN." : "You have no witness PIN: set one before you witness a controlled-drug step."}</p>
        <Link href="/account/witness-pin" className="inline-flex min-h-11 items-center text-brand underline">
          {hasPin ? "Change my witness PIN" : "Set my witness PIN"}
        </Link>
      </section>
    </div>
  );
}
