import { requirePermission } from "@/auth/session";
import { disableConfirmation } from "@/domain/confirmations";
import { ROLE_LABEL, ROLES } from "@/auth/permissions";
import { db } from "@/db/client";
import { listSites } from "@/server/sites";
import { listUsers } from "@/server/users";
import { ActionForm, Field, SelectField } from "@/ui/action-form";
import { changeRoleAction, createUserAction, disableUserAction, enableUserAction, resetPasswordAction, resetSecondFactorAction, resetWitnessPinAction, setClinicalLeadAction } from "./actions";

export const metadata = { title: "Users" };

const roleOptions = ROLES.map((role) => ({ value: role, label: ROLE_LABEL[role] }));

export default async function UsersPage() {
  await requirePermission("user.manage");
  const [users, sites] = await Promise.all([listUsers(db()), listSites(db())]);
  const siteOptions = sites.map((s) => ({ value: s.id, label: s.name }));

  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Users</h1>
      <section aria-labelledby="users-heading">
        <h2 id="users-heading" className="sr-only">
          Accounts
        </h2>
        <ul className="space-y-3">
          {users.map((user) => (
            <li key={user.id} className="rounded border border-slate-300 bg-white p-4">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p>
                  <span className="font-medium">{user.name}</span> · {user.email} · {ROLE_LABEL[user.role]} · {user.site.name}
                  {user.clinicalLead ? <span className="ml-2 rounded bg-sky-100 px-2 py-0.5 text-sm">Clinical lead</span> : null}
                  {user.disabledAt ? <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-sm">Disabled</span> : null}
                  {user.mustChangePassword ? <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-sm">Must change password</span> : null}
                  {user.hasWitnessPin ? null : <span className="ml-2 rounded bg-slate-100 px-2 py-0.5 text-sm">No witness PIN</span>}
                </p>
              </div>
              <details className="mt-2">
                <summary className="min-h-11 cursor-pointer py-2 text-brand">Manage {user.name}</summary>
                <div className="mt-3 grid gap-6 md:grid-cols-3">
                  <ActionForm action={changeRoleAction} submitLabel="Save role" successMessage="Role saved.">
                    <input type="hidden" name="userId" value={user.id} />
                    <SelectField name="role" label="Role" options={roleOptions} defaultValue={user.role} />
                    <SelectField name="siteId" label="Site" options={siteOptions} defaultValue={user.siteId} />
                  </ActionForm>
                  {user.role === "PRESCRIBER" ? (
                    <ActionForm action={setClinicalLeadAction} submitLabel="Save clinical lead" successMessage="Clinical lead saved.">
                      <input type="hidden" name="userId" value={user.id} />
                      <SelectField
                        name="clinicalLead"
                        label="Clinical lead"
                        hint="Only a clinical lead changes clinical settings: dose limits, assessment, spacing, observation, missed doses."
                        options={[
                          { value: "true", label: "Yes" },
                          { value: "false", label: "No" },
                        ]}
                        defaultValue={String(user.clinicalLead)}
                      />
                    </ActionForm>
                  ) : null}
                  <ActionForm action={resetPasswordAction} submitLabel="Reset password" successMessage="Temporary password set; they must change it at next sign-in." resetOnSuccess>
                    <input type="hidden" name="userId" value={user.id} />
                    <Field name="temporaryPassword" label="Temporary password" type="password" autoComplete="new-password" />
                  </ActionForm>
                  {user.totpEnabledAt ? (
                    <ActionForm action={resetSecondFactorAction} submitLabel="Reset two-step sign-in" successMessage="Two-step sign-in reset; they set it up again at next sign-in.">
                      <input type="hidden" name="userId" value={user.id} />
                      <p className="text-sm">For a lost phone: clears their authenticator app and recovery codes and signs them out.</p>
                    </ActionForm>
                  ) : null}
                  {user.hasWitnessPin ? (
                    <ActionForm action={resetWitnessPinAction} submitLabel="Reset witness PIN" successMessage="Witness PIN cleared; they set a new one under My account.">
                      <input type="hidden" name="userId" value={user.id} />
                      <p className="text-sm">Clears {user.name}&apos;s PIN, say when it may be known to someone else. They cannot witness until they set a new one themselves.</p>
                    </ActionForm>
                  ) : null}
                  {user.disabledAt ? (
                    <ActionForm action={enableUserAction} submitLabel={`Enable ${user.name}`} successMessage="Account enabled.">
                      <input type="hidden" name="userId" value={user.id} />
                    </ActionForm>
                  ) : (
                    <ActionForm action={disableUserAction} submitLabel={`Disable ${user.name}`} successMessage="Account disabled." confirm={disableConfirmation(user.name)}>
                      <input type="hidden" name="userId" value={user.id} />
                    </ActionForm>
                  )}
                </div>
              </details>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="new-user" className="max-w-xl rounded border border-slate-300 bg-white p-4">
        <h2 id="new-user" className="mb-3 text-xl font-semibold">
          Add a user
        </h2>
        <ActionForm action={createUserAction} submitLabel="Create user" successMessage="User created. They must change the temporary password at first sign-in, and set their own witness PIN under My account." resetOnSuccess>
          <Field name="name" label="Full name" autoComplete="off" />
          <Field name="email" label="Email" type="email" autoComplete="off" />
          <SelectField name="role" label="Role" options={roleOptions} />
          <SelectField name="siteId" label="Site" options={siteOptions} defaultValue={sites[0]?.id} />
          <Field name="temporaryPassword" label="Temporary password" type="password" hint="At least 12 characters and hard to guess: three or four unrelated words." autoComplete="new-password" />
        </ActionForm>
      </section>
    </div>
  );
}
