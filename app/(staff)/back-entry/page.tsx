import { can } from "@/auth/permissions";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { formatClinicDateTime, formatLocalDate, formatTime } from "@/domain/format";
import { backEntryOverview } from "@/server/back-entry";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { approveBackEntriesAction, confirmOutageAction, enterBackEntryAction, rejectBackEntryAction } from "./actions";

export const metadata = { title: "Back-entry" };

type Overview = Awaited<ReturnType<typeof backEntryOverview>>;
type Entry = Overview["decided"][number];

const CELL = "px-2 py-2 text-left align-top";

function EntriesTable({ caption, entries, decided = false }: { caption: string; entries: Entry[]; decided?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            {["Participant", ...(decided ? ["Session"] : []), "Arrived", "Drawn", "Given", "Signed off", "Dose", "Batch", "Witness", "Entered by", ...(decided ? ["Decision"] : [])].map((h) => (
              <th key={h} scope="col" className={CELL}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-slate-200">
              <th scope="row" className={CELL}>
                {e.participant}
              </th>
              {decided ? <td className={CELL}>{`${e.session.slot} ${formatLocalDate(e.session.date)}`}</td> : null}
              <td className={CELL}>{formatTime(e.arrivedAt)}</td>
              <td className={CELL}>{formatTime(e.drawnAt)}</td>
              <td className={CELL}>{formatTime(e.givenAt)}</td>
              <td className={CELL}>{formatTime(e.signedOffAt)}</td>
              <td className={CELL}>{e.doseMg} mg</td>
              <td className={CELL}>{e.batch}</td>
              <td className={CELL}>{e.witness}</td>
              <td className={CELL}>{e.enteredBy}</td>
              {decided && e.decision ? (
                <td className={CELL}>
                  {e.decision.outcome === "APPROVED" ? "Approved" : "Rejected"} by {e.decision.by}, {formatClinicDateTime(e.decision.at)}
                  {e.decision.reason ? `: ${e.decision.reason}` : ""}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Doses given on paper during an outage: nurses enter them from the paper sheet; a prescriber
 * or the CD lead approves each session's batch, or confirms that a session with nothing
 * recorded ran without the system (src/server/back-entry.ts).
 */
export default async function BackEntryPage() {
  const actor = await requirePermission(["dose.record", "register.write"]);
  const overview = await backEntryOverview(db(), actor);
  const mayEnter = can(actor.role, "dose.record");
  const mayDecide = actor.role === "PRESCRIBER" || actor.role === "PHARMACIST";

  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Back-entry: doses given on paper</h1>
        <p className="max-w-3xl text-slate-700">
          When the system or the network was down, the clinic dosed on the paper sheet. Enter each dose here with the times, dose, batch and witness
          written on the sheet, for a session up to {overview.reachDays} days back (setting “Back-entry reach”). A prescriber or the CD lead, not the
          nurse who entered them, approves each session’s doses: they then appear in the participant’s record and the register at the paper’s times,
          marked back-entered, and the session closes.
        </p>
      </header>

      <section aria-label="Sessions waiting after an outage" className="space-y-4 rounded border border-slate-300 bg-white p-4">
        <h2 className="text-lg font-semibold">Sessions waiting after an outage ({overview.sessions.length})</h2>
        {overview.sessions.length === 0 ? <p className="text-slate-600">No session is waiting.</p> : null}
        {overview.sessions.map(({ session, awaitingReview, pending, fingerprint }) => {
          const title = `${session.slot} session, ${formatLocalDate(session.date)}`;
          return (
            <section key={`${session.date}-${session.slot}`} aria-label={title} className="space-y-3 border-t border-slate-200 pt-3">
              <h3 className="font-semibold">{title}</h3>
              {awaitingReview ? <p className="text-sm">No step was recorded at this session: nobody has been marked missed and no hold placed while it waits.</p> : null}
              {pending.length > 0 ? (
                <>
                  <EntriesTable caption={`Doses from paper waiting for approval, ${title}`} entries={pending} />
                  {mayDecide
                    ? pending.map((e) => (
                        <details key={e.id}>
                          <summary className="flex min-h-11 cursor-pointer items-center font-medium text-brand">Reject the entry for {e.participant}</summary>
                          <ActionForm action={rejectBackEntryAction} submitLabel="Reject this entry" successMessage="Entry rejected; it is kept with your reason.">
                            <input type="hidden" name="backEntryId" value={e.id} />
                            <TextAreaField name="reason" label="Why it is rejected" />
                          </ActionForm>
                        </details>
                      ))
                    : null}
                  {mayDecide ? (
                    <ActionForm action={approveBackEntriesAction} submitLabel={`Approve ${pending.length} dose(s) and close the session`} successMessage="Approved: the doses are in the record and the register.">
                      <input type="hidden" name="sessionDate" value={session.date} />
                      <input type="hidden" name="slot" value={session.slot} />
                      <input type="hidden" name="entries" value={fingerprint} />
                      <p className="text-sm">Check each entry against the paper sheet. Everyone expected without a dose on the sheet is then marked missed.</p>
                    </ActionForm>
                  ) : (
                    <p className="text-sm">Waiting for a prescriber or the CD lead to approve.</p>
                  )}
                </>
              ) : null}
              {mayDecide && awaitingReview && pending.length === 0 ? (
                <ActionForm action={confirmOutageAction} submitLabel="Confirm: ran without the system, no doses from paper" successMessage="Session closed.">
                  <input type="hidden" name="sessionDate" value={session.date} />
                  <input type="hidden" name="slot" value={session.slot} />
                  <TextAreaField name="reason" label="What happened at this session" />
                  <p className="text-sm">The session then closes as the catch-up would have: everyone expected is marked missed and the missed-dose holds follow.</p>
                </ActionForm>
              ) : null}
            </section>
          );
        })}
      </section>

      {mayEnter ? (
        <section aria-label="Enter a dose from the paper sheet" className="max-w-xl rounded border border-slate-300 bg-white p-4">
          <h2 className="mb-3 text-lg font-semibold">Enter a dose from the paper sheet</h2>
          <ActionForm action={enterBackEntryAction} submitLabel="Enter the dose" successMessage="Entered: it waits for approval." resetOnSuccess>
            <SelectField name="participantId" label="Participant" options={overview.participants.map((p) => ({ value: p.id, label: p.label }))} />
            <Field name="sessionDate" label="Session date" type="date" />
            <SelectField name="slot" label="Session" options={[{ value: "AM", label: "AM" }, { value: "PM", label: "PM" }]} />
            <Field name="arrivedAt" label="Time arrived (hh:mm)" type="time" />
            <Field name="drawnAt" label="Time drawn (hh:mm)" type="time" />
            <Field name="givenAt" label="Time given (hh:mm)" type="time" />
            <Field name="signedOffAt" label="Time signed off (hh:mm)" type="time" />
            <Field name="doseMg" label="Dose given (mg)" type="number" inputMode="numeric" min={1} />
            <TextAreaField name="partialReason" label="Why less than prescribed, if it was (optional)" />
            <Field name="injectionSite" label="Injection site" />
            <SelectField name="batch" label="Batch" options={overview.batches} />
            <SelectField
              name="witnessId"
              label="Witness named on the paper sheet"
              hint="The colleague who signed the sheet as witness at the draw."
              options={overview.witnesses.map((w) => ({ value: w.id, label: w.name }))}
            />
          </ActionForm>
        </section>
      ) : null}

      <section aria-label="Decided entries" className="rounded border border-slate-300 bg-white p-4">
        <h2 className="mb-2 text-lg font-semibold">Decided entries</h2>
        {overview.decided.length === 0 ? <p className="text-slate-600">None yet.</p> : <EntriesTable caption="Doses from paper, approved or rejected" entries={overview.decided} decided />}
      </section>
    </div>
  );
}
