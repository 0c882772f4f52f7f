import "server-only";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { dbDateToLocal, localDateToDb, type LocalDate } from "@/domain/clinic-time";
import { toCsv } from "@/domain/csv";
import { TOP_STAGE_LABEL } from "@/domain/labels";
import { NDTMS_TOP_HEADER, ndtmsTopRow } from "@/domain/ndtms-top";
import { TOP_FIELDS, type TopAnswers } from "@/domain/top";
import { DEFAULT_TOP_REVIEW_MONTHS, nextTopDue, type TopDue } from "@/domain/top-schedule";
import { audit } from "./audit";
import { RuleError } from "./errors";
import type { RecordTopInput } from "./top-assessments.input";

/** Treatment Outcomes Profile assessments: recording, what is due, and the NDTMS return. */

export async function recordTopAssessment(tx: Tx, actor: Actor, input: RecordTopInput) {
  const participant = await tx.participant.findFirst({ where: { id: input.participantId, siteId: actor.siteId }, select: { id: true } });
  if (!participant) throw new RuleError("participant.notFound", "No such participant at this clinic.");
  const assessedOn = localDateToDb(input.assessedOn);
  const sameDay = await tx.topAssessment.findFirst({ where: { participantId: participant.id, assessedOn, stage: input.stage }, select: { id: true } });
  if (sameDay) {
    throw new RuleError("top.exists", `A ${TOP_STAGE_LABEL[input.stage].toLowerCase()} TOP is already recorded for this date.`, {
      assessedOn: "Already recorded for this date.",
    });
  }
  const top = await tx.topAssessment.create({
    data: { participantId: participant.id, assessedOn, stage: input.stage, ...answersOf(input), recordedById: actor.userId },
  });
  await audit(tx, actor, {
    action: "top.record",
    entity: "TopAssessment",
    entityId: top.id,
    participantId: participant.id,
    summary: { stage: input.stage, assessedOn: input.assessedOn },
  });
  return { id: top.id, participantId: participant.id };
}

function answersOf(record: TopAnswers): TopAnswers {
  return Object.fromEntries(TOP_FIELDS.map((field) => [field.name, record[field.name]])) as TopAnswers;
}

/** Months between TOP reviews: the one place the schedule's interval is read. */
async function topReviewMonths(): Promise<number> {
  return DEFAULT_TOP_REVIEW_MONTHS;
}

/** The next TOP a participant's latest episode needs, or null. */
export async function participantTopDue(tx: Tx, siteId: string, participantId: string, today: LocalDate): Promise<TopDue | null> {
  const [row] = await topScheduleRows(tx, siteId, participantId);
  return row ? nextTopDue(row.episode, row.taken, today, await topReviewMonths()) : null;
}

export type TopDueRow = { participantId: string; reference: string; name: string; onBreak: boolean } & TopDue;

/** Everyone whose TOP is due now or overdue, the most overdue first, and the review interval used. */
export async function topDueList(tx: Tx, siteId: string, today: LocalDate): Promise<{ reviewMonths: number; rows: TopDueRow[] }> {
  const reviewMonths = await topReviewMonths();
  const rows = (await topScheduleRows(tx, siteId))
    .flatMap(({ person, episode, taken, onBreak }) => {
      const due = nextTopDue(episode, taken, today, reviewMonths);
      return due && due.status !== "notYetDue" ? [{ ...person, onBreak, ...due }] : [];
    })
    .sort((a, b) => (a.dueOn === b.dueOn ? a.reference.localeCompare(b.reference) : a.dueOn < b.dueOn ? -1 : 1));
  return { reviewMonths, rows };
}

/** Each participant's latest episode with its exit, open break and every TOP they have had. */
async function topScheduleRows(tx: Tx, siteId: string, participantId?: string) {
  const participants = await tx.participant.findMany({
    where: { siteId, id: participantId, episodes: { some: {} } },
    select: {
      id: true,
      reference: true,
      identity: { select: { givenName: true, familyName: true } },
      episodes: { orderBy: { createdAt: "desc" }, take: 1, include: { exit: true, breaks: { where: { endedOn: null }, select: { id: true } } } },
      topAssessments: { select: { stage: true, assessedOn: true } },
    },
  });
  return participants.map((p) => {
    const episode = p.episodes[0]!;
    return {
      person: { participantId: p.id, reference: p.reference, name: p.identity ? `${p.identity.givenName} ${p.identity.familyName}` : p.reference },
      onBreak: episode.breaks.length > 0,
      episode: {
        enrolledOn: dbDateToLocal(episode.enrolledOn),
        exit: episode.exit ? { exitedOn: dbDateToLocal(episode.exit.exitedOn), reason: episode.exit.reason } : null,
      },
      taken: p.topAssessments.map((t) => ({ stage: t.stage, assessedOn: dbDateToLocal(t.assessedOn) })),
    };
  });
}

/** Every TOP of the site in NDTMS field naming, oldest first, keyed by pseudonym only. */
export async function topNdtmsCsv(tx: Tx, siteId: string): Promise<string> {
  const tops = await tx.topAssessment.findMany({
    where: { participant: { siteId } },
    orderBy: [{ assessedOn: "asc" }, { createdAt: "asc" }],
    include: { participant: { select: { reference: true } } },
  });
  return toCsv(
    NDTMS_TOP_HEADER,
    tops.map((t) => ndtmsTopRow({ reference: t.participant.reference, id: t.id, assessedOn: dbDateToLocal(t.assessedOn), stage: t.stage, ...answersOf(t) })),
  );
}
