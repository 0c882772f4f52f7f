import { closeSessionConfirmation, type ClosingPerson } from "@/domain/confirmations";
import type { CloseEffect } from "@/domain/dose-session";
import { formatClinicDateTime, formatLocalDate } from "@/domain/format";
import type { lastSessionClosed } from "@/server/session-closure";
import type { SessionBoard } from "@/server/today-board";
import { ActionForm } from "@/ui/action-form";
import { CardNoticeArea } from "@/ui/card-notice";
import { closeSessionAction } from "./actions";

const EFFECT_LABEL: Record<Exclude<CloseEffect, "UNCHANGED">, string> = {
  MISSED: "will be marked missed",
  WITHHELD: "checked in, not dosed: will be marked withheld",
  STAYS_OPEN: "late dose authorised: stays open",
  IN_PROGRESS: "dose in progress: finish it first",
};

/**
 * End of session: once the window has closed, the nurse sees who closing will mark missed
 * or withheld (and who stays open) and confirms that list; the server refuses a close when
 * the session has changed since, or while anyone is part-way through a dose.
 */
export function CloseSession({ board }: { board: SessionBoard }) {
  const sessionKey = `${board.session.date}-${board.session.slot}`;
  return (
    <section aria-labelledby="close-session" className="space-y-2 rounded border border-slate-300 bg-white p-4">
      <h2 id="close-session" className="text-lg font-semibold">
        End of session
      </h2>
      {board.closing === null ? (
        <p>The session can be closed once its window has closed. Closing marks everyone expected who has not come as missed and runs the missed-dose checks.</p>
      ) : (
        <details>
          <summary className="flex min-h-11 cursor-pointer items-center rounded px-2 py-2 font-medium text-brand">Close session…</summary>
          <div className="space-y-3 pt-2">
            {board.closing.effects.length === 0 ? (
              <p>Everyone expected has been seen: nobody will be marked missed or withheld.</p>
            ) : (
              <ul className="list-disc space-y-1 pl-5" aria-label="What closing will do">
                {board.closing.effects.map((e) => (
                  <li key={e.participantId}>
                    {e.name} ({e.reference}): {EFFECT_LABEL[e.effect as Exclude<CloseEffect, "UNCHANGED">]}
                  </li>
                ))}
              </ul>
            )}
            <p>The missed-dose checks then run, and may put a hold on a next dose. This cannot be undone.</p>
            {/* Closing moves the board on to the next session and this form with it: the area keeps the answer. */}
            <CardNoticeArea anchor="close-session">
              <ActionForm
                key={`${sessionKey}-${board.closing.fingerprint}`}
                action={closeSessionAction}
                submitLabel="Close session"
                successMessage="Saved: session closed"
                confirm={closeSessionConfirmation(
                  board.session,
                  board.closing.effects.filter((e): e is ClosingPerson & typeof e => e.effect !== "UNCHANGED"),
                )}
              >
                <input type="hidden" name="sessionDate" value={board.session.date} />
                <input type="hidden" name="slot" value={board.session.slot} />
                <input type="hidden" name="confirmedEffects" value={board.closing.fingerprint} />
              </ActionForm>
            </CardNoticeArea>
          </div>
        </details>
      )}
    </section>
  );
}

/** What the last close did, shown after it: the summary the nurse checks before moving on. */
export function ClosureSummary({ closure }: { closure: NonNullable<Awaited<ReturnType<typeof lastSessionClosed>>> }) {
  return (
    <p role="status" className="rounded border border-slate-300 bg-slate-50 p-3">
      {closure.session.slot} session of {formatLocalDate(closure.session.date)} closed by {closure.closedBy} at {formatClinicDateTime(closure.closedAt)}: {closure.missed} missed, {closure.withheld} withheld
      {closure.leftOpen > 0 ? `, ${closure.leftOpen} left open for a late dose` : ""}, {closure.holdsPlaced} {closure.holdsPlaced === 1 ? "hold" : "holds"} placed.
    </p>
  );
}
