import "server-only";
import type { Tx } from "@/db/client";
import { clinicDate, dbDateToLocal, localDateToDb, type LocalDate } from "@/domain/clinic-time";
import { GIVEN_OUTCOMES, isGivenOutcome, type ChartSession } from "@/domain/dose-chart";
import { lateDoseEndsAt } from "@/domain/dose-session";
import { LICENCE_WARNING_DAYS } from "@/domain/licences";
import { reviewReason, urgencyOrder, type QueueItem, type QueuePerson } from "@/domain/review-queue";
import { isTitrating } from "@/domain/titration";
import { licenceWarnings } from "./licences";
import { sessionsAwaitingOutageReview } from "./session-closure";
import { siteSettings } from "./settings";
import { todayBoard } from "./today-board";

/**
 * What a prescriber should look at, most urgent first (`urgencyOrder` in the domain decides
 * the order): late doses waiting for an authorisation now (someone checked in after the window
 * closed, as the Today board decides it), hard holds, reviews overdue, people with no
 * prescription yet, prescriptions above a limit the clinic has since lowered, reviews due
 * within a week, and titrations running. Beside it, the adverse events of the last 7 days,
 * newest first, and the prescribers here whose Home Office licence ends within 30 days or no
 * longer covers them.
 */
export async function reviewQueue(tx: Tx, siteId: string, now: Date = new Date()) {
  const { prescriptionReview, titrationDays, sessionWindows, doseTiming } = await siteSettings(tx, siteId);
  const today = clinicDate(now);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const participant = { select: { id: true, reference: true, identity: { select: { givenName: true, familyName: true } } } };

  const [board, holds, episodes, adverseEvents, licences, outages, backEntries] = await Promise.all([
    todayBoard(tx, siteId, now),
    tx.hold.findMany({
      where: {
        OR: [{ kind: "HARD" }, { kind: "SOFT", source: "LIMIT_LOWERED" }],
        clearance: { is: null },
        participant: { siteId },
        episode: { closedOn: null },
      },
      include: { participant: participant },
    }),
    tx.episode.findMany({
      where: { siteId, closedOn: null },
      include: { participant: participant, prescriptions: { where: { startsAt: { lte: now } }, orderBy: { version: "desc" }, take: 1 } },
    }),
    tx.adverseEvent.findMany({
      where: { occurredAt: { gte: weekAgo }, participant: { siteId } },
      orderBy: { occurredAt: "desc" },
      include: { participant: participant },
    }),
    licenceWarnings(tx, siteId, now),
    sessionsAwaitingOutageReview(tx, siteId, now),
    tx.backEntry.groupBy({ by: ["sessionDate", "slot"], where: { siteId, decision: { is: null } }, _count: { _all: true } }),
  ]);

  const person = (p: { id: string; reference: string; identity: { givenName: string; familyName: string } | null }): QueuePerson => ({
    participantId: p.id,
    reference: p.reference,
    name: p.identity ? `${p.identity.givenName} ${p.identity.familyName}` : p.reference,
  });

  const items: QueueItem[] = [
    ...[...board.unresolved, ...board.rows]
      .filter((row) => row.next === "AWAIT_LATE_AUTHORISATION")
      .map((row) => ({
        participantId: row.participantId,
        reference: row.reference,
        name: row.name,
        reason: { kind: "LATE_DOSE" as const, session: row.session, until: lateDoseEndsAt(row.session, sessionWindows, doseTiming.lateDoseMinutes).at },
      })),
    ...holds.map((h) => ({ ...person(h.participant), reason: { kind: h.kind === "HARD" ? ("HARD_HOLD" as const) : ("LIMIT_HOLD" as const), holdId: h.id, reason: h.reason, since: h.placedAt } })),
    ...episodes.flatMap((e) => {
      const inForce = e.prescriptions[0];
      const review = inForce ? reviewReason(dbDateToLocal(inForce.reviewBy), today, prescriptionReview) : { kind: "NO_PRESCRIPTION" as const };
      const titrating = e.titrationFrom && isTitrating(e, now, titrationDays) ? { kind: "TITRATING" as const, since: e.titrationFrom } : null;
      return [review, titrating].flatMap((reason) => (reason ? [{ ...person(e.participant), reason }] : []));
    }),
  ];

  return {
    queue: urgencyOrder(items),
    adverseEvents: adverseEvents.map((a) => ({ ...person(a.participant), kind: a.kind, occurredAt: a.occurredAt, description: a.description })),
    licences,
    licenceWarningDays: LICENCE_WARNING_DAYS,
    // Sessions with nothing recorded (an outage) and doses entered from paper, waiting for a decision (src/server/back-entry.ts).
    outages: [...outages, ...backEntries.map((b) => ({ date: dbDateToLocal(b.sessionDate), slot: b.slot }))]
      .filter((s, i, all) => all.findIndex((o) => o.date === s.date && o.slot === s.slot) === i)
      .map((session) => ({
        session,
        noStepRecorded: outages.some((o) => o.date === session.date && o.slot === session.slot),
        entriesWaiting: backEntries.find((b) => dbDateToLocal(b.sessionDate) === session.date && b.slot === session.slot)?._count._all ?? 0,
      })),
  };
}

/** A participant's prescribing record: every version (newest first) and their holds. */
export async function prescribingRecord(tx: Tx, siteId: string, participantId: string) {
  const participant = await tx.participant.findFirst({
    where: { id: participantId, siteId },
    include: {
      identity: { select: { givenName: true, familyName: true } },
      episodes: { where: { closedOn: null }, take: 1 },
      prescriptions: { orderBy: { version: "desc" }, include: { prescriber: { select: { name: true } } } },
      holds: { orderBy: { placedAt: "desc" }, include: { placedBy: { select: { name: true } }, clearance: { include: { clearedBy: { select: { name: true } } } } } },
    },
  });
  if (!participant) return null;
  return {
    id: participant.id,
    reference: participant.reference,
    name: participant.identity ? `${participant.identity.givenName} ${participant.identity.familyName}` : participant.reference,
    episode: participant.episodes[0] ?? null,
    prescriptions: participant.prescriptions,
    holds: participant.holds,
  };
}

/** An episode's sessions from `from` to `to` that the dose chart shows: a dose given, a partial dose, or one not given. */
export async function doseOutcomes(tx: Tx, episodeId: string, from: LocalDate, to: LocalDate): Promise<ChartSession[]> {
  const sessions = await tx.doseSession.findMany({
    where: { episodeId, sessionDate: { gte: localDateToDb(from), lte: localDateToDb(to) }, outcome: { in: [...GIVEN_OUTCOMES] } },
    select: { sessionDate: true, slot: true, outcome: true, givenMg: true, administeredAt: true },
  });
  return sessions.flatMap(({ outcome, ...s }) =>
    isGivenOutcome(outcome) ? [{ date: dbDateToLocal(s.sessionDate), slot: s.slot, outcome, givenMg: s.givenMg, administeredAt: s.administeredAt }] : [],
  );
}
