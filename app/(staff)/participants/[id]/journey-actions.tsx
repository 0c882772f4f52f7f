import type { ParticipantStatus } from "@/domain/participant-status";
import { AGENCY_LABEL, options } from "@/domain/labels";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { DateField } from "@/ui/date-field";
import { PhotoField } from "@/ui/photo-field";
import { assessParticipantAction, endBreakAction, enrolParticipantAction, reReferParticipantAction } from "../actions";
import { BreakForm, ExitForm } from "./journey-forms";

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="rounded border border-slate-300 bg-white p-4">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** A step that cannot be undone, behind a button that opens its form (which asks again before sending). */
function Closed({ title, opener, children }: { title: string; opener: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="rounded border border-slate-300 bg-white p-4">
      <details>
        <summary className="flex min-h-11 cursor-pointer items-center font-medium text-brand">{opener}</summary>
        <div className="pt-3">{children}</div>
      </details>
    </section>
  );
}

/**
 * The next steps a prescriber can take from where this person is in the journey.
 * `holdAfterDays`: days without a dose before a hard hold (the missed-dose policy), which a break's return also applies.
 */
export function JourneyActions({
  participantId,
  name,
  status,
  referralId,
  today,
  holdAfterDays,
}: {
  participantId: string;
  name: string;
  status: ParticipantStatus;
  referralId: string | null;
  today: string;
  holdAfterDays: number;
}) {
  const hidden = <input type="hidden" name="participantId" value={participantId} />;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {status === "REFERRED" && referralId ? (
        <Panel title="Assessment">
          <ActionForm action={assessParticipantAction} submitLabel="Record assessment">
            <input type="hidden" name="referralId" value={referralId} />
            <DateField name="assessedOn" label="Assessment date" defaultValue={today} />
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
            <DateField name="enrolledOn" label="Enrolment date" defaultValue={today} />
            <PhotoField name="photo" label="Photo for the identity check (optional)" />
          </ActionForm>
        </Panel>
      ) : null}

      {status === "ACTIVE" ? (
        <Closed title="Temporary break" opener="Start a break…">
          <BreakForm participantId={participantId} name={name} today={today} holdAfterDays={holdAfterDays} />
        </Closed>
      ) : null}

      {status === "ON_BREAK" ? (
        <Panel title="Return from break">
          <ActionForm action={endBreakAction} submitLabel="Record return">
            {hidden}
            <DateField name="endedOn" label="Returned on" defaultValue={today} />
          </ActionForm>
        </Panel>
      ) : null}

      {status === "ACTIVE" || status === "ON_BREAK" ? (
        <Closed title="Exit" opener="Record an exit…">
          <ExitForm participantId={participantId} name={name} />
        </Closed>
      ) : null}

      {status === "EXITED" || status === "DECLINED" ? (
        <Panel title="Refer again">
          <ActionForm action={reReferParticipantAction} submitLabel="Record new referral">
            {hidden}
            <DateField name="referredOn" label="Referral date" defaultValue={today} />
            <SelectField name="agency" label="Referring agency" options={options(AGENCY_LABEL)} />
            <TextAreaField name="reason" label="Reason for referral" />
          </ActionForm>
        </Panel>
      ) : null}
    </div>
  );
}
