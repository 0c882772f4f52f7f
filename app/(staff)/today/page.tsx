import Link from "next/link";
import { can } from "@/auth/permissions";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { previousSession, type SessionKey } from "@/domain/clinic-time";
import { formatClinicDateTime, formatLocalDate, formatTime } from "@/domain/format";
import { ViewSessionInput } from "@/server/dose-sessions.input";
import { catchUpClosures } from "@/server/session-closure";
import { todayBoard, type BoardStatus, type SessionBoard } from "@/server/today-board";
import { ActionForm } from "@/ui/action-form";
import { CardNoticeArea } from "@/ui/card-notice";
import { closeSessionAction } from "./actions";
import { ParticipantCard, STATUS_LABEL } from "./participant-card";

export const metadata = { title: "Today" };

const sessionHref = (session: SessionKey) => `/today?date=${session.date}&slot=${session.slot}`;
const sessionName = (session: SessionKey) => `${session.slot} session · ${formatLocalDate(session.date)}`;

function windowLine(board: SessionBoard): string {
  const { opensAt, closesAt, state } = board.window;
  const hours = `${formatTime(opensAt)}–${formatTime(closesAt)}`;
  if (board.closedAt) return `Window ${hours}. Closed ${formatClinicDateTime(board.closedAt)}.`;
  switch (state) {
    case "NOT_YET_OPEN":
      return `Opens at ${formatTime(opensAt)} (window ${hours}). Check-in is open.`;
    case "OPEN":
      return `Open until ${formatTime(closesAt)} (window ${hours}).`;
    case "LATE":
      return `The window closed at ${formatTime(closesAt)}: a late dose needs a prescriber's authorisation. Close the session when everyone is seen.`;
    case "OVER":
      return `Window ${hours}. Not closed yet.`;
  }
}

export default async function TodayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("dose.record");
  const now = new Date();
  // A session nobody closed is closed now, before anyone looks at the board (missed doses, holds).
  await db().$transaction((tx) => catchUpClosures(tx, actor.siteId, now), { maxWait: 10_000, timeout: 60_000 });
  const viewing = ViewSessionInput.safeParse(await searchParams);
  const board = await todayBoard(db(), actor.siteId, now, viewing.success ? viewing.data : undefined);

  const counts = new Map<BoardStatus, number>();
  for (const row of board.rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  const canAuthoriseLateDose = can(actor.role, "prescription.write");

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{sessionName(board.session)}</h1>
        <p>{windowLine(board)}</p>
        <p className="text-sm text-slate-700">
          {board.rows.length} expected
          {[...counts].map(([status, count]) => ` · ${count} ${STATUS_LABEL[status].toLowerCase()}`).join("")}
          {board.notExpected.length > 0 ? ` · ${board.notExpected.length} not expected` : ""}
        </p>
        {!board.isCurrent ? (
          <p>
            <Link href="/today" className="inline-flex min-h-11 items-center font-medium text-brand underline">
              Back to the session being worked
            </Link>
          </p>
        ) : null}
      </header>

      {board.rows.length === 0 ? <p>Nobody is expected at this session.</p> : null}
      <ul className="grid gap-4 lg:grid-cols-2" aria-label="Participants expected">
        {board.rows.map((row) => (
          <li key={row.participantId}>
            <ParticipantCard row={row} board={board} canAuthoriseLateDose={canAuthoriseLateDose} />
          </li>
        ))}
      </ul>

      {board.notExpected.length > 0 ? (
        <section aria-labelledby="not-expected" className="space-y-2">
          <h2 id="not-expected" className="text-lg font-semibold">
            Not expected this session
          </h2>
          <ul className="space-y-1">
            {board.notExpected.map((p) => (
              <li key={p.participantId}>
                {p.name} ({p.reference}): {p.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {board.isCurrent ? (
        <section aria-labelledby="close-session" className="space-y-2 rounded border border-slate-300 bg-white p-4">
          <h2 id="close-session" className="text-lg font-semibold">
            End of session
          </h2>
          <p>Closing marks everyone expected who has not come as missed and runs the missed-dose checks, which may put a hold on a next dose.</p>
          {/* Closing moves the board on to the next session and this form with it: the section keeps the answer. */}
          <CardNoticeArea anchor="close-session">
            <ActionForm key={sessionHref(board.session)} action={closeSessionAction} submitLabel="Close session" successMessage="Saved: session closed">
              <input type="hidden" name="sessionDate" value={board.session.date} />
              <input type="hidden" name="slot" value={board.session.slot} />
            </ActionForm>
          </CardNoticeArea>
        </section>
      ) : null}

      <nav aria-label="Other sessions">
        <Link href={sessionHref(previousSession(board.session))} className="inline-flex min-h-11 items-center font-medium text-brand underline">
          Previous session: {sessionName(previousSession(board.session))}
        </Link>
      </nav>
    </div>
  );
}
