import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "@/db/client";
import { clinicDate, dbDateToLocal } from "@/domain/clinic-time";
import { formatMg, formatTime } from "@/domain/format";
import { ADVERSE_EVENT_LABEL, AGENCY_LABEL, BREAK_REASON_LABEL, EXIT_REASON_LABEL } from "@/domain/labels";
import { participantStatus, type ParticipantStatus } from "@/domain/participant-status";
import { STREET_HEROIN_STATUS_LABEL, streetHeroinStatus } from "@/domain/urine";

/** Read models for clinical screens (identifiable: never used by board pages). */

const journeyInclude = {
  identity: true,
  referrals: { orderBy: { createdAt: "desc" }, take: 1, include: { assessment: true } },
  episodes: { orderBy: { createdAt: "desc" }, take: 1, include: { breaks: { where: { endedOn: null } } } },
} satisfies Prisma.ParticipantInclude;

type WithJourney = Prisma.ParticipantGetPayload<{ include: typeof journeyInclude }>;

function statusOf(p: WithJourney): ParticipantStatus {
  const referral = p.referrals[0];
  const episode = p.episodes[0];
  return participantStatus({
    latestReferral: referral ? { recordedAt: referral.createdAt, outcome: referral.assessment?.outcome ?? null } : null,
    latestEpisode: episode ? { recordedAt: episode.createdAt, closed: episode.closedOn !== null, onBreak: episode.breaks.length > 0 } : null,
  });
}

export async function listParticipants(tx: Tx, siteId: string, filter: { search?: string; status?: ParticipantStatus }) {
  const search = filter.search?.trim();
  const where: Prisma.ParticipantWhereInput = { siteId };
  if (search) {
    const words = search.split(/\s+/).slice(0, 4);
    where.AND = words.map((word) => ({
      OR: [
        { reference: { contains: word, mode: "insensitive" } },
        { identity: { givenName: { contains: word, mode: "insensitive" } } },
        { identity: { familyName: { contains: word, mode: "insensitive" } } },
      ],
    }));
  }
  const rows = await tx.participant.findMany({ where, include: journeyInclude, orderBy: { reference: "asc" } });
  return rows
    .map((p) => ({
      id: p.id,
      reference: p.reference,
      name: p.identity ? `${p.identity.givenName} ${p.identity.familyName}` : p.reference,
      status: statusOf(p),
      since: p.episodes[0] ? dbDateToLocal(p.episodes[0].enrolledOn) : p.referrals[0] ? dbDateToLocal(p.referrals[0].referredOn) : null,
    }))
    .filter((p) => !filter.status || p.status === filter.status);
}

export type TimelineEvent = { date: string; at: Date; kind: string; title: string; detail?: string };

export async function participantProfile(tx: Tx, siteId: string, participantId: string) {
  const participant = await tx.participant.findFirst({ where: { id: participantId, siteId }, include: journeyInclude });
  if (!participant) return null;
  const referral = participant.referrals[0] ?? null;
  const episode = participant.episodes[0] ?? null;
  return {
    id: participant.id,
    reference: participant.reference,
    identity: participant.identity,
    status: statusOf(participant),
    referral,
    episode,
    openBreak: episode?.breaks[0] ?? null,
    timeline: await timeline(tx, participantId),
  };
}

/** Every event in a person's record, newest first. */
async function timeline(tx: Tx, participantId: string): Promise<TimelineEvent[]> {
  const [referrals, episodes, breaks, exits, prescriptions, holds, screens, tops, sessionMonths, adverseEvents] = await Promise.all([
    tx.referral.findMany({ where: { participantId }, include: { assessment: true } }),
    tx.episode.findMany({ where: { participantId } }),
    tx.break.findMany({ where: { participantId } }),
    tx.exit.findMany({ where: { participantId } }),
    tx.prescription.findMany({ where: { participantId }, include: { prescriber: { select: { name: true } } } }),
    tx.hold.findMany({ where: { participantId }, include: { clearance: true } }),
    tx.urineScreen.findMany({ where: { participantId }, include: { results: true } }),
    tx.topAssessment.findMany({ where: { participantId } }),
    tx.$queryRaw<{ month: string; expected: bigint; dosed: bigint; missed: bigint; lastDate: Date }[]>`
      SELECT to_char("sessionDate", 'YYYY-MM') AS month,
             count(*) FILTER (WHERE outcome IS DISTINCT FROM 'NOT_EXPECTED') AS expected,
             count(*) FILTER (WHERE outcome IN ('DOSED', 'PARTIAL')) AS dosed,
             count(*) FILTER (WHERE outcome = 'MISSED') AS missed,
             max("sessionDate") AS "lastDate"
      FROM "DoseSession" WHERE "participantId" = ${participantId}
      GROUP BY 1`,
    tx.adverseEvent.findMany({ where: { participantId }, include: { recordedBy: { select: { name: true } } } }),
  ]);
  // Doses entered from the paper sheet of an outage are named one by one, with the paper's times.
  const backEntered = await tx.doseSession.findMany({
    where: { participantId, backEntered: true },
    include: { cdEntries: { where: { kind: "SUPPLY" }, select: { batch: true } }, backEntry: { include: { decidedBy: { select: { name: true } } } } },
  });
  const events: TimelineEvent[] = [];
  const on = (d: Date) => dbDateToLocal(d);
  for (const r of referrals) {
    events.push({ date: on(r.referredOn), at: r.createdAt, kind: "referral", title: `Referred by ${AGENCY_LABEL[r.agency]}`, detail: r.reason });
    const a = r.assessment;
    if (a) {
      events.push({
        date: on(a.assessedOn),
        at: a.createdAt,
        kind: "assessment",
        title: a.outcome === "ACCEPTED" ? "Assessed: accepted onto the waiting list" : "Assessed: declined",
        detail: a.outcome === "DECLINED" ? (a.declineReason ?? undefined) : `${a.yearsDependent} years dependent, ${a.failedTreatments} failed treatments`,
      });
    }
  }
  for (const e of episodes) events.push({ date: on(e.enrolledOn), at: e.createdAt, kind: "enrolment", title: "Enrolled" });
  for (const b of breaks) {
    events.push({ date: on(b.startedOn), at: b.createdAt, kind: "break", title: `Break started: ${BREAK_REASON_LABEL[b.reason]}`, detail: b.notes ?? undefined });
    if (b.endedOn) events.push({ date: on(b.endedOn), at: b.endedOn, kind: "break", title: "Returned from break" });
  }
  for (const x of exits) {
    events.push({
      date: on(x.exitedOn),
      at: x.createdAt,
      kind: "exit",
      title: `Exited: ${EXIT_REASON_LABEL[x.reason]} (${x.planned ? "planned" : "unplanned"})`,
      detail: x.destination ?? undefined,
    });
  }
  for (const p of prescriptions) {
    events.push({
      date: on(p.startsAt),
      at: p.createdAt,
      kind: "prescription",
      title: `Prescription v${p.version}: AM ${formatMg(p.amDoseMg)}, PM ${formatMg(p.pmDoseMg)}${p.induction ? " (induction)" : ""}`,
      detail: `${p.reason} · ${p.prescriber.name}`,
    });
  }
  for (const h of holds) {
    events.push({ date: on(h.placedAt), at: h.placedAt, kind: "hold", title: `${h.kind === "HARD" ? "Hard" : "Soft"} hold`, detail: h.reason });
    if (h.clearance) events.push({ date: on(h.clearance.clearedAt), at: h.clearance.clearedAt, kind: "hold", title: "Hold cleared", detail: h.clearance.note });
  }
  for (const s of screens) {
    const status = streetHeroinStatus(s.results);
    const title = status === "NOT_TESTED" ? "Urine screen: not tested for street heroin" : `Urine screen: street heroin ${STREET_HEROIN_STATUS_LABEL[status].toLowerCase()}`;
    events.push({ date: on(s.collectedOn), at: s.createdAt, kind: "screen", title });
  }
  for (const t of tops) {
    events.push({ date: on(t.assessedOn), at: t.createdAt, kind: "top", title: `TOP (${t.stage.toLowerCase()})`, detail: `Street opiates on ${t.opiateDays} of 28 days` });
  }
  for (const m of sessionMonths) {
    events.push({
      date: on(m.lastDate),
      at: m.lastDate,
      kind: "sessions",
      title: `Sessions in ${m.month}: ${m.dosed} of ${m.expected} dosed`,
      detail: Number(m.missed) > 0 ? `${m.missed} missed` : undefined,
    });
  }
  for (const d of backEntered) {
    events.push({
      date: on(d.sessionDate),
      at: d.administeredAt!,
      kind: "dose",
      title: `${d.slot} dose back-entered from paper: ${formatMg(d.givenMg!)} given at ${formatTime(d.administeredAt!)}`,
      detail: `Drawn at ${formatTime(d.drawnAt!)}, batch ${d.cdEntries[0]!.batch} · approved by ${d.backEntry!.decidedBy.name}`,
    });
  }
  for (const e of adverseEvents) {
    events.push({
      date: clinicDate(e.occurredAt),
      at: e.occurredAt,
      kind: "adverse",
      title: `${ADVERSE_EVENT_LABEL[e.kind]} at ${formatTime(e.occurredAt)}${e.naloxoneMg ? `: naloxone ${e.naloxoneMg.toString()} mg` : ""}`,
      detail: `${e.description} · ${e.recordedBy.name}`,
    });
  }
  return events.sort((a, b) => (a.date === b.date ? b.at.getTime() - a.at.getTime() : a.date < b.date ? 1 : -1));
}
