import { requirePermission } from "@/auth/session";
import { ROLE_LABEL } from "@/auth/permissions";
import { ActionForm, Field } from "@/ui/action-form";
import { changeOwnPasswordAction } from "./actions";

export const metadata = { title: "My account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ reset?: string }> }) {
  const actor = await requirePermission("account.self");
  const { reset } = await searchParams;
  return (
    <div className="max-w-lg space-y-6">
      <h1 className="text-2xl font-semibold">My account</h1>
      <p>
        {actor.name} · {ROLE_LABEL[actor.role]}
      </p>
      {reset ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3">
          Your password was reset by an administrator. Choose a new one to continue.
        </p>
      ) : null}
      <section aria-labelledby="change-password" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="change-password" className="mb-3 text-xl font-semibold">
          Change password
        </h2>
        <ActionForm action={changeOwnPasswordAction} submitLabel="Change password" successMessage="Password changed." resetOnSuccess>
          <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" />
          <Field name="newPassword" label="New password" type="password" hint="At least 12 characters." autoComplete="new-password" />
          <Field name="confirmPassword" label="Repeat new password" type="password" autoComplete="new-password" />
        </ActionForm>
      </section>
    </div>
  );
}
