import "server-only";
import type { HoldKind, SessionOutcome, SessionStage } from "@/generated/prisma/client";
import type { Tx } from "@/db/client";
import { compareSessions, localDateToDb, sessionWindow, type SessionKey } from "@/domain/clinic-time";
import { assessmentConcerns } from "@/domain/dose-session";
import type { ClinicSettings } from "@/domain/settings";
import { currentSession, LATE_DOSE_AUTHORISED } from "./dose-sessions";
import { sessionRoster } from "./session-roster";
import { siteSettings } from "./settings";

/** Read model for the Today screen: one session, everyone on its roster, each with where they are in the dose workflow. */

export type BoardStatus = "WAITING" | "CHECKED_IN" | "ASSESSED" | "DRAWN" | "OBSERVING" | "SIGNED_OFF" | "WITHHELD" | "DECLINED" | "MISSED";

/** The one step the nurse takes next; the page shows only its form. */
export type NextStep = "CHECK_IN" | "ASSESS" | "WITHHOLD" | "AWAIT_LATE_AUTHORISATION" | "AWAIT_WINDOW" | "DRAW" | "ADMINISTER" | "SIGN_OFF" | null;

export type WindowState = "NOT_YET_OPEN" | "OPEN" | "LATE" | "OVER";

export type BoardRow = {
  participantId: string;
  reference: string;
  name: string;
  status: BoardStatus;
  next: NextStep;
  doseSessionId: string | null;
  prescribedMg: number;
  inInduction: boolean;
  holds: { kind: HoldKind; reason: string }[];
  /** Reasons the pre-dose assessment gives to withhold (empty: fit to dose). */
  concerns: string[];
  lateAuthorised: boolean;
  givenMg: number | null;
  observationEndsAt: Date | null;
  /** Why a dose was withheld or declined. */
  note: string | null;
};

export type SessionBoard = {
  session: SessionKey;
  /** The session the floor is working now: only then does the page offer steps. */
  isCurrent: boolean;
  window: { opensAt: Date; closesAt: Date; state: WindowState };
  closedAt: Date | null;
  rows: BoardRow[];
  notExpected: { participantId: string; reference: string; name: string; reason: string }[];
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
  const state: WindowState = compareSessions(session, current) < 0 ? "OVER" : now < opensAt ? "NOT_YET_OPEN" : now < closesAt ? "OPEN" : "LATE";
  return { opensAt, closesAt, state };
}

/**
 * The session being worked now (see currentSession), or another one asked for, such as the
 * session just closed. A constant number of queries whatever the number of participants:
 * settings, the roster, the session rows, their events, the late-dose authorisations and
 * the closure.
 */
export async function todayBoard(tx: Tx, siteId: string, now: Date, asked?: SessionKey): Promise<SessionBoard> {
  const settings = await siteSettings(tx, siteId);
  const current = await currentSession(tx, siteId, now, settings.sessionWindows);
  const session = asked ?? current;
  const isCurrent = compareSessions(session, current) === 0;
  const window = windowState(session, current, now, settings);
  const sessionDate = localDateToDb(session.date);

  // Who is expected: by what is prescribed now while the session is worked (late doses too,
  // which are drawn against the prescription in force when drawn), as it stood when the
  // window closed once the session is past.
  const rosterAt = isCurrent ? now : window.closesAt;
  const [roster, sessions, closure] = await Promise.all([
    sessionRoster(tx, siteId, session, rosterAt),
    tx.doseSession.findMany({
      where: { siteId, sessionDate, slot: session.slot },
      select: { id: true, participantId: true, stage: true, outcome: true, givenMg: true, observationEndsAt: true },
    }),
    tx.sessionClosure.findUnique({ where: { siteId_sessionDate_slot: { siteId, sessionDate, slot: session.slot } }, select: { closedAt: true } }),
  ]);
  const ids = sessions.map((s) => s.id);
  const [events, lateAuthorisations] = await Promise.all([
    tx.doseSessionEvent.findMany({
      where: { doseSessionId: { in: ids }, step: { in: ["ASSESSMENT", "WITHHOLD", "DECLINE"] } },
      orderBy: { at: "asc" },
      select: { doseSessionId: true, step: true, sedationScore: true, breathAlcohol: true, withdrawalScore: true, spo2: true, reason: true },
    }),
    tx.auditEvent.findMany({ where: { action: LATE_DOSE_AUTHORISED, entity: "DoseSession", entityId: { in: ids } }, select: { entityId: true } }),
  ]);
  const sessionOf = new Map(sessions.map((s) => [s.participantId, s]));
  const authorised = new Set(lateAuthorisations.map((a) => a.entityId));

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
    const own = events.filter((e) => e.doseSessionId === row?.id);
    const assessment = own.findLast((e) => e.step === "ASSESSMENT");
    const concerns =
      row?.stage === "ASSESSED" && assessment
        ? assessmentConcerns(
            {
              sedationScore: assessment.sedationScore ?? Number.NaN,
              breathAlcoholMgPerL: assessment.breathAlcohol?.toNumber() ?? Number.NaN,
              withdrawalScore: assessment.withdrawalScore ?? Number.NaN,
              spo2: assessment.spo2 ?? undefined,
            },
            settings.assessmentPolicy,
          )
        : [];
    const status = statusOf(row);
    const holds = entry.openHolds.map((h) => ({ kind: h.kind, reason: h.reason }));
    const lateAuthorised = row ? authorised.has(row.id) : false;
    rows.push({
      participantId: entry.participantId,
      reference: entry.reference,
      name: entry.name,
      status,
      next: isCurrent ? nextStep(status, { concerns, hardHold: holds.some((h) => h.kind === "HARD"), window: window.state, lateAuthorised }) : null,
      doseSessionId: row?.id ?? null,
      prescribedMg: entry.prescription?.doseMg ?? 0,
      inInduction: entry.inInduction,
      holds,
      concerns,
      lateAuthorised,
      givenMg: row?.givenMg ?? null,
      observationEndsAt: row?.observationEndsAt ?? null,
      note: own.findLast((e) => e.step === "WITHHOLD" || e.step === "DECLINE")?.reason ?? null,
    });
  }

  // Holds and induction first (DOMAIN.md: a missed dose can mean lost tolerance), then by name.
  const priority = (row: BoardRow) => (row.holds.some((h) => h.kind === "HARD") ? 0 : row.holds.length > 0 ? 1 : row.inInduction ? 2 : 3);
  rows.sort((a, b) => priority(a) - priority(b) || a.name.localeCompare(b.name));
  notExpected.sort((a, b) => a.name.localeCompare(b.name));
  return { session, isCurrent, window, closedAt: closure?.closedAt ?? null, rows, notExpected };
}

function nextStep(status: BoardStatus, context: { concerns: string[]; hardHold: boolean; window: WindowState; lateAuthorised: boolean }): NextStep {
  switch (status) {
    case "WAITING":
      return "CHECK_IN";
    case "CHECKED_IN":
      return "ASSESS";
    case "ASSESSED":
      if (context.concerns.length > 0 || context.hardHold) return "WITHHOLD";
      if (context.window === "NOT_YET_OPEN") return "AWAIT_WINDOW";
      if (context.window === "LATE" && !context.lateAuthorised) return "AWAIT_LATE_AUTHORISATION";
      return "DRAW";
    case "DRAWN":
      return "ADMINISTER";
    case "OBSERVING":
      return "SIGN_OFF";
    default:
      return null;
  }
}
