import Link from "next/link";
import { can } from "@/auth/permissions";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { previousSession, type SessionKey } from "@/domain/clinic-time";
import { formatClinicDateTime, formatLocalDate, formatTime, formatTimeWithSeconds } from "@/domain/format";
import { triageGroup } from "@/domain/triage";
import type { WitnessChoices } from "@/domain/witness-choices";
import { DOSE_WITNESS } from "@/server/dose-sessions";
import { ViewSessionInput } from "@/server/dose-sessions.input";
import { todayBoard, type BoardRow, type BoardStatus, type SessionBoard } from "@/server/today-board";
import { closeWhatIsDue, lastSessionClosed } from "@/server/session-closure";
import { todayVersion } from "@/server/today-version";
import { witnessChoicesFor } from "@/server/witness-choices";
import { ClinicClock } from "@/ui/clinic-clock";
import { LiveUpdates } from "@/ui/live-updates";
import { CloseSession, ClosureSummary } from "./close-session";
import { DowntimeLinks } from "./downtime-links";
import { ParticipantCard, STATUS_LABEL } from "./participant-card";
import { TriageList } from "./triage-list";
import { PendingDestructions } from "../register/pending-destructions";

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
      return `The window closed at ${formatTime(closesAt)}: a late dose needs a prescriber's authorisation (until ${formatTime(board.window.lateDoseEndsAt)}). Close the session when everyone is seen.`;
    case "OVER":
      return `Window ${hours}. Not closed yet.`;
  }
}

/** Cards from an earlier session still in front of the nurse: doses unresolved, or late arrivals after a close. */
function EarlierSessionCards({
  id,
  title,
  rows,
  board,
  isPrescriber,
  witnesses,
  showPhoto,
  urgent = false,
  children,
}: {
  id: string;
  title: string;
  rows: BoardRow[];
  board: SessionBoard;
  isPrescriber: boolean;
  witnesses: WitnessChoices;
  showPhoto: boolean;
  urgent?: boolean;
  children?: React.ReactNode;
}) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className={`text-lg font-semibold ${urgent ? "text-danger" : ""}`}>
        {title}
      </h2>
      {children}
      <ul className="grid gap-4 lg:grid-cols-2" aria-label={title}>
        {rows.map((row) => (
          <li key={row.doseSessionId}>
            <ParticipantCard row={row} board={board} isPrescriber={isPrescriber} witnesses={witnesses} showPhoto={showPhoto} earlier />
          </li>
        ))}
      </ul>
    </section>
  );
}

export default async function TodayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("dose.record");
  const now = new Date();
  // A session nobody closed is closed now, before anyone looks at the board (missed doses, holds).
  await closeWhatIsDue(db(), actor.siteId, now);
  const viewing = ViewSessionInput.safeParse(await searchParams);
  // The stamp first: a change committed while the board is read makes the next check reload again, never miss it.
  const version = await todayVersion(db(), actor.siteId, now);
  const [board, witnesses] = await Promise.all([todayBoard(db(), actor.siteId, now, viewing.success ? viewing.data : undefined), witnessChoicesFor(db(), actor, DOSE_WITNESS, now)]);

  const counts = new Map<BoardStatus, number>();
  for (const row of board.rows) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  const isPrescriber = can(actor.role, "prescription.write");
  const showPhoto = can(actor.role, "participant.photo");
  const lastClosure = board.isCurrent ? await lastSessionClosed(db(), actor.siteId, previousSession(board.session)) : null;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{sessionName(board.session)}</h1>
        <ClinicClock renderedAt={now.toISOString()} />
        <LiveUpdates version={version} updatedAt={formatTimeWithSeconds(now)} />
        {board.isCurrent ? <DowntimeLinks current={board.session} /> : null}
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

      {lastClosure ? <ClosureSummary closure={lastClosure} /> : null}

      <EarlierSessionCards id="unresolved" title="Unresolved from an earlier session" rows={board.unresolved} board={board} isPrescriber={isPrescriber} witnesses={witnesses} showPhoto={showPhoto} urgent>
        <p>A dose drawn or given stays here, whatever the hour, until what happened is recorded.</p>
      </EarlierSessionCards>

      {board.pendingDestructions.length > 0 ? <PendingDestructions pending={board.pendingDestructions} /> : null}

      {board.rows.length === 0 ? <p>Nobody is expected at this session.</p> : null}
      {board.rows.length > 0 ? (
        <TriageList
          fold={board.isCurrent}
          renderedAt={now}
          items={board.rows.map((row) => ({
            participantId: row.participantId,
            name: row.name,
            reference: row.reference,
            group: triageGroup({ status: row.status, hardHold: row.holds.some((h) => h.kind === "HARD") }),
            lastStepAt: row.steps.at(-1)?.at ?? null,
            card: <ParticipantCard row={row} board={board} isPrescriber={isPrescriber} witnesses={witnesses} showPhoto={showPhoto} />,
          }))}
        />
      ) : null}

      <EarlierSessionCards id="late-arrivals" title="Marked missed at the last close: arrived late?" rows={board.lateArrivals} board={board} isPrescriber={isPrescriber} witnesses={witnesses} showPhoto={showPhoto} />

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

      {board.isCurrent ? <CloseSession board={board} /> : null}

      <nav aria-label="Other sessions">
        <Link href={sessionHref(previousSession(board.session))} className="inline-flex min-h-11 items-center font-medium text-brand underline">
          Previous session: {sessionName(previousSession(board.session))}
        </Link>
      </nav>
    </div>
  );
}
