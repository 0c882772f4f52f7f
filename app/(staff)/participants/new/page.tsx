import { requirePermission } from "@/auth/session";
import { clinicDate } from "@/domain/clinic-time";
import { AGENCY_LABEL, options } from "@/domain/labels";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { DateField } from "@/ui/date-field";
import { referParticipantAction } from "../actions";

export const metadata = { title: "Record a referral" };

export default async function NewReferralPage() {
  await requirePermission("participant.manage");
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold">Record a referral</h1>
      <ActionForm action={referParticipantAction} submitLabel="Record referral">
        <Field name="givenName" label="Given name" autoComplete="off" />
        <Field name="familyName" label="Family name" autoComplete="off" />
        <DateField name="dateOfBirth" label="Date of birth" />
        <Field name="nhsNumber" label="NHS number (optional)" inputMode="numeric" autoComplete="off" />
        <DateField name="referredOn" label="Referral date" defaultValue={clinicDate(new Date())} />
        <SelectField name="agency" label="Referring agency" options={options(AGENCY_LABEL)} />
        <TextAreaField name="reason" label="Reason for referral" />
      </ActionForm>
    </div>
  );
}
