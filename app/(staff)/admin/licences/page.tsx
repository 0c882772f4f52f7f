import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { addLocalDays, clinicDate } from "@/domain/clinic-time";
import { formatClinicDateTime, formatLocalDate } from "@/domain/format";
import { isLicenceUsable, licenceStatusLabel, type LicenceStatus } from "@/domain/licences";
import { prescriberLicences } from "@/server/licences";
import { listSites } from "@/server/sites";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { DateField } from "@/ui/date-field";
import { recordLicenceAction, revokeLicenceAction } from "./actions";

export const metadata = { title: "Prescriber licences" };

const TONE: Record<LicenceStatus["kind"], string> = {
  valid: "bg-emerald-100 text-emerald-900",
  expiring: "bg-amber-100 text-amber-900",
  expired: "bg-red-100 text-red-900",
  notStarted: "bg-red-100 text-red-900",
  revoked: "bg-red-100 text-red-900",
  none: "bg-red-100 text-red-900",
};

const RECORD_STATE = { inForce: "In force", expired: "Expired", notStarted: "Not yet valid", revoked: "Revoked" } as const;

/** The second person's email and PIN: another administrator or a prescriber, never the licence holder. */
function SecondPersonFields() {
  return (
    <fieldset className="space-y-3 rounded border border-slate-200 p-3">
      <legend className="px-1 font-medium">Confirmed by a colleague (administrator or prescriber, not the licence holder)</legend>
      <Field name="witnessEmail" label="Colleague's email" type="email" autoComplete="off" />
      <Field name="witnessPin" label="Colleague's PIN" type="password" inputMode="numeric" autoComplete="off" />
    </fieldset>
  );
}

export default async function LicencesPage() {
  await requirePermission("user.manage");
  const [prescribers, sites] = await Promise.all([prescriberLicences(db()), listSites(db())]);
  const siteOptions = sites.map((s) => ({ value: s.id, label: s.name }));
  const today = clinicDate(new Date());

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Prescriber licences</h1>
        <p className="max-w-3xl">
          Prescribing diamorphine for addiction needs a Home Office licence naming the premises (Misuse of Drugs (Supply to Addicts) Regulations 1997). Without a
          licence in force for their clinic, a prescriber cannot prescribe, clear a hold or authorise a late dose. A second member of staff confirms every record
          and revocation. Records are never changed: a renewal is a new record, a mistake is revoked.
        </p>
      </header>
      {prescribers.length === 0 ? <p>No prescribers yet.</p> : null}
      <ul className="space-y-3">
        {prescribers.map((p) => (
          <li key={p.id} className="rounded border border-slate-300 bg-white p-4">
            <p>
              <span className="font-medium">{p.name}</span> · {p.email} · {p.siteName}
              {p.disabled ? <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-sm">Disabled</span> : null}
              <span className={`ml-2 inline-block rounded px-2 py-0.5 text-sm font-medium ${TONE[p.status.kind]}`}>{licenceStatusLabel(p.status)}</span>
            </p>
            {p.licences.length > 0 ? (
              <table className="mt-3 w-full text-left text-sm">
                <caption className="sr-only">Licence records for {p.name}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="py-1 pr-3">
                      Premises
                    </th>
                    <th scope="col" className="py-1 pr-3">
                      Number
                    </th>
                    <th scope="col" className="py-1 pr-3">
                      Valid from
                    </th>
                    <th scope="col" className="py-1 pr-3">
                      Expires
                    </th>
                    <th scope="col" className="py-1">
                      Status
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.licences.map((l) => (
                    <tr key={l.id} className="border-t border-slate-200">
                      <td className="py-1 pr-3">{l.siteName}</td>
                      <td className="py-1 pr-3">{l.number}</td>
                      <td className="py-1 pr-3">{formatLocalDate(l.validFrom)}</td>
                      <td className="py-1 pr-3">{formatLocalDate(l.expiresOn)}</td>
                      <td className="py-1">
                        {l.revoked ? `Revoked ${formatClinicDateTime(l.revoked.at)}: ${l.revoked.reason}` : RECORD_STATE[l.state]}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <details className="mt-2">
              <summary className="min-h-11 cursor-pointer py-2 text-brand">Record or revoke a licence for {p.name}</summary>
              <div className="mt-3 grid gap-6 md:grid-cols-2">
                <ActionForm action={recordLicenceAction} submitLabel="Record licence" successMessage="Licence recorded." resetOnSuccess>
                  <input type="hidden" name="prescriberId" value={p.id} />
                  <Field name="number" label="Home Office licence number" autoComplete="off" />
                  <SelectField name="siteId" label="Premises named on the licence" options={siteOptions} defaultValue={p.siteId} hint="One record per premises: record it again for each." />
                  <DateField name="validFrom" label="Valid from" defaultValue={today} />
                  <DateField name="expiresOn" label="Expiry date" hint="The last day the licence is valid." defaultValue={addLocalDays(today, 365)} />
                  <SecondPersonFields />
                </ActionForm>
                {p.licences
                  .filter((l) => !l.revoked)
                  .map((l) => (
                    <ActionForm key={l.id} action={revokeLicenceAction} submitLabel={`Revoke ${l.number} at ${l.siteName}`} successMessage="Licence revoked." resetOnSuccess>
                      <input type="hidden" name="licenceId" value={l.id} />
                      <TextAreaField name="reason" label={`Reason for revoking ${l.number} at ${l.siteName}`} />
                      <SecondPersonFields />
                    </ActionForm>
                  ))}
              </div>
            </details>
            {!isLicenceUsable(p.status) && !p.disabled ? <p className="mt-1 text-sm text-red-900">{p.name} cannot prescribe at {p.siteName} until a licence is recorded.</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
