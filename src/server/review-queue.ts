import "server-only";
import type { Tx } from "@/db/client";
import { addLocalDays, clinicDate, clinicInstant } from "@/domain/clinic-time";
import { LICENCE_WARNING_DAYS } from "@/domain/licences";
import { licenceWarnings } from "./licences";
import { siteSettings } from "./settings";

/**
 * What a prescriber should look at first: hard holds waiting for review, prescriptions above
 * a limit the clinic has since lowered, people in induction, prescriptions due a review (or
 * not yet written), recent adverse events, and prescribers here whose Home Office licence
 * ends within 30 days or no longer covers them.
 */
export async function reviewQueue(tx: Tx, siteId: string, now: Date = new Date()) {
  const { prescriptionReviewDays } = await siteSettings(tx, siteId);
  const reviewBefore = clinicInstant(addLocalDays(clinicDate(now), -prescriptionReviewDays), "00:00");
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const participant = { select: { id: true, reference: true, identity: { select: { givenName: true, familyName: true } } } };

  const [hardHolds, limitHolds, episodes, adverseEvents, licences] = await Promise.all([
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
      include: { participant: participant, prescriptions: { orderBy: { version: "desc" }, take: 1 } },
    }),
    tx.adverseEvent.findMany({
      where: { occurredAt: { gte: weekAgo }, participant: { siteId } },
      orderBy: { occurredAt: "desc" },
      include: { participant: participant },
    }),
    licenceWarnings(tx, siteId, now),
  ]);

  const person = (p: { id: string; reference: string; identity: { givenName: string; familyName: string } | null }) => ({
    participantId: p.id,
    reference: p.reference,
    name: p.identity ? `${p.identity.givenName} ${p.identity.familyName}` : p.reference,
  });

  return {
    hardHolds: hardHolds.map((h) => ({ ...person(h.participant), holdId: h.id, reason: h.reason, placedAt: h.placedAt, source: h.source })),
    limitHolds: limitHolds.map((h) => ({ ...person(h.participant), holdId: h.id, reason: h.reason, placedAt: h.placedAt })),
    inInduction: episodes.filter((e) => e.inInduction).map((e) => ({ ...person(e.participant), since: e.enrolledOn })),
    needsFirstPrescription: episodes.filter((e) => e.prescriptions.length === 0).map((e) => person(e.participant)),
    reviewsDue: episodes
      .filter((e) => e.prescriptions[0] && e.prescriptions[0].createdAt < reviewBefore)
      .map((e) => ({ ...person(e.participant), lastPrescribedAt: e.prescriptions[0]!.createdAt })),
    adverseEvents: adverseEvents.map((a) => ({ ...person(a.participant), kind: a.kind, occurredAt: a.occurredAt, description: a.description })),
    reviewDays: prescriptionReviewDays,
    licences,
    licenceWarningDays: LICENCE_WARNING_DAYS,
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
