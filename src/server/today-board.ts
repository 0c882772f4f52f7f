import "server-only";
import type { DoseRoute, HoldKind, OralDrug, Prisma, SessionOutcome, SessionStage } from "@/generated/prisma/client";
import type { Tx } from "@/db/client";
import { addLocalDays, clinicDate, compareSessions, dbDateToLocal, localDateToDb, previousSession, sessionWindow, type LocalDate, type SessionKey } from "@/domain/clinic-time";
import type { StockedBatch } from "@/domain/cd-register";
import {
  administrationRecheck,
  checkAssessmentFresh,
  checkCheckInOpen,
  checkInOpensAt,
  lateDoseEndsAt,
  nextStep,
  type DoseStage,
  type NextStep,
  type WindowState,
} from "@/domain/dose-session";
import { ageOn } from "@/domain/identity-check";
import type { ClinicSettings } from "@/domain/settings";
import type { LoggedStep } from "@/domain/triage";
import { concernsOf, currentSession } from "./dose-sessions";
import { latestPhotoIds } from "./participant-photos";
import { pendingDestructions, stockByBatch } from "./register";
import { closePreview, type ClosePreview } from "./session-closure";
import { sessionRoster, type RosterEntry } from "./session-roster";
import { siteSettings } from "./settings";

/** Read model for the Today screen: one session, everyone on its roster, each with where they are in the dose workflow. */

export type BoardStatus = "WAITING" | "CHECKED_IN" | "ASSESSED" | "DRAWN" | "OBSERVING" | "SIGNED_OFF" | "WITHHELD" | "DECLINED" | "MISSED";
export type { NextStep, WindowState };

export type BoardRow = {
  participantId: string;
  reference: string;
  name: string;
  /** The identity check: date of birth and age (on the clinic's date), and the newest photo's id (its image address), or null. */
  dateOfBirth: LocalDate | null;
  age: number | null;
  photoId: string | null;
  /** The session this card is for: the one being worked, or an earlier one still unresolved. */
  session: SessionKey;
  stage: DoseStage;
  status: BoardStatus;
  next: NextStep;
  doseSessionId: string | null;
  prescribedMg: number;
  /** The route prescribed. */
  route: DoseRoute | null;
  /** The oral co-prescription in force (methadone or SROM, mg a day), so the nurse knows the whole opioid load. */
  oral: { drug: OralDrug; mgPerDay: number } | null;
  titrating: boolean;
  holds: { kind: HoldKind; reason: string }[];
  /** The latest pre-dose assessment (a re-assessment names it), when it was made, and the reasons it gives to withhold (empty: fit to dose). */
  assessmentId: string | null;
  assessedAt: Date | null;
  concerns: string[];
  lateAuthorised: boolean;
  /** The dose drawn: how much, from which batch, when. */
  drawn: { mg: number; at: Date; batch: string | null } | null;
  /** What changed since the draw that needs a prescriber's override before the dose is given. */
  recheck: string[];
  givenMg: number | null;
  observationEndsAt: Date | null;
  /** Why a dose was withheld or declined. */
  note: string | null;
  /** When check-in opens, while it has not. */
  checkInOpensAt: Date;
  /** Every step of the session, oldest first, and who took (and witnessed) it: the card's step log, so a nurse sees a colleague already has. */
  steps: LoggedStep[];
};

export type SessionBoard = {
  session: SessionKey;
  /** The session the floor is working now: only then does the page offer steps. */
  isCurrent: boolean;
  window: { opensAt: Date; closesAt: Date; state: WindowState; lateDoseEndsAt: Date };
  closedAt: Date | null;
  rows: BoardRow[];
  /** Doses drawn or under observation from an earlier session: never closed by the clock, always in front of the nurse. */
  unresolved: BoardRow[];
  /** Marked missed when an earlier session was closed, whose late-dose time still runs: a prescriber can authorise a late arrival. */
  lateArrivals: BoardRow[];
  notExpected: { participantId: string; reference: string; name: string; reason: string }[];
  /** What closing the session would do, once its window has closed (null otherwise). */
  closing: ClosePreview | null;
  pendingDestructions: Awaited<ReturnType<typeof pendingDestructions>>;
  /** Batches in the register, for the nurse to confirm the one a dose is drawn from. */
  stock: StockedBatch[];
  /** The clinic's date now, for expiry. */
  today: LocalDate;
};

const STATUS_OF_STAGE: Record<Exclude<SessionStage, "CLOSED">, BoardStatus> = {
  CHECKED_IN: "CHECKED_IN",
  ASSESSED: "ASSESSED",
  DRAWN: "DRAWN",
  ADMINISTERED: "OBSERVING",
  SIGNED_OFF: "SIGNED_OFF",
};

function statusOf(row: { stage: SessionStage; outcome: SessionOutcome | null } | undefined): BoardStatus {
  if (!row) return "WAITING";
  if (row.stage !== "CLOSED") return STATUS_OF_STAGE[row.stage];
  if (row.outcome === "DECLINED") return "DECLINED";
  if (row.outcome === "MISSED") return "MISSED";
  // The only other way a session closes without a dose.
  return "WITHHELD";
}

function windowState(session: SessionKey, current: SessionKey, now: Date, settings: ClinicSettings): SessionBoard["window"] {
  const { opensAt, closesAt } = sessionWindow(session, settings.sessionWindows);
  const late = lateDoseEndsAt(session, settings.sessionWindows, settings.doseTiming.lateDoseMinutes).at;
  const state: WindowState = compareSessions(session, current) < 0 || now >= late ? "OVER" : now < opensAt ? "NOT_YET_OPEN" : now < closesAt ? "OPEN" : "LATE";
  return { opensAt, closesAt, state, lateDoseEndsAt: late };
}

const SESSION_SELECT = {
  id: true,
  participantId: true,
  sessionDate: true,
  slot: true,
  stage: true,
  outcome: true,
  drawnMg: true,
  drawnAt: true,
  givenMg: true,
  observationEndsAt: true,
  cdEntries: { where: { kind: "SUPPLY" }, select: { batch: true } },
  // A handful a session: every step, for the latest one and who took it.
  events: {
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: {
      id: true,
      step: true,
      at: true,
      sedationScore: true,
      breathAlcohol: true,
      withdrawalScore: true,
      spo2: true,
      reason: true,
      by: { select: { name: true } },
      witness: { select: { name: true } },
    },
  },
} satisfies Prisma.DoseSessionSelect;

/**
 * The session being worked now (see currentSession), or another one asked for, such as the
 * session just closed, with the doses still unresolved from earlier sessions and the
 * pending destructions. A constant number of queries whatever the number of participants.
 */
export async function todayBoard(tx: Tx, siteId: string, now: Date, asked?: SessionKey): Promise<SessionBoard> {
  const settings = await siteSettings(tx, siteId);
  const current = await currentSession(tx, siteId, now, settings.sessionWindows);
  const session = asked ?? current;
  const isCurrent = compareSessions(session, current) === 0;
  const window = windowState(session, current, now, settings);
  const sessionDate = localDateToDb(session.date);
  const since = localDateToDb(addLocalDays(current.date, -14));
  const previous = previousSession(current);

  // Who is expected: by what is prescribed now while the session is worked (late doses too,
  // which are drawn against the prescription in force when drawn), as it stood when the
  // window closed once the session is past.
  const rosterAt = isCurrent ? now : window.closesAt;
  const [roster, sessions, earlier, closure, pending, stock] = await Promise.all([
    sessionRoster(tx, siteId, session, rosterAt, settings),
    tx.doseSession.findMany({ where: { siteId, sessionDate, slot: session.slot }, select: SESSION_SELECT }),
    isCurrent
      ? tx.doseSession.findMany({
          where: {
            siteId,
            sessionDate: { gte: since, lte: localDateToDb(current.date) },
            OR: [
              // A dose in progress, from however long ago (within the fortnight the catch-up reaches).
              { stage: { in: ["DRAWN", "ADMINISTERED"] } },
              // The session before this one, while its late-dose time may still run: open for a late dose, or marked missed at a close.
              { sessionDate: localDateToDb(previous.date), slot: previous.slot, OR: [{ stage: { in: ["CHECKED_IN", "ASSESSED"] } }, { outcome: "MISSED" }] },
            ],
          },
          select: SESSION_SELECT,
        })
      : Promise.resolve([]),
    tx.sessionClosure.findUnique({ where: { siteId_sessionDate_slot: { siteId, sessionDate, slot: session.slot } }, select: { closedAt: true } }),
    pendingDestructions(tx, siteId),
    stockByBatch(tx, siteId),
  ]);

  const today = clinicDate(now);
  const photoIds = await latestPhotoIds(tx, [...new Set([...roster.map((e) => e.participantId), ...earlier.map((s) => s.participantId)])]);

  const rowFor = (entry: RosterEntry, key: SessionKey, row: (typeof sessions)[number] | undefined, keyIsCurrent: boolean): BoardRow => {
    const assessment = row?.events.findLast((e) => e.step === "ASSESSMENT");
    const concerns = row?.stage === "ASSESSED" && assessment ? concernsOf(assessment, settings.assessmentPolicy) : [];
    const status = statusOf(row);
    const holds = entry.openHolds.map((h) => ({ kind: h.kind, reason: h.reason }));
    const lateAuthorised = row?.events.some((e) => e.step === "AUTHORISE_LATE") ?? false;
    const recheck =
      row?.stage === "DRAWN"
        ? administrationRecheck({
            drawnMg: row.drawnMg ?? 0,
            prescribedNowMg: entry.prescription?.doseMg ?? null,
            hardHolds: holds.filter((h) => h.kind === "HARD").map((h) => h.reason),
            notExpectedReason: entry.notExpectedReason,
          })
        : [];
    const stage: DoseStage = row ? row.stage : "WAITING";
    const keyWindow = windowState(key, current, now, settings);
    return {
      participantId: entry.participantId,
      reference: entry.reference,
      name: entry.name,
      dateOfBirth: entry.dateOfBirth,
      age: entry.dateOfBirth ? ageOn(entry.dateOfBirth, today) : null,
      photoId: photoIds.get(entry.participantId) ?? null,
      session: key,
      stage,
      status,
      next: keyIsCurrent || row
        ? nextStep({
            stage,
            checkInOpen: keyIsCurrent && checkCheckInOpen(key, now, settings.sessionWindows, settings.doseTiming).ok,
            concerns,
            assessmentFresh: assessment ? checkAssessmentFresh(assessment.at, now, settings.doseTiming).ok : false,
            hardHold: holds.some((h) => h.kind === "HARD"),
            window: keyWindow.state,
            lateAuthorised,
            recheck,
          })
        : null,
      doseSessionId: row?.id ?? null,
      prescribedMg: entry.prescription?.doseMg ?? 0,
      route: entry.prescription?.route ?? null,
      oral: entry.prescription?.oral ?? null,
      titrating: entry.titrating,
      holds,
      assessmentId: assessment?.id ?? null,
      assessedAt: assessment?.at ?? null,
      concerns,
      lateAuthorised,
      drawn: row?.drawnMg && row.drawnAt ? { mg: row.drawnMg, at: row.drawnAt, batch: row.cdEntries[0]?.batch ?? null } : null,
      recheck,
      givenMg: row?.givenMg ?? null,
      observationEndsAt: row?.observationEndsAt ?? null,
      note: row?.events.findLast((e) => e.step === "WITHHOLD" || e.step === "DECLINE")?.reason ?? null,
      checkInOpensAt: checkInOpensAt(key, settings.sessionWindows, settings.doseTiming),
      steps: (row?.events ?? []).map((e) => ({ step: e.step, at: e.at, by: e.by.name, witness: e.witness?.name ?? null })),
    };
  };

  const sessionOf = new Map(sessions.map((s) => [s.participantId, s]));
  const rows: BoardRow[] = [];
  const notExpected: SessionBoard["notExpected"] = [];
  for (const entry of roster) {
    const row = sessionOf.get(entry.participantId);
    if (!row && entry.notExpectedReason) {
      notExpected.push({ participantId: entry.participantId, reference: entry.reference, name: entry.name, reason: entry.notExpectedReason });
      continue;
    }
    if (row?.outcome === "NOT_EXPECTED") {
      notExpected.push({ participantId: entry.participantId, reference: entry.reference, name: entry.name, reason: entry.notExpectedReason ?? "Not expected" });
      continue;
    }
    const boardRow = rowFor(entry, session, row, isCurrent);
    rows.push(isCurrent ? boardRow : { ...boardRow, next: null });
  }

  // Earlier sessions: doses in progress (whatever the hour) and late arrivals while their late-dose time runs.
  const unresolved: BoardRow[] = [];
  const lateArrivals: BoardRow[] = [];
  const earlierRows = earlier.filter((s) => compareSessions({ date: dbDateToLocal(s.sessionDate), slot: s.slot }, current) < 0);
  const keys = [...new Map(earlierRows.map((s) => [`${dbDateToLocal(s.sessionDate)} ${s.slot}`, { date: dbDateToLocal(s.sessionDate), slot: s.slot }])).values()];
  const rosters = new Map(await Promise.all(keys.map(async (key) => [`${key.date} ${key.slot}`, await sessionRoster(tx, siteId, key, now, settings)] as const)));
  for (const row of earlierRows) {
    const key: SessionKey = { date: dbDateToLocal(row.sessionDate), slot: row.slot };
    const entry = rosters.get(`${key.date} ${key.slot}`)?.find((e) => e.participantId === row.participantId);
    if (!entry) continue;
    const lateStillPossible = now < lateDoseEndsAt(key, settings.sessionWindows, settings.doseTiming.lateDoseMinutes).at;
    if (row.outcome === "MISSED") {
      if (lateStillPossible) lateArrivals.push(rowFor(entry, key, row, false));
    } else if (row.stage === "DRAWN" || row.stage === "ADMINISTERED" || lateStillPossible) {
      unresolved.push(rowFor(entry, key, row, false));
    }
  }

  // Holds and induction first (DOMAIN.md: a missed dose can mean lost tolerance), then by name.
  const priority = (row: BoardRow) => (row.holds.some((h) => h.kind === "HARD") ? 0 : row.holds.length > 0 ? 1 : row.titrating ? 2 : 3);
  rows.sort((a, b) => priority(a) - priority(b) || a.name.localeCompare(b.name));
  notExpected.sort((a, b) => a.name.localeCompare(b.name));
  const closing = isCurrent && !closure && now >= window.closesAt ? await closePreview(tx, siteId, session, now) : null;
  return { session, isCurrent, window, closedAt: closure?.closedAt ?? null, rows, unresolved, lateArrivals, notExpected, closing, pendingDestructions: pending, stock, today };
}
