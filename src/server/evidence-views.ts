import "server-only";
import type { Tx } from "@/db/client";
import { dbDateToLocal, type LocalDate } from "@/domain/clinic-time";
import { offencePeriod } from "@/domain/offending";
import { streetHeroinStatus } from "@/domain/urine";
import { participantTopDue } from "./top-assessments";

/**
 * A participant's evidence for clinical screens (identifiable: never for board pages):
 * urine screens, TOP history and offences, newest first.
 */
export async function participantEvidence(tx: Tx, siteId: string, participantId: string, today: LocalDate) {
  const participant = await tx.participant.findFirst({
    where: { id: participantId, siteId },
    include: {
      identity: { select: { givenName: true, familyName: true } },
      episodes: { orderBy: { enrolledOn: "asc" }, select: { enrolledOn: true, closedOn: true } },
      urineScreens: { orderBy: [{ collectedOn: "desc" }, { createdAt: "desc" }], include: { results: true, recordedBy: { select: { name: true } } } },
      topAssessments: { orderBy: [{ assessedOn: "desc" }, { createdAt: "desc" }], include: { recordedBy: { select: { name: true } } } },
      offences: { orderBy: [{ offenceDate: "desc" }, { createdAt: "desc" }] },
    },
  });
  if (!participant) return null;
  const episodes = participant.episodes.map((e) => ({ enrolledOn: dbDateToLocal(e.enrolledOn), closedOn: e.closedOn ? dbDateToLocal(e.closedOn) : null }));
  return {
    id: participant.id,
    reference: participant.reference,
    name: participant.identity ? `${participant.identity.givenName} ${participant.identity.familyName}` : participant.reference,
    topDue: await participantTopDue(tx, siteId, participant.id, today),
    screens: participant.urineScreens.map((s) => ({
      id: s.id,
      collectedOn: dbDateToLocal(s.collectedOn),
      sampleType: s.sampleType,
      supervised: s.supervised,
      source: s.source,
      recordedBy: s.recordedBy?.name ?? null,
      streetHeroin: streetHeroinStatus(s.results),
      results: new Map(s.results.map((r) => [r.substance, r.result])),
    })),
    tops: participant.topAssessments.map((t) => ({ ...t, assessedOn: dbDateToLocal(t.assessedOn), recordedBy: t.recordedBy.name })),
    offences: participant.offences.map((o) => {
      const offenceDate = dbDateToLocal(o.offenceDate);
      return { id: o.id, offenceDate, offenceType: o.offenceType, severityScore: o.severityScore, source: o.source, period: offencePeriod(offenceDate, episodes) };
    }),
  };
}
