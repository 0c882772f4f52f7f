import "server-only";
import type { Tx } from "@/db/client";
import { addLocalDays, clinicDate, dbDateToLocal } from "@/domain/clinic-time";
import { lateDoseEndsAt } from "@/domain/dose-session";
import { LICENCE_WARNING_DAYS } from "@/domain/licences";
import { isTitrating } from "@/domain/titration";
import { licenceWarnings } from "./licences";
import { sessionsAwaitingOutageReview } from "./session-closure";
import { siteSettings } from "./settings";
import { todayBoard } from "./today-board";

/**
 * What a prescriber should look at first: hard holds waiting for review, prescriptions above
 * a limit the clinic has since lowered, people titrating, prescriptions whose review date
 * is within a week or past (or not yet written), recent adverse events, and prescribers here whose Home Office licence
 * ends within 30 days or no longer covers them. First of all, the late doses waiting for an
 * authorisation now: someone checked in after the window closed, as the Today board decides it.
 */
export async function reviewQueue(tx: Tx, siteId: string, now: Date = new Date()) {
  const { prescriptionReview, titrationDays, sessionWindows, doseTiming } = await siteSettings(tx, siteId);
  // A week's notice before the soft hold, so a review can be booked in.
  const reviewSoon = addLocalDays(clinicDate(now), 7);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const participant = { select: { id: true, reference: true, identity: { select: { givenName: true, familyName: true } } } };

  const [board, hardHolds, limitHolds, episodes, adverseEvents, licences, outages, backEntries] = await Promise.all([
    todayBoard(tx, siteId, now),
    tx.hold.findMany({
      where: { kind: "HARD", clearance: { is: null }, participant: { siteId }, episode: { closedOn: null } },
      orderBy: { placedAt: "asc" },
      include: { participant: participant },
    }),
    tx.hold.findMany({
      where: { kind: "SOFT", source: "LIMIT_LOWERED", clearance: { is: null }, participant: { siteId }, episode: { closedOn: null } },
      orderBy: { placedAt: "asc" },
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

  const person = (p: { id: string; reference: string; identity: { givenName: string; familyName: string } | null }) => ({
    participantId: p.id,
    reference: p.reference,
    name: p.identity ? `${p.identity.givenName} ${p.identity.familyName}` : p.reference,
  });

  const lateDoses = [...board.unresolved, ...board.rows]
    .filter((row) => row.next === "AWAIT_LATE_AUTHORISATION")
    .map((row) => ({ participantId: row.participantId, reference: row.reference, name: row.name, session: row.session, until: lateDoseEndsAt(row.session, sessionWindows, doseTiming.lateDoseMinutes).at }))
    .sort((a, b) => a.until.getTime() - b.until.getTime());

  return {
    lateDoses,
    hardHolds: hardHolds.map((h) => ({ ...person(h.participant), holdId: h.id, reason: h.reason, placedAt: h.placedAt, source: h.source })),
    limitHolds: limitHolds.map((h) => ({ ...person(h.participant), holdId: h.id, reason: h.reason, placedAt: h.placedAt })),
    titrating: episodes.filter((e) => e.titrationFrom && isTitrating(e, now, titrationDays)).map((e) => ({ ...person(e.participant), since: e.titrationFrom! })),
    needsFirstPrescription: episodes.filter((e) => e.prescriptions.length === 0).map((e) => person(e.participant)),
    reviewsDue: episodes
      .flatMap((e) => (e.prescriptions[0] ? [{ e, reviewBy: dbDateToLocal(e.prescriptions[0].reviewBy) }] : []))
      .filter(({ reviewBy }) => reviewBy <= reviewSoon)
      .sort((a, b) => a.reviewBy.localeCompare(b.reviewBy))
      .map(({ e, reviewBy }) => ({ ...person(e.participant), reviewBy })),
    adverseEvents: adverseEvents.map((a) => ({ ...person(a.participant), kind: a.kind, occurredAt: a.occurredAt, description: a.description })),
    review: prescriptionReview,
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
