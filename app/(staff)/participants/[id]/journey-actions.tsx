import type { ParticipantStatus } from "@/domain/participant-status";
import { AGENCY_LABEL, BREAK_REASON_LABEL, EXIT_REASON_LABEL, options } from "@/domain/labels";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { PhotoField } from "@/ui/photo-field";
import {
  assessParticipantAction,
  endBreakAction,
  enrolParticipantAction,
  exitParticipantAction,
  reReferParticipantAction,
  startBreakAction,
} from "../actions";

const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="rounded border border-slate-300 bg-white p-4">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** The next steps a prescriber can take from where this person is in the journey. */
export function JourneyActions({ participantId, status, referralId, today }: { participantId: string; status: ParticipantStatus; referralId: string | null; today: string }) {
  const hidden = <input type="hidden" name="participantId" value={participantId} />;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {status === "REFERRED" && referralId ? (
        <Panel title="Assessment">
          <ActionForm action={assessParticipantAction} submitLabel="Record assessment">
            <input type="hidden" name="referralId" value={referralId} />
            <Field name="assessedOn" label="Assessment date" type="date" defaultValue={today} />
            <Field name="yearsDependent" label="Years of heroin dependency" type="number" inputMode="numeric" min={0} />
            <Field name="failedTreatments" label="Earlier treatments that failed" type="number" inputMode="numeric" min={0} />
            <TextAreaField name="failedTreatmentNotes" label="Which treatments, and why they failed" />
            <Field name="injectingDaysLast90" label="Days injecting in the last 90" type="number" inputMode="numeric" min={0} max={90} />
            <Field name="monthsInOralTreatment" label="Months in oral treatment (optional)" type="number" inputMode="numeric" min={0} />
            <SelectField
              name="outcome"
              label="Outcome"
              options={[
                { value: "ACCEPTED", label: "Accept onto the waiting list" },
                { value: "DECLINED", label: "Decline" },
              ]}
            />
            <TextAreaField name="declineReason" label="Reason for declining (if declined)" />
            <TextAreaField name="overrideReason" label="Clinical reason to accept outside the criteria (if needed)" />
          </ActionForm>
        </Panel>
      ) : null}

      {status === "WAITING" ? (
        <Panel title="Enrolment">
          <p className="mb-3 text-sm">Enrolment starts an episode of treatment. The first dose needs a prescription.</p>
          <ActionForm action={enrolParticipantAction} submitLabel="Enrol">
            {hidden}
            <Field name="enrolledOn" label="Enrolment date" type="date" defaultValue={today} />
            <PhotoField name="photo" label="Photo for the identity check (optional)" />
          </ActionForm>
        </Panel>
      ) : null}

      {status === "ACTIVE" ? (
        <Panel title="Temporary break">
          <ActionForm action={startBreakAction} submitLabel="Start break">
            {hidden}
            <SelectField name="reason" label="Reason for the break" options={options(BREAK_REASON_LABEL)} />
            <Field name="startedOn" label="Break starts" type="date" defaultValue={today} />
            <Field name="expectedReturnOn" label="Expected return (optional)" type="date" />
            <TextAreaField name="notes" label="Notes (optional)" />
          </ActionForm>
        </Panel>
      ) : null}

      {status === "ON_BREAK" ? (
        <Panel title="Return from break">
          <ActionForm action={endBreakAction} submitLabel="Record return">
            {hidden}
            <Field name="endedOn" label="Returned on" type="date" defaultValue={today} />
          </ActionForm>
        </Panel>
      ) : null}

      {status === "ACTIVE" || status === "ON_BREAK" ? (
        <Panel title="Exit">
          <ActionForm action={exitParticipantAction} submitLabel="Record exit">
            {hidden}
            <Field name="exitedOn" label="Exit date" type="date" defaultValue={today} />
            <SelectField name="reason" label="Exit reason" options={options(EXIT_REASON_LABEL)} />
            <SelectField name="planned" label="Planned exit?" options={YES_NO} />
            <Field name="destination" label="Destination (optional)" hint="For example: oral methadone with the community drug service." />
            <TextAreaField name="notes" label="Notes (optional)" />
          </ActionForm>
        </Panel>
      ) : null}

      {status === "EXITED" || status === "DECLINED" ? (
        <Panel title="Refer again">
          <ActionForm action={reReferParticipantAction} submitLabel="Record new referral">
            {hidden}
            <Field name="referredOn" label="Referral date" type="date" defaultValue={today} />
            <SelectField name="agency" label="Referring agency" options={options(AGENCY_LABEL)} />
            <TextAreaField name="reason" label="Reason for referral" />
          </ActionForm>
        </Panel>
      ) : null}
    </div>
  );
}
