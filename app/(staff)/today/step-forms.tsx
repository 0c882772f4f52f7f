import { batchOptionsForDose } from "@/domain/cd-register";
import { withholdConfirmation } from "@/domain/confirmations";
import { stepsOpenAt } from "@/domain/dose-session";
import { formatClinicDateTime, formatMg, formatTime } from "@/domain/format";
import { DOSE_ROUTE_LABEL } from "@/domain/labels";
import type { WitnessChoices } from "@/domain/witness-choices";
import type { BoardRow, SessionBoard } from "@/server/today-board";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { WitnessPicker } from "@/ui/witness-picker";
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
import { AdverseEventFields } from "./adverse-event-fields";

function DoNotDose({ title, reasons }: { title: string; reasons: string[] }) {
  return (
    <div role="note" className="rounded border border-red-300 bg-red-50 p-3 text-danger">
      <p className="font-semibold">{title}</p>
      <ul className="list-disc pl-5">
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </div>
  );
}

function AssessmentForm({ row }: { row: BoardRow }) {
  return (
    <ActionForm action={recordPreDoseAssessmentAction} submitLabel={row.assessedAt ? "Record new assessment" : "Record assessment"} successMessage="Saved: assessment recorded">
      <input type="hidden" name="doseSessionId" value={row.doseSessionId ?? ""} />
      {row.assessmentId ? <input type="hidden" name="replacesAssessmentId" value={row.assessmentId} /> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field name="sedationScore" label="Sedation score (0 alert – 4 unrousable)" type="number" inputMode="numeric" min={0} max={4} />
        <Field name="breathAlcohol" label="Breath alcohol (mg/L)" type="number" inputMode="decimal" min={0} step="any" />
        <Field name="withdrawalScore" label="Withdrawal score (0–10)" type="number" inputMode="numeric" min={0} max={10} />
        <Field name="spo2" label="SpO₂ (%), if measured" type="number" inputMode="numeric" min={50} max={100} />
      </div>
    </ActionForm>
  );
}

/** The ampoules a dose comes from: the nurse confirms the batch; the first to expire with the least waste is suggested, expired ones are never offered. */
function batchChoices(row: BoardRow, board: SessionBoard) {
  return batchOptionsForDose(row.prescribedMg, board.stock, board.today).map((o) => {
    const batch = board.stock.find((s) => s.productId === o.productId && s.batch === o.batch);
    const expiry = batch?.expiresOn ? `, expires ${batch.expiresOn}` : "";
    return { value: `${o.productId}:${o.batch}`, label: `${o.batch}: ${o.strengthMg} mg ampoules × ${o.count} (${batch?.available ?? 0} in stock${expiry})` };
  });
}

/** The one form for the participant's next step. The server decided which step that is. */
export function NextStepForm({ row, board, witnesses }: { row: BoardRow; board: SessionBoard; witnesses: WitnessChoices }) {
  const sessionId = row.doseSessionId ? <input type="hidden" name="doseSessionId" value={row.doseSessionId} /> : null;
  switch (row.next) {
    case "AWAIT_CHECK_IN":
      return <p className="rounded bg-slate-100 p-3">Check-in opens at {formatTime(row.checkInOpensAt)}.</p>;
    case "CHECK_IN":
      return (
        <ActionForm action={checkInAction} submitLabel="Check in" successMessage="Saved: checked in">
          <input type="hidden" name="participantId" value={row.participantId} />
          <input type="hidden" name="sessionDate" value={row.session.date} />
          <input type="hidden" name="slot" value={row.session.slot} />
          <p className="text-sm text-slate-700">Check the participant&apos;s identity before checking them in.</p>
        </ActionForm>
      );
    case "ASSESS":
      return (
        <div className="space-y-3">
          {row.assessedAt ? (
            <p className="rounded border border-amber-300 bg-amber-50 p-3 text-warn">
              The last assessment, at {formatTime(row.assessedAt)}, is too old to draw against: assess the participant again.
            </p>
          ) : null}
          <AssessmentForm row={row} />
        </div>
      );
    case "WITHHOLD": {
      const reasons = [
        ...row.holds.filter((h) => h.kind === "HARD").map((h) => `Hard hold: ${h.reason}`),
        ...row.concerns,
        ...(row.concerns.length === 0 && !row.holds.some((h) => h.kind === "HARD") ? [`The late-dose time for this session ended at ${formatTime(board.window.lateDoseEndsAt)}.`] : []),
      ];
      return (
        <div className="space-y-3">
          <DoNotDose title="Do not dose." reasons={reasons} />
          <WithholdForm row={row} defaultReason={reasons.join(" ")} />
        </div>
      );
    }
    case "AWAIT_WINDOW":
      return <p className="rounded bg-slate-100 p-3">The session opens at {formatTime(board.window.opensAt)}: draw the dose then.</p>;
    case "AWAIT_LATE_AUTHORISATION":
      return (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-warn">
          The session closed at {formatTime(board.window.closesAt)}: a late dose needs a prescriber&apos;s authorisation on this screen (until {formatTime(board.window.lateDoseEndsAt)}).
        </p>
      );
    case "DRAW": {
      const batches = batchChoices(row, board);
      return (
        <ActionForm action={drawDoseAction} submitLabel="Record dose drawn" successMessage="Saved: dose drawn">
          {sessionId}
          <Field name="doseMg" label="Dose drawn (mg)" hint={`Prescribed for this session: ${formatMg(row.prescribedMg)}`} type="number" inputMode="numeric" min={1} max={row.prescribedMg} defaultValue={row.prescribedMg} />
          <TextAreaField name="partialReason" label="Reason for a partial dose" hint="Only when drawing less than prescribed." />
          {batches.length > 0 ? (
            <SelectField name="batch" label="Batch the ampoules come from" hint="Check the batch on the ampoules. The first in the list expires first with the least waste." options={batches} defaultValue={batches[0]!.value} />
          ) : (
            <p className="rounded border border-red-300 bg-red-50 p-3 text-danger">No batch in date in the register can cover this dose: ask the CD lead before drawing.</p>
          )}
          {row.holds.some((h) => h.kind === "SOFT") ? (
            <TextAreaField name="softHoldReason" label="Why it is safe to dose despite the soft hold" hint={row.holds.map((h) => h.reason).join(" ")} />
          ) : null}
          <WitnessPicker legend="Witness (a second nurse or prescriber)" choices={witnesses} />
        </ActionForm>
      );
    }
    case "ADMINISTER":
      return <AdministerForm row={row} />;
    case "RECHECK_BEFORE_GIVING":
      return (
        <div className="space-y-3">
          <DoNotDose title="Do not give this dose without a prescriber's override." reasons={row.recheck} />
          <WithholdForm row={row} defaultReason={row.recheck.join(" ")} />
        </div>
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

/** "Dose given": the route is the prescription's; the nurse records where, and how much of the drawn dose went in. */
function AdministerForm({ row, override = false }: { row: BoardRow; override?: boolean }) {
  const drawnMg = row.drawn?.mg ?? row.prescribedMg;
  return (
    <ActionForm action={administerDoseAction} submitLabel={override ? "Give on my override" : "Record dose given"} successMessage="Saved: dose given">
      <input type="hidden" name="doseSessionId" value={row.doseSessionId ?? ""} />
      <p>Route prescribed: {row.route ? DOSE_ROUTE_LABEL[row.route] : "not known"}</p>
      {row.route !== "ORAL" ? <Field name="injectionSite" label="Injection site" /> : null}
      <Field name="givenMg" label="Dose given (mg)" hint={`Drawn: ${formatMg(drawnMg)}. Less only if part was not injected or was spilled: the rest is destroyed under witness.`} type="number" inputMode="numeric" min={1} max={drawnMg} defaultValue={drawnMg} />
      <TextAreaField name="partReason" label="What happened to the rest" hint="Only when less than the drawn dose was given." />
      {override ? <TextAreaField name="overrideReason" label="Your reason for overriding" /> : null}
    </ActionForm>
  );
}

function WithholdForm({ row, defaultReason }: { row: BoardRow; defaultReason?: string }) {
  return (
    <ActionForm
      action={withholdDoseAction}
      submitLabel="Withhold dose"
      successMessage="Saved: dose withheld"
      confirm={withholdConfirmation(row.name, row.session, row.stage === "DRAWN" ? (row.drawn?.mg ?? null) : null)}
    >
      <input type="hidden" name="doseSessionId" value={row.doseSessionId ?? ""} />
      {row.stage === "DRAWN" ? <p className="text-sm text-slate-700">The drawn {formatMg(row.drawn?.mg ?? 0)} will be listed for witnessed destruction.</p> : null}
      <TextAreaField name="reason" label="Reason for withholding" defaultValue={defaultReason} />
    </ActionForm>
  );
}

const DISCLOSURE = "cursor-pointer rounded px-2 py-2 font-medium text-brand min-h-11 flex items-center";

/** A late dose is a prescribing decision: the prescriber's form, on the card of someone checked in (or marked missed and arrived late). */
export function LateDoseAuthorisation({ row }: { row: BoardRow }) {
  return (
    <ActionForm action={authoriseLateDoseAction} submitLabel="Authorise late dose" successMessage="Saved: late dose authorised">
      <input type="hidden" name="doseSessionId" value={row.doseSessionId ?? ""} />
      <TextAreaField name="reason" label="Reason for the late dose" />
    </ActionForm>
  );
}

/** Steps off the usual path, as the lifecycle allows at this stage: a new assessment, withholding or a declined dose, an adverse event, a prescriber's late-dose authorisation or override. */
export function OtherSteps({ row, isPrescriber }: { row: BoardRow; isPrescriber: boolean }) {
  if (!row.doseSessionId) return null;
  const open = stepsOpenAt(row.stage);
  const canWithhold = open.includes("WITHHOLD") && row.next !== "WITHHOLD" && row.next !== "RECHECK_BEFORE_GIVING";
  const canDecline = open.includes("DECLINE");
  const canReassess = open.includes("ASSESSMENT") && row.next !== "ASSESS";
  return (
    <div className="space-y-2 border-t border-slate-200 pt-2">
      {isPrescriber && row.next === "AWAIT_LATE_AUTHORISATION" ? <LateDoseAuthorisation row={row} /> : null}
      {isPrescriber && row.next === "RECHECK_BEFORE_GIVING" ? (
        <details>
          <summary className={DISCLOSURE}>Prescriber: give it anyway on my override</summary>
          <div className="pt-2">
            <AdministerForm row={row} override />
          </div>
        </details>
      ) : null}
      {canReassess ? (
        <details>
          <summary className={DISCLOSURE}>Assess again</summary>
          <div className="pt-2">
            <AssessmentForm row={row} />
          </div>
        </details>
      ) : null}
      {canWithhold || canDecline ? (
        <details>
          <summary className={DISCLOSURE}>{canWithhold && canDecline ? "Not dosing: withhold, or the participant declined" : canWithhold ? "Not dosing: withhold" : "The participant declined"}</summary>
          <div className="space-y-4 pt-2">
            {canWithhold ? <WithholdForm row={row} /> : null}
            {canDecline ? (
              <ActionForm action={declineDoseAction} submitLabel="Record declined" successMessage="Saved: recorded as declined">
                <input type="hidden" name="doseSessionId" value={row.doseSessionId} />
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
            <input type="hidden" name="doseSessionId" value={row.doseSessionId} />
            <AdverseEventFields />
          </ActionForm>
        </div>
      </details>
    </div>
  );
}

/** When the last assessment was made, and the dose drawn (mg, batch, time), on the card. */
export function DoseFacts({ row }: { row: BoardRow }) {
  return (
    <>
      {row.assessedAt && (row.stage === "ASSESSED" || row.stage === "DRAWN") ? <p className="text-sm text-slate-700">Assessed at {formatTime(row.assessedAt)}.</p> : null}
      {row.drawn && (row.stage === "DRAWN" || row.stage === "ADMINISTERED") ? (
        <p className="font-medium">
          Drawn: {formatMg(row.drawn.mg)}
          {row.drawn.batch ? `, batch ${row.drawn.batch}` : ""}, at {formatClinicDateTime(row.drawn.at)}
        </p>
      ) : null}
    </>
  );
}
