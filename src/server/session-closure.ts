import "server-only";
import type { SessionOutcome, SessionStage } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Db, Tx } from "@/db/client";
import {
  addLocalDays,
  clinicDate,
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
import { checkManualClose, closeEffect, lateDoseEndsAt, type CloseEffect } from "@/domain/dose-session";
import { awaitsOutageReview } from "@/domain/downtime";
import type { ClinicSettings } from "@/domain/settings";
import { formatTime } from "@/domain/format";
import { missedDoseHold, type MissedDosePolicy, type SessionRecord } from "@/domain/missed-doses";
import { audit } from "./audit";
import { currentSession } from "./dose-sessions";
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
  /** Checked in with a late dose authorised that can still be given: left open. */
  leftOpen: number;
  /** A dose drawn or under observation (only the catch-up meets these): left open, never closed by the clock. */
  inProgress: number;
  holdsPlaced: number;
};

/** Outcomes that leave the participant without opioid: the engine looks at these people. */
const NO_DOSE: readonly SessionOutcome[] = ["MISSED", "WITHHELD", "DECLINED"];

export type ClosePreview = {
  /** Everyone whose session closing changes, with what it does to them. */
  effects: { participantId: string; name: string; reference: string; effect: CloseEffect }[];
  /** What the nurse confirms: who becomes missed or withheld. */
  fingerprint: string;
};

type SessionRow = { id: string; participantId: string; stage: SessionStage; outcome: SessionOutcome | null; lateAuthorised: boolean };

async function sessionRows(tx: Tx, siteId: string, key: SessionKey): Promise<SessionRow[]> {
  const rows = await tx.doseSession.findMany({
    where: { siteId, sessionDate: localDateToDb(key.date), slot: key.slot },
    select: { id: true, participantId: true, stage: true, outcome: true, events: { where: { step: "AUTHORISE_LATE" }, select: { id: true } } },
  });
  return rows.map(({ events, ...row }) => ({ ...row, lateAuthorised: events.length > 0 }));
}

/** What closing the session now would do to each participant (closeEffect, the lifecycle's one rule). */
async function closeEffects(tx: Tx, siteId: string, key: SessionKey, now: Date, settings: ClinicSettings, sessions: SessionRow[]) {
  const { closesAt } = sessionWindow(key, settings.sessionWindows);
  const lateEnds = lateDoseEndsAt(key, settings.sessionWindows, settings.doseTiming.lateDoseMinutes).at;
  // The roster as it stood when the window closed: what was prescribed then decides who was expected.
  const roster = await sessionRoster(tx, siteId, key, closesAt, settings);
  const sessionOf = new Map(sessions.map((s) => [s.participantId, s]));
  return roster.map((entry) => {
    const row = sessionOf.get(entry.participantId);
    const effect: CloseEffect | "NOT_EXPECTED" = row
      ? closeEffect(row.stage, row.lateAuthorised && now < lateEnds)
      : entry.notExpectedReason
        ? "NOT_EXPECTED"
        : closeEffect("WAITING", false);
    return { entry, row, effect };
  });
}

function fingerprintOf(effects: { participantId: string; effect: string }[]): string {
  return effects
    .filter((e) => e.effect === "MISSED" || e.effect === "WITHHELD")
    .map((e) => `${e.participantId}:${e.effect}`)
    .sort()
    .join(",");
}

/** Who closing the session would mark missed or withheld, and who it leaves open: shown to the nurse before she confirms. */
export async function closePreview(tx: Tx, siteId: string, key: SessionKey, now: Date): Promise<ClosePreview> {
  const settings = await siteSettings(tx, siteId);
  const planned = await closeEffects(tx, siteId, key, now, settings, await sessionRows(tx, siteId, key));
  const effects = planned
    .filter((p): p is typeof p & { effect: CloseEffect } => p.effect !== "NOT_EXPECTED" && p.effect !== "UNCHANGED")
    .map((p) => ({ participantId: p.entry.participantId, name: p.entry.name, reference: p.entry.reference, effect: p.effect }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { effects, fingerprint: fingerprintOf(effects) };
}

/**
 * Closes one session of a site. A nurse (actor) closes the session she worked once its
 * window has closed, nobody is part-way through a dose, and she has confirmed the list of
 * who becomes missed or withheld; a past session only a few days back and with a reason.
 * The catch-up (actor null) closes a past session nobody closed. Neither ever closes a dose
 * in progress (drawn, or given and under observation): it stays open, unresolved, until the
 * nurse records what happened. A late dose authorised that can still be given stays open
 * too. A second close changes nothing.
 *
 * DoseSessionEvent.byId is required, so a close with no actor writes no step events: the
 * session rows, the SessionClosure (closedById null) and the audit event record it.
 */
export async function closeSession(
  tx: Tx,
  actor: Actor | null,
  input: { siteId: string; date: LocalDate; slot: SessionSlot; confirmedEffects?: string; reason?: string },
  now: Date = new Date(),
): Promise<CloseSessionResult> {
  const key: SessionKey = { date: input.date, slot: input.slot };
  const sessionDate = localDateToDb(input.date);
  // Every participant row of the site, in one order: a check-in waits for the close (and
  // then finds the session closed), or the close waits for the check-in (and sees it).
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE "siteId" = ${input.siteId} ORDER BY id FOR UPDATE`;

  const notClosed: CloseSessionResult = { closed: false, missed: 0, notExpected: 0, withheld: 0, leftOpen: 0, inProgress: 0, holdsPlaced: 0 };
  if (await tx.sessionClosure.findUnique({ where: { siteId_sessionDate_slot: { siteId: input.siteId, sessionDate, slot: input.slot } }, select: { id: true } })) return notClosed;
  const settings = await siteSettings(tx, input.siteId);
  // Which session a nurse may close is decided first: a date far off is refused before
  // anything is worked out for it.
  if (actor) {
    const current = await currentSession(tx, input.siteId, now, settings.sessionWindows);
    const manual = checkManualClose({ session: key, current, today: clinicDate(now), reason: input.reason, timing: settings.doseTiming });
    if (!manual.ok) throw new RuleError("session.closeNotAllowed", manual.reason, { reason: manual.reason });
  }
  const sessions = await sessionRows(tx, input.siteId, key);
  const planned = await closeEffects(tx, input.siteId, key, now, settings, sessions);
  if (actor) {
    refuseEarlyOrUnfinishedClose(key, sessionWindow(key, settings.sessionWindows).closesAt, now, planned);
    if (input.confirmedEffects === undefined) {
      throw new RuleError("session.confirm", "Check who will be marked missed or withheld, then confirm closing the session.");
    }
    if (input.confirmedEffects !== fingerprintOf(planned.map((p) => ({ participantId: p.entry.participantId, effect: p.effect })))) {
      throw new RuleError("session.changed", "The session has changed since the list was shown (someone was checked in or a step was recorded): check the list again before closing. Nothing was closed.");
    }
  }

  const claimed = await tx.sessionClosure.createManyAndReturn({
    data: [{ siteId: input.siteId, sessionDate, slot: input.slot, closedAt: now, closedById: actor?.userId ?? null }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (claimed.length === 0) return notClosed;

  // Checked in, nothing drawn, no late dose that can still be given: the dose was not given.
  const withheld = planned.flatMap((p) => (p.effect === "WITHHELD" && p.row ? [p.row] : []));
  for (const s of withheld) {
    await tx.doseSession.update({ where: { id: s.id }, data: { stage: "CLOSED", outcome: "WITHHELD", givenMg: 0 } });
    if (actor) await tx.doseSessionEvent.create({ data: { doseSessionId: s.id, step: "WITHHOLD", at: now, byId: actor.userId, reason: "The session closed before a dose was given." } });
  }

  const absent = planned.filter((p) => !p.row);
  const rows = await tx.doseSession.createManyAndReturn({
    data: absent.map(({ entry, effect }) => ({
      siteId: input.siteId,
      participantId: entry.participantId,
      episodeId: entry.episodeId,
      sessionDate,
      slot: input.slot,
      stage: "CLOSED" as const,
      outcome: effect === "NOT_EXPECTED" ? ("NOT_EXPECTED" as const) : ("MISSED" as const),
      createdAt: now,
    })),
    select: { id: true, participantId: true, outcome: true },
  });
  if (actor) {
    const reasons = new Map(absent.map(({ entry }) => [entry.participantId, entry.notExpectedReason]));
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
  for (const s of sessions) outcomeOf.set(s.participantId, withheld.includes(s) ? "WITHHELD" : s.outcome);
  for (const r of rows) outcomeOf.set(r.participantId, r.outcome);
  const undosed = planned.flatMap(({ entry }) => {
    const outcome = outcomeOf.get(entry.participantId);
    return outcome != null && NO_DOSE.includes(outcome) ? [entry] : [];
  });
  const holdsPlaced = await placeMissedDoseHolds(tx, actor, input.siteId, key, undosed, settings.missedDosePolicy);

  const result: CloseSessionResult = {
    closed: true,
    missed: rows.filter((r) => r.outcome === "MISSED").length,
    notExpected: rows.filter((r) => r.outcome === "NOT_EXPECTED").length,
    withheld: withheld.length,
    leftOpen: planned.filter((p) => p.effect === "STAYS_OPEN").length,
    inProgress: planned.filter((p) => p.effect === "IN_PROGRESS").length,
    holdsPlaced,
  };
  await audit(tx, actor, {
    siteId: input.siteId,
    action: "session.close",
    entity: "SessionClosure",
    entityId: claimed[0]!.id,
    // Doses still in progress are named so they can be found, even after an automatic close.
    summary: { siteId: input.siteId, date: input.date, slot: input.slot, ...result, inProgressSessions: planned.flatMap((p) => (p.effect === "IN_PROGRESS" && p.row ? [p.row.id] : [])) },
    reason: input.reason ?? null,
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
  planned: { entry: { reference: string }; row?: SessionRow; effect: string }[],
): void {
  if (now < closesAt) {
    throw new RuleError("session.stillOpen", `The ${key.slot} session runs until ${formatTime(closesAt)}: close it after that, so nobody who arrives in time is marked missed.`);
  }
  const inProgress = planned.filter((p) => p.effect === "IN_PROGRESS" && p.row);
  const drawn = inProgress.filter((p) => p.row!.stage === "DRAWN").map((p) => p.entry.reference);
  const observing = inProgress.filter((p) => p.row!.stage === "ADMINISTERED").map((p) => p.entry.reference);
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
async function placeMissedDoseHolds(tx: Tx, actor: Actor | null, siteId: string, closing: SessionKey, undosed: RosterEntry[], policy: MissedDosePolicy): Promise<number> {
  if (undosed.length === 0) return 0;
  const episodeIds = undosed.map((entry) => entry.episodeId);
  const [recordsOf, openHolds] = await Promise.all([
    missedDoseRecords(tx, episodeIds, closing, policy),
    tx.hold.findMany({
      where: { episodeId: { in: episodeIds }, kind: "HARD", clearance: { is: null }, source: { in: ["MISSED_DOSES", "INDUCTION_MISS"] } },
      select: { episodeId: true, source: true },
    }),
  ]);

  let placed = 0;
  for (const entry of undosed) {
    const hold = missedDoseHold({ records: recordsOf(entry.episodeId), closing, inInduction: entry.titrating, policy });
    if (!hold || openHolds.some((h) => h.episodeId === entry.episodeId && h.source === hold.source)) continue;
    const created = await tx.hold.create({
      data: { participantId: entry.participantId, episodeId: entry.episodeId, kind: hold.kind, source: hold.source, reason: hold.reason, placedById: null },
      select: { id: true },
    });
    await audit(tx, actor, {
      siteId,
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

/**
 * What the missed-dose engine reads for each episode as a session closes: its finished
 * sessions up to the closing one, plus NOT_EXPECTED for any break day without one (older
 * data has no row for break days, and a break must never count as missed).
 */
async function missedDoseRecords(tx: Tx, episodeIds: string[], closing: SessionKey, policy: MissedDosePolicy): Promise<(episodeId: string) => SessionRecord[]> {
  // The engine counts back at most one day past its threshold to decide.
  const from = addLocalDays(closing.date, -Math.max(1, policy.consecutiveDaysWithoutDoseForHardHold));
  const [sessions, breaks] = await Promise.all([
    tx.doseSession.findMany({
      where: { episodeId: { in: episodeIds }, sessionDate: { gte: localDateToDb(from), lte: localDateToDb(closing.date) } },
      select: { episodeId: true, sessionDate: true, slot: true, outcome: true },
    }),
    tx.break.findMany({
      where: { episodeId: { in: episodeIds }, startedOn: { lte: localDateToDb(closing.date) }, OR: [{ endedOn: null }, { endedOn: { gt: localDateToDb(from) } }] },
      select: { episodeId: true, startedOn: true, endedOn: true },
    }),
  ]);
  return (episodeId) => {
    // Sessions still in progress (no outcome yet) are not finished, so they are not records.
    const records: SessionRecord[] = sessions.flatMap((s) =>
      s.episodeId === episodeId && s.outcome ? [{ date: dbDateToLocal(s.sessionDate), slot: s.slot, outcome: s.outcome }] : [],
    );
    const episodeBreaks = breaks.filter((b) => b.episodeId === episodeId);
    for (const session of sessionsBetween(from, closing.date)) {
      if (compareSessions(session, closing) > 0) continue;
      const onBreak = episodeBreaks.some((b) => session.date >= dbDateToLocal(b.startedOn) && (b.endedOn === null || session.date < dbDateToLocal(b.endedOn)));
      if (onBreak && !records.some((r) => compareSessions(r, session) === 0)) records.push({ ...session, outcome: "NOT_EXPECTED" });
    }
    return records;
  };
}

/**
 * Runs the missed-dose engine again, on the record as corrected by doses entered from paper,
 * at the session that placed each open automatic hold of these participants. A hold it would
 * no longer place was placed in error (the outage's empty sessions read as days without a
 * dose) and is lifted: holds are never rewritten, so a HoldClearance says why, by the
 * approver. Returns the holds lifted.
 */
export async function liftHoldsPlacedInError(tx: Tx, actor: Actor, participantIds: string[], now: Date): Promise<string[]> {
  const holds = await tx.hold.findMany({
    where: { participantId: { in: participantIds }, placedById: null, kind: "HARD", clearance: { is: null }, source: { in: ["MISSED_DOSES", "INDUCTION_MISS"] } },
    select: { id: true, participantId: true, episodeId: true, source: true },
  });
  if (holds.length === 0) return [];
  const settings = await siteSettings(tx, actor.siteId);
  const placings = await tx.auditEvent.findMany({ where: { action: "hold.place", entity: "Hold", entityId: { in: holds.map((h) => h.id) } }, select: { entityId: true, summary: true } });
  const lifted: string[] = [];
  for (const hold of holds) {
    const closing = (placings.find((p) => p.entityId === hold.id)?.summary as { closing?: SessionKey } | null)?.closing;
    if (!closing) continue;
    const [entry] = await sessionRoster(tx, actor.siteId, closing, sessionWindow(closing, settings.sessionWindows).closesAt, settings, { participantId: hold.participantId });
    const recordsOf = await missedDoseRecords(tx, [hold.episodeId], closing, settings.missedDosePolicy);
    const again = missedDoseHold({ records: recordsOf(hold.episodeId), closing, inInduction: entry?.titrating ?? false, policy: settings.missedDosePolicy });
    if (again?.source === hold.source) continue;
    const note = `Placed in error: the doses given on paper during the outage, entered and approved, were not on the record when the ${closing.slot} session of ${closing.date} closed. The missed-dose engine, run again on the corrected record, places no hold.`;
    await tx.holdClearance.create({ data: { holdId: hold.id, clearedAt: now, clearedById: actor.userId, note } });
    await audit(tx, actor, {
      action: "hold.liftedAfterBackEntry",
      entity: "Hold",
      entityId: hold.id,
      participantId: hold.participantId,
      summary: { source: hold.source, closing: { date: closing.date, slot: closing.slot } },
      reason: note,
      backEntered: true,
    });
    lifted.push(hold.id);
  }
  return lifted;
}

/** A fortnight: far beyond any real gap, and small enough that one page load never closes months of sessions. */
const CATCH_UP_DAYS = 14;

type CatchUp = { settings: ClinicSettings; sessions: SessionKey[]; lateDoses: ExpiredLateDose[]; awaitingReview: SessionKey[] };
type ExpiredLateDose = { id: string; participantId: string; session: SessionKey };

/**
 * What the catch-up has to do, read only: every past session of the site from the last
 * fortnight that nobody closed, oldest first, and the late doses authorised but never drawn
 * whose time is over. A session is past once the next one has opened: until then a late
 * dose may still be authorised in it.
 */
async function catchUpWork(reader: Tx, siteId: string, now: Date): Promise<CatchUp> {
  const settings = await siteSettings(reader, siteId);
  const latest = latestOpenedSession(now, settings.sessionWindows);
  const from = addLocalDays(latest.date, -CATCH_UP_DAYS);
  const [closures, open] = await Promise.all([
    reader.sessionClosure.findMany({
      where: { siteId, sessionDate: { gte: localDateToDb(from), lte: localDateToDb(latest.date) } },
      select: { sessionDate: true, slot: true },
    }),
    reader.doseSession.findMany({
      where: { siteId, stage: { in: ["CHECKED_IN", "ASSESSED"] }, sessionDate: { gte: localDateToDb(from) } },
      select: { id: true, participantId: true, sessionDate: true, slot: true },
    }),
  ]);
  const closed = new Set(closures.map((c) => `${dbDateToLocal(c.sessionDate)} ${c.slot}`));
  const unclosed = sessionsBetween(from, latest.date).filter((s) => compareSessions(s, latest) < 0 && !closed.has(`${s.date} ${s.slot}`));
  const awaitingReview = await outagesAmong(reader, siteId, unclosed, settings);
  const sessions = unclosed.filter((s) => !awaitingReview.some((o) => compareSessions(o, s) === 0));
  const lateDoses = open
    .map((s) => ({ id: s.id, participantId: s.participantId, session: { date: dbDateToLocal(s.sessionDate), slot: s.slot } }))
    .filter(({ session }) => closed.has(`${session.date} ${session.slot}`) && now >= lateDoseEndsAt(session, settings.sessionWindows, settings.doseTiming.lateDoseMinutes).at);
  return { settings, sessions, lateDoses, awaitingReview };
}

/**
 * The sessions, among these unclosed ones, that look like an outage (awaitsOutageReview):
 * not one dose session begun (every step, from the check-in, belongs to one) and somebody
 * expected, by the roster as the window closed. One read while every session has a step;
 * the roster is read only for a session with none, which is rare (an outage, a new clinic).
 */
async function outagesAmong(reader: Tx, siteId: string, unclosed: SessionKey[], settings: ClinicSettings): Promise<SessionKey[]> {
  if (unclosed.length === 0) return [];
  const begun = await reader.doseSession.groupBy({
    by: ["sessionDate", "slot"],
    where: { siteId, sessionDate: { gte: localDateToDb(unclosed[0]!.date), lte: localDateToDb(unclosed.at(-1)!.date) } },
    _count: { _all: true },
  });
  const outages: SessionKey[] = [];
  for (const session of unclosed) {
    const stepsRecorded = begun.find((b) => dbDateToLocal(b.sessionDate) === session.date && b.slot === session.slot)?._count._all ?? 0;
    if (stepsRecorded > 0) continue;
    const roster = await sessionRoster(reader, siteId, session, sessionWindow(session, settings.sessionWindows).closesAt, settings);
    if (awaitsOutageReview({ expected: roster.filter((entry) => !entry.notExpectedReason).length, stepsRecorded })) outages.push(session);
  }
  return outages;
}

/**
 * The past sessions of the last fortnight that the catch-up leaves waiting because they look
 * like an outage: a prescriber or CD lead confirms each ran without the system, or approves
 * the doses entered from its paper sheet (src/server/back-entry.ts). Read only.
 */
export async function sessionsAwaitingOutageReview(reader: Tx, siteId: string, now: Date = new Date()): Promise<SessionKey[]> {
  return (await catchUpWork(reader, siteId, now)).awaitingReview;
}

/**
 * Closes every past session nobody closed, oldest first (each close feeds the next one's
 * missed-dose count), then withholds the late doses whose time is over (see `catchUpWork`).
 * A session that looks like an outage is left waiting for a prescriber's or CD lead's review
 * (`sessionsAwaitingOutageReview`): nobody is marked missed and no hold is placed for it.
 * Idempotent: run it as often as you like (a scheduler runs it: `npm run sessions:close`).
 */
export async function catchUpClosures(tx: Tx, siteId: string, now: Date = new Date()): Promise<SessionKey[]> {
  const { settings, sessions, lateDoses } = await catchUpWork(tx, siteId, now);
  for (const session of sessions) await closeSession(tx, null, { siteId, ...session }, now);
  await withholdExpiredLateDoses(tx, siteId, lateDoses, now, settings);
  return sessions;
}

/**
 * Today's catch-up before the board is read: asks first, reading only, and opens the write
 * transaction only when a session or a late dose is due, which is seldom (every tablet's
 * render used to open one).
 */
export async function closeWhatIsDue(prisma: Db, siteId: string, now: Date = new Date()): Promise<SessionKey[]> {
  const due = await catchUpWork(prisma, siteId, now);
  if (due.sessions.length === 0 && due.lateDoses.length === 0) return [];
  return prisma.$transaction((tx) => catchUpClosures(tx, siteId, now), { maxWait: 10_000, timeout: 60_000 });
}

/**
 * A late dose left open at a nurse's close that was never drawn: once the late-dose time is
 * over it can no longer be given, so the session is withheld and the missed-dose engine
 * runs for it, as the close would have done.
 */
async function withholdExpiredLateDoses(tx: Tx, siteId: string, lateDoses: ExpiredLateDose[], now: Date, settings: ClinicSettings): Promise<void> {
  for (const s of lateDoses) {
    const key: SessionKey = s.session;
    await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${s.participantId} FOR UPDATE`;
    const updated = await tx.doseSession.updateMany({ where: { id: s.id, stage: { in: ["CHECKED_IN", "ASSESSED"] } }, data: { stage: "CLOSED", outcome: "WITHHELD", givenMg: 0 } });
    if (updated.count === 0) continue;
    const roster = await sessionRoster(tx, siteId, key, sessionWindow(key, settings.sessionWindows).closesAt, settings, { participantId: s.participantId });
    const holdsPlaced = await placeMissedDoseHolds(tx, null, siteId, key, roster, settings.missedDosePolicy);
    await audit(tx, null, {
      siteId,
      action: "doseSession.lateDoseExpired",
      entity: "DoseSession",
      entityId: s.id,
      participantId: s.participantId,
      summary: { date: key.date, slot: key.slot, holdsPlaced },
      reason: "The late-dose time ended before a dose was drawn.",
    });
  }
}

/** What a nurse's close of a session did (the summary shown after closing), or null if no nurse closed it. */
export async function lastSessionClosed(tx: Tx, siteId: string, session: SessionKey) {
  const closure = await tx.sessionClosure.findUnique({
    where: { siteId_sessionDate_slot: { siteId, sessionDate: localDateToDb(session.date), slot: session.slot } },
    select: { id: true, closedAt: true, closedBy: { select: { name: true } } },
  });
  if (!closure?.closedBy) return null;
  const audit = await tx.auditEvent.findFirst({ where: { action: "session.close", entity: "SessionClosure", entityId: closure.id }, select: { summary: true } });
  if (!audit) return null;
  const summary = audit.summary as Partial<CloseSessionResult>;
  return {
    session,
    closedAt: closure.closedAt,
    closedBy: closure.closedBy.name,
    missed: summary.missed ?? 0,
    withheld: summary.withheld ?? 0,
    leftOpen: summary.leftOpen ?? 0,
    holdsPlaced: summary.holdsPlaced ?? 0,
  };
}
