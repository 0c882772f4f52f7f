import "server-only";
import type { SessionOutcome } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import {
  addLocalDays,
  compareSessions,
  dbDateToLocal,
  latestOpenedSession,
  localDateToDb,
  sessionsBetween,
  sessionWindow,
  type LocalDate,
  type SessionKey,
  type SessionSlot,
} from "@/domain/clinic-time";
import { nextStageFor } from "@/domain/dose-session";
import { formatTime } from "@/domain/format";
import { missedDoseHold, type MissedDosePolicy, type SessionRecord } from "@/domain/missed-doses";
import { audit } from "./audit";
import { log } from "./log";
import { RuleError } from "./errors";
import { sessionRoster, type RosterEntry } from "./session-roster";
import { siteSettings } from "./settings";

/**
 * Closing a session: everyone expected who did not come is MISSED, everyone on the roster
 * but not expected (a break, nothing prescribed) is NOT_EXPECTED, and the missed-dose
 * engine (src/domain/missed-doses.ts) decides who needs a prescriber's review before the
 * next dose. Every participant then has exactly one record for the session, which is what
 * attendance and the engine count.
 */

export type CloseSessionResult = {
  closed: boolean;
  missed: number;
  notExpected: number;
  withheld: number;
  holdsPlaced: number;
};

/** Outcomes that leave the participant without opioid: the engine looks at these people. */
const NO_DOSE: readonly SessionOutcome[] = ["MISSED", "WITHHELD", "DECLINED"];

/**
 * Closes one session of a site. A nurse (actor) closes the session they worked, once its
 * window has closed and nobody is part-way through a dose; the catch-up (actor null) closes
 * a past session nobody closed, whatever state it was left in. A second close changes nothing.
 *
 * DoseSessionEvent.byId is required, so a close with no actor writes no step events: the
 * session rows, the SessionClosure (closedById null) and the audit event record it.
 */
export async function closeSession(
  tx: Tx,
  actor: Actor | null,
  input: { siteId: string; date: LocalDate; slot: SessionSlot },
  now: Date = new Date(),
): Promise<CloseSessionResult> {
  const key: SessionKey = { date: input.date, slot: input.slot };
  const sessionDate = localDateToDb(input.date);
  // Every participant row of the site, in one order: a check-in waits for the close (and
  // then finds the session closed), or the close waits for the check-in (and sees it).
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE "siteId" = ${input.siteId} ORDER BY id FOR UPDATE`;

  const settings = await siteSettings(tx, input.siteId);
  const { closesAt } = sessionWindow(key, settings.sessionWindows);
  const sessions = await tx.doseSession.findMany({
    where: { siteId: input.siteId, sessionDate, slot: input.slot },
    select: { id: true, participantId: true, stage: true, outcome: true, participant: { select: { reference: true } } },
  });
  if (actor) refuseEarlyOrUnfinishedClose(key, closesAt, now, sessions);

  const claimed = await tx.sessionClosure.createManyAndReturn({
    data: [{ siteId: input.siteId, sessionDate, slot: input.slot, closedAt: now, closedById: actor?.userId ?? null }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (claimed.length === 0) return { closed: false, missed: 0, notExpected: 0, withheld: 0, holdsPlaced: 0 };

  // Checked in but never dosed: the dose was not given, so the session closes as withheld.
  const open = sessions.filter((s) => typeof nextStageFor("WITHHOLD", s.stage) === "string");
  for (const s of open) {
    const reason =
      s.stage === "DRAWN"
        ? "The session closed with the dose drawn but not given: destroy the drawn dose under witness and record it in the CD register."
        : "The session closed before a dose was given.";
    await tx.doseSession.update({ where: { id: s.id }, data: { stage: "CLOSED", outcome: "WITHHELD", givenMg: 0 } });
    if (actor) await tx.doseSessionEvent.create({ data: { doseSessionId: s.id, step: "WITHHOLD", at: now, byId: actor.userId, reason } });
  }

  // The roster as it stood when the window closed: what was prescribed then decides who was expected.
  const roster = await sessionRoster(tx, input.siteId, key, closesAt);
  const recorded = new Set(sessions.map((s) => s.participantId));
  const absent = roster.filter((entry) => !recorded.has(entry.participantId));
  const rows = await tx.doseSession.createManyAndReturn({
    data: absent.map((entry) => ({
      siteId: input.siteId,
      participantId: entry.participantId,
      episodeId: entry.episodeId,
      sessionDate,
      slot: input.slot,
      stage: "CLOSED" as const,
      outcome: entry.notExpectedReason ? ("NOT_EXPECTED" as const) : ("MISSED" as const),
      createdAt: now,
    })),
    select: { id: true, participantId: true, outcome: true },
  });
  if (actor) {
    const reasons = new Map(absent.map((entry) => [entry.participantId, entry.notExpectedReason]));
    await tx.doseSessionEvent.createMany({
      data: rows.map((row) => ({
        doseSessionId: row.id,
        step: row.outcome === "MISSED" ? ("MISS" as const) : ("NOT_EXPECTED" as const),
        at: now,
        byId: actor.userId,
        reason: reasons.get(row.participantId) ?? null,
      })),
    });
  }

  const outcomeOf = new Map<string, SessionOutcome | null>();
  for (const s of sessions) outcomeOf.set(s.participantId, open.includes(s) ? "WITHHELD" : s.outcome);
  for (const r of rows) outcomeOf.set(r.participantId, r.outcome);
  const undosed = roster.filter((entry) => {
    const outcome = outcomeOf.get(entry.participantId);
    return outcome != null && NO_DOSE.includes(outcome);
  });
  const holdsPlaced = await placeMissedDoseHolds(tx, actor, key, undosed, settings.missedDosePolicy);

  const result: CloseSessionResult = {
    closed: true,
    missed: rows.filter((r) => r.outcome === "MISSED").length,
    notExpected: rows.filter((r) => r.outcome === "NOT_EXPECTED").length,
    withheld: open.length,
    holdsPlaced,
  };
  await audit(tx, actor, {
    action: "session.close",
    entity: "SessionClosure",
    entityId: claimed[0]!.id,
    // Doses drawn and never given must be found for witnessed destruction (CD register), even after an automatic close.
    summary: { siteId: input.siteId, date: input.date, slot: input.slot, ...result, drawnNotGiven: open.filter((s) => s.stage === "DRAWN").map((s) => s.id) },
  });
  log.info(
    { event: "session.close", siteId: input.siteId, date: input.date, slot: input.slot, closedBy: actor?.userId ?? "catch-up", ...result },
    "session closed",
  );
  return result;
}

/**
 * A nurse closes a session only after its window has closed (so nobody arriving in time is
 * marked missed) and when every dose drawn has been given or withheld and every dose given
 * has been observed and signed off: a drawn controlled drug must be accounted for.
 */
function refuseEarlyOrUnfinishedClose(
  key: SessionKey,
  closesAt: Date,
  now: Date,
  sessions: { stage: string; participant: { reference: string } }[],
): void {
  if (now < closesAt) {
    throw new RuleError("session.stillOpen", `The ${key.slot} session runs until ${formatTime(closesAt)}: close it after that, so nobody who arrives in time is marked missed.`);
  }
  const drawn = sessions.filter((s) => s.stage === "DRAWN").map((s) => s.participant.reference);
  const observing = sessions.filter((s) => s.stage === "ADMINISTERED").map((s) => s.participant.reference);
  const waitingFor = [
    drawn.length > 0 ? `record the drawn dose as given or withheld for ${drawn.join(", ")}` : null,
    observing.length > 0 ? `sign off ${observing.join(", ")} after observation` : null,
  ].filter((w): w is string => w !== null);
  if (waitingFor.length > 0) throw new RuleError("session.unfinished", `Before closing the session, ${waitingFor.join("; and ")}.`);
}

/**
 * Runs the missed-dose engine for the participants left without a dose at this session and
 * places a hard hold where it says so, unless the same kind of automatic hold is already
 * open. Records are this episode's sessions, plus NOT_EXPECTED for any break day without
 * one (older data has no row for break days, and a break must never count as missed).
 */
async function placeMissedDoseHolds(tx: Tx, actor: Actor | null, closing: SessionKey, undosed: RosterEntry[], policy: MissedDosePolicy): Promise<number> {
  if (undosed.length === 0) return 0;
  // The engine counts back at most one day past its threshold to decide.
  const from = addLocalDays(closing.date, -Math.max(1, policy.consecutiveDaysWithoutDoseForHardHold));
  const episodeIds = undosed.map((entry) => entry.episodeId);
  const [sessions, breaks, openHolds] = await Promise.all([
    tx.doseSession.findMany({
      where: { episodeId: { in: episodeIds }, sessionDate: { gte: localDateToDb(from), lte: localDateToDb(closing.date) } },
      select: { episodeId: true, sessionDate: true, slot: true, outcome: true },
    }),
    tx.break.findMany({
      where: { episodeId: { in: episodeIds }, startedOn: { lte: localDateToDb(closing.date) }, OR: [{ endedOn: null }, { endedOn: { gt: localDateToDb(from) } }] },
      select: { episodeId: true, startedOn: true, endedOn: true },
    }),
    tx.hold.findMany({
      where: { episodeId: { in: episodeIds }, kind: "HARD", clearedAt: null, source: { in: ["MISSED_DOSES", "INDUCTION_MISS"] } },
      select: { episodeId: true, source: true },
    }),
  ]);

  let placed = 0;
  for (const entry of undosed) {
    // Sessions still in progress (no outcome yet) are not finished, so they are not records.
    const records: SessionRecord[] = sessions.flatMap((s) =>
      s.episodeId === entry.episodeId && s.outcome ? [{ date: dbDateToLocal(s.sessionDate), slot: s.slot, outcome: s.outcome }] : [],
    );
    const episodeBreaks = breaks.filter((b) => b.episodeId === entry.episodeId);
    for (const session of sessionsBetween(from, closing.date)) {
      if (compareSessions(session, closing) > 0) continue;
      const onBreak = episodeBreaks.some((b) => session.date >= dbDateToLocal(b.startedOn) && (b.endedOn === null || session.date < dbDateToLocal(b.endedOn)));
      if (onBreak && !records.some((r) => compareSessions(r, session) === 0)) records.push({ ...session, outcome: "NOT_EXPECTED" });
    }

    const hold = missedDoseHold({ records, closing, inInduction: entry.inInduction, policy });
    if (!hold || openHolds.some((h) => h.episodeId === entry.episodeId && h.source === hold.source)) continue;
    const created = await tx.hold.create({
      data: { participantId: entry.participantId, episodeId: entry.episodeId, kind: hold.kind, source: hold.source, reason: hold.reason, placedById: null },
      select: { id: true },
    });
    await audit(tx, actor, {
      action: "hold.place",
      entity: "Hold",
      entityId: created.id,
      participantId: entry.participantId,
      summary: { kind: hold.kind, source: hold.source, closing: { date: closing.date, slot: closing.slot } },
      reason: hold.reason,
    });
    placed += 1;
  }
  return placed;
}

/** A fortnight: far beyond any real gap, and small enough that one page load never closes months of sessions. */
const CATCH_UP_DAYS = 14;

/**
 * Closes every past session of the site from the last fortnight that nobody closed, oldest
 * first (each close feeds the next one's missed-dose count). A session is past once the
 * next one has opened: until then a late dose may still be authorised in it. Idempotent:
 * run it as often as you like (the Today page runs it on every load; so can a scheduler).
 */
export async function catchUpClosures(tx: Tx, siteId: string, now: Date = new Date()): Promise<SessionKey[]> {
  const { sessionWindows } = await siteSettings(tx, siteId);
  const latest = latestOpenedSession(now, sessionWindows);
  const from = addLocalDays(latest.date, -CATCH_UP_DAYS);
  const closures = await tx.sessionClosure.findMany({
    where: { siteId, sessionDate: { gte: localDateToDb(from), lte: localDateToDb(latest.date) } },
    select: { sessionDate: true, slot: true },
  });
  const closed = new Set(closures.map((c) => `${dbDateToLocal(c.sessionDate)} ${c.slot}`));
  const due = sessionsBetween(from, latest.date).filter((s) => compareSessions(s, latest) < 0 && !closed.has(`${s.date} ${s.slot}`));
  for (const session of due) await closeSession(tx, null, { siteId, ...session }, now);
  return due;
}
