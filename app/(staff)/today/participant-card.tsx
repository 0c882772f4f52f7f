import Image from "next/image";
import { formatLocalDate, formatMg } from "@/domain/format";
import { dateOfBirthLine } from "@/domain/identity-check";
import { ORAL_DRUG_LABEL } from "@/domain/labels";
import { stepLog, type LoggedStep } from "@/domain/triage";
import type { WitnessChoices } from "@/domain/witness-choices";
import type { BoardRow, BoardStatus, SessionBoard } from "@/server/today-board";
import { CardNoticeArea } from "@/ui/card-notice";
import { ObservationCountdown } from "./observation-countdown";
import { StepFocus } from "./step-focus";
import { DoseFacts, LateDoseAuthorisation, NextStepForm, OtherSteps } from "./step-forms";

export const STATUS_LABEL: Record<BoardStatus, string> = {
  WAITING: "Waiting",
  CHECKED_IN: "Checked in",
  ASSESSED: "Assessed",
  DRAWN: "Dose drawn",
  OBSERVING: "Under observation",
  SIGNED_OFF: "Signed off",
  WITHHELD: "Withheld",
  DECLINED: "Declined",
  MISSED: "Missed",
};

const STATUS_TONE: Record<BoardStatus, string> = {
  WAITING: "bg-slate-200 text-slate-800",
  CHECKED_IN: "bg-sky-100 text-sky-900",
  ASSESSED: "bg-sky-100 text-sky-900",
  DRAWN: "bg-indigo-100 text-indigo-900",
  OBSERVING: "bg-amber-100 text-amber-900",
  SIGNED_OFF: "bg-emerald-100 text-emerald-900",
  WITHHELD: "bg-red-100 text-red-900",
  DECLINED: "bg-slate-200 text-slate-800",
  MISSED: "bg-red-100 text-red-900",
};

/** The photo for the identity check, or a word that there is none (the nurse checks ID another way). */
function IdentityPhoto({ row }: { row: BoardRow }) {
  if (!row.photoId) {
    return <p className="flex size-24 shrink-0 items-center rounded border border-dashed border-slate-500 p-1 text-center text-xs text-slate-700">No photo: check ID another way</p>;
  }
  return (
    <Image
      src={`/api/participants/${row.participantId}/photo?v=${row.photoId}`}
      alt={`Photo of ${row.name}`}
      width={96}
      height={96}
      unoptimized
      className="size-24 shrink-0 rounded border border-slate-300 object-cover"
    />
  );
}

/**
 * The steps taken this session with time and who, the latest last, in at most two lines:
 * the oldest give way (src/domain/triage.ts), and on a narrow card the top line is the one cut.
 */
function StepLog({ steps }: { steps: LoggedStep[] }) {
  const log = stepLog(steps);
  if (log.entries.length === 0) return null;
  return (
    <div className="flex max-h-10 flex-col justify-end overflow-hidden text-sm leading-5 text-slate-700">
      <p>{`${log.earlier > 0 ? "… · " : ""}${log.entries.join(" · ")}`}</p>
    </div>
  );
}

/**
 * One participant on the Today board: who, what is prescribed, what stands in the way, and
 * the next step. `earlier` marks a card from an earlier session (a dose still unresolved,
 * or a late arrival after the close).
 */
export function ParticipantCard({
  row,
  board,
  isPrescriber,
  witnesses,
  showPhoto,
  earlier = false,
}: {
  row: BoardRow;
  board: SessionBoard;
  isPrescriber: boolean;
  witnesses: WitnessChoices;
  /** Clinical roles only (participant.photo). */
  showPhoto: boolean;
  earlier?: boolean;
}) {
  const headingId = `participant-${row.participantId}${earlier ? `-${row.session.date}-${row.session.slot}` : ""}`;
  const hardHolds = row.holds.filter((h) => h.kind === "HARD");
  const softHolds = row.holds.filter((h) => h.kind === "SOFT");
  return (
    <article aria-labelledby={headingId} className={`space-y-3 rounded border bg-white p-4 ${hardHolds.length > 0 ? "border-red-400" : "border-slate-300"}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        {showPhoto ? <IdentityPhoto row={row} /> : null}
        <div className="min-w-0 flex-1">
          {/* Focusable from script only: where focus lands when a step leaves no field to go to. */}
          <h2 id={headingId} tabIndex={-1} className="text-lg font-semibold">
            {row.name}
          </h2>
          <p className="text-sm text-slate-600">
            {row.reference} · {formatMg(row.prescribedMg)} prescribed ({row.session.slot}
            {earlier ? ` session, ${formatLocalDate(row.session.date)}` : ""})
          </p>
          {row.dateOfBirth && row.age !== null ? <p className="text-sm text-slate-700">{dateOfBirthLine(row.dateOfBirth, row.age)}</p> : null}
          {row.oral ? <p className="text-sm font-medium text-slate-800">Oral co-prescription: {ORAL_DRUG_LABEL[row.oral.drug]} {formatMg(row.oral.mgPerDay)} a day</p> : null}
        </div>
        {/* A live region: the new status is announced when a step is recorded. */}
        <span role="status" className={`rounded px-2 py-1 text-sm font-semibold ${STATUS_TONE[row.status]}`}>
          {STATUS_LABEL[row.status]}
        </span>
      </div>

      {hardHolds.length > 0 || softHolds.length > 0 || row.titrating ? (
        <ul className="space-y-1" aria-label="Warnings">
          {hardHolds.map((h) => (
            <li key={h.reason} className="rounded bg-red-50 px-2 py-1 font-medium text-danger">
              Hard hold: {h.reason}
            </li>
          ))}
          {softHolds.map((h) => (
            <li key={h.reason} className="rounded bg-amber-50 px-2 py-1 font-medium text-warn">
              Soft hold: {h.reason}
            </li>
          ))}
          {row.titrating ? <li className="rounded bg-indigo-50 px-2 py-1 font-medium text-indigo-900">Titrating: any missed session needs a prescriber&apos;s review</li> : null}
        </ul>
      ) : null}

      <StepLog steps={row.steps} />
      <DoseFacts row={row} />
      {row.status === "OBSERVING" && row.observationEndsAt ? <ObservationCountdown endsAt={row.observationEndsAt} /> : null}
      {row.givenMg !== null && row.givenMg > 0 ? <p>Given: {formatMg(row.givenMg)}</p> : null}
      {row.note ? <p className="text-slate-700">{row.note}</p> : null}
      {row.lateAuthorised && row.status !== "SIGNED_OFF" ? <p className="text-sm text-slate-700">Late dose authorised by a prescriber.</p> : null}

      {row.status === "MISSED" && earlier ? (
        <CardNoticeArea key={`${row.session.date}-${row.session.slot}`} anchor={headingId}>
          {isPrescriber ? <LateDoseAuthorisation row={row} /> : <p className="text-sm text-slate-700">Arrived late? A prescriber can authorise a late dose on this card.</p>}
        </CardNoticeArea>
      ) : board.isCurrent || earlier ? (
        // The card keeps the answer to the last step sent from it: the form keyed by step is
        // replaced by the next one as soon as the page refreshes.
        <CardNoticeArea key={`${row.session.date}-${row.session.slot}`} anchor={headingId}>
          {/* Keyed by session, so moving on to the next session is not taken for a recorded step;
              the form keyed by step starts without the last step's messages. */}
          <StepFocus
            key={`${row.session.date}-${row.session.slot}`}
            step={`${row.status}:${row.next}`}
            headingId={headingId}
            next={<NextStepForm key={row.next} row={row} board={board} witnesses={witnesses} />}
          >
            <OtherSteps row={row} isPrescriber={isPrescriber} />
          </StepFocus>
        </CardNoticeArea>
      ) : null}
    </article>
  );
}
