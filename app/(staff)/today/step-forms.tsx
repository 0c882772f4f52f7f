import type { SessionKey } from "@/domain/clinic-time";
import { formatMg, formatTime } from "@/domain/format";
import { ADVERSE_EVENT_LABEL, DOSE_ROUTE_LABEL, options } from "@/domain/labels";
import type { BoardRow, SessionBoard } from "@/server/today-board";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import {
  administerDoseAction,
  authoriseLateDoseAction,
  checkInAction,
  declineDoseAction,
  drawDoseAction,
  recordAdverseEventAction,
  recordPreDoseAssessmentAction,
  signOffAction,
  withholdDoseAction,
} from "./actions";

/** The one form for the participant's next step. The server decided which step that is. */
export function NextStepForm({ row, session, window }: { row: BoardRow; session: SessionKey; window: SessionBoard["window"] }) {
  const sessionId = row.doseSessionId ? <input type="hidden" name="doseSessionId" value={row.doseSessionId} /> : null;
  switch (row.next) {
    case "CHECK_IN":
      return (
        <ActionForm action={checkInAction} submitLabel="Check in" successMessage="Saved: checked in">
          <input type="hidden" name="participantId" value={row.participantId} />
          <input type="hidden" name="sessionDate" value={session.date} />
          <input type="hidden" name="slot" value={session.slot} />
          <p className="text-sm text-slate-700">Check the participant&apos;s identity before checking them in.</p>
        </ActionForm>
      );
    case "ASSESS":
      return (
        <ActionForm action={recordPreDoseAssessmentAction} submitLabel="Record assessment" successMessage="Saved: assessment recorded">
          {sessionId}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field name="sedationScore" label="Sedation score (0 alert – 4 unrousable)" type="number" inputMode="numeric" min={0} max={4} />
            <Field name="breathAlcohol" label="Breath alcohol (mg/L)" type="number" inputMode="decimal" min={0} step="any" />
            <Field name="withdrawalScore" label="Withdrawal score (0–10)" type="number" inputMode="numeric" min={0} max={10} />
            <Field name="spo2" label="SpO₂ (%), if measured" type="number" inputMode="numeric" min={50} max={100} />
          </div>
        </ActionForm>
      );
    case "WITHHOLD": {
      const reasons = [...row.holds.filter((h) => h.kind === "HARD").map((h) => `Hard hold: ${h.reason}`), ...row.concerns];
      return (
        <div className="space-y-3">
          <div role="note" className="rounded border border-red-300 bg-red-50 p-3 text-danger">
            <p className="font-semibold">Do not dose.</p>
            <ul className="list-disc pl-5">
              {reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          </div>
          <WithholdForm row={row} defaultReason={reasons.join(" ")} />
        </div>
      );
    }
    case "AWAIT_WINDOW":
      return <p className="rounded bg-slate-100 p-3">The session opens at {formatTime(window.opensAt)}: draw the dose then.</p>;
    case "AWAIT_LATE_AUTHORISATION":
      return (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-warn">
          The session closed at {formatTime(window.closesAt)}: a late dose needs a prescriber&apos;s authorisation on this screen.
        </p>
      );
    case "DRAW":
      return (
        <ActionForm action={drawDoseAction} submitLabel="Record dose drawn" successMessage="Saved: dose drawn">
          {sessionId}
          <Field name="doseMg" label="Dose drawn (mg)" hint={`Prescribed for this session: ${formatMg(row.prescribedMg)}`} type="number" inputMode="numeric" min={1} max={row.prescribedMg} defaultValue={row.prescribedMg} />
          <TextAreaField name="partialReason" label="Reason for a partial dose" hint="Only when drawing less than prescribed." />
          {row.holds.some((h) => h.kind === "SOFT") ? (
            <TextAreaField name="softHoldReason" label="Why it is safe to dose despite the soft hold" hint={row.holds.map((h) => h.reason).join(" ")} />
          ) : null}
          <fieldset className="space-y-3 rounded border border-slate-300 p-3">
            <legend className="px-1 font-medium">Witness (a second nurse or prescriber)</legend>
            <Field name="witnessEmail" label="Witness's email" type="email" inputMode="email" autoComplete="off" />
            <Field name="witnessPin" label="Witness's PIN" type="password" inputMode="numeric" autoComplete="off" />
          </fieldset>
        </ActionForm>
      );
    case "ADMINISTER":
      return (
        <ActionForm action={administerDoseAction} submitLabel="Record dose given" successMessage="Saved: dose given">
          {sessionId}
          <SelectField name="route" label="Route" options={options(DOSE_ROUTE_LABEL)} defaultValue="IV" />
          <Field name="injectionSite" label="Injection site" hint="Not needed for an oral dose." />
        </ActionForm>
      );
    case "SIGN_OFF":
      return (
        <ActionForm action={signOffAction} submitLabel="Sign off" successMessage="Saved: signed off">
          {sessionId}
          <TextAreaField name="earlyReason" label="Reason for signing off early" hint="Only before observation ends, for example: left against advice." />
        </ActionForm>
      );
    case null:
      return null;
  }
}

function WithholdForm({ row, defaultReason }: { row: BoardRow; defaultReason?: string }) {
  return (
    <ActionForm action={withholdDoseAction} submitLabel="Withhold dose" successMessage="Saved: dose withheld">
      <input type="hidden" name="doseSessionId" value={row.doseSessionId ?? ""} />
      <TextAreaField name="reason" label="Reason for withholding" defaultValue={defaultReason} />
    </ActionForm>
  );
}

const DISCLOSURE = "cursor-pointer rounded px-2 py-2 font-medium text-brand min-h-11 flex items-center";

/** Steps off the usual path: withholding or a declined dose, an adverse event, a late-dose authorisation. */
export function OtherSteps({ row, canAuthoriseLateDose }: { row: BoardRow; canAuthoriseLateDose: boolean }) {
  if (!row.doseSessionId) return null;
  const sessionId = <input type="hidden" name="doseSessionId" value={row.doseSessionId} />;
  const canWithhold = row.status === "CHECKED_IN" || row.status === "DRAWN" || (row.status === "ASSESSED" && row.next !== "WITHHOLD");
  const canDecline = row.status === "CHECKED_IN" || row.status === "ASSESSED";
  return (
    <div className="space-y-2 border-t border-slate-200 pt-2">
      {canAuthoriseLateDose && row.next === "AWAIT_LATE_AUTHORISATION" ? (
        <ActionForm action={authoriseLateDoseAction} submitLabel="Authorise late dose" successMessage="Saved: late dose authorised">
          {sessionId}
          <TextAreaField name="reason" label="Reason for the late dose" />
        </ActionForm>
      ) : null}
      {canWithhold || canDecline ? (
        <details>
          <summary className={DISCLOSURE}>{canWithhold && canDecline ? "Not dosing: withhold, or the participant declined" : canWithhold ? "Not dosing: withhold" : "The participant declined"}</summary>
          <div className="space-y-4 pt-2">
            {canWithhold ? <WithholdForm row={row} /> : null}
            {canDecline ? (
              <ActionForm action={declineDoseAction} submitLabel="Record declined" successMessage="Saved: recorded as declined">
                {sessionId}
                <TextAreaField name="reason" label="What the participant said (optional)" />
              </ActionForm>
            ) : null}
          </div>
        </details>
      ) : null}
      <details>
        <summary className={DISCLOSURE}>Record an adverse event</summary>
        <div className="pt-2">
          {/* Cleared once saved, with a new submission key: the same entry sent twice is one record. */}
          <ActionForm action={recordAdverseEventAction} submitLabel="Record adverse event" successMessage="Saved: adverse event recorded" submissionKey resetOnSuccess>
            {sessionId}
            <SelectField name="kind" label="What happened" options={options(ADVERSE_EVENT_LABEL)} />
            <Field name="naloxoneMg" label="Naloxone given (mg), if any" type="number" inputMode="decimal" min={0} step="any" />
            <TextAreaField name="description" label="What happened and what was done" />
          </ActionForm>
        </div>
      </details>
    </div>
  );
}
