import "server-only";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { dbDateToLocal, localDateToDb, localDaysBetween } from "@/domain/clinic-time";
import { unmetCriteria } from "@/domain/eligibility";
import { ageOn } from "@/domain/identity-check";
import { BREAK_REASON_LABEL } from "@/domain/labels";
import { breakEndsInHold } from "@/domain/restart";
import { participantStatus, type ParticipantStatus } from "@/domain/participant-status";
import { audit } from "./audit";
import { addParticipantPhoto } from "./participant-photos";
import { RuleError } from "./errors";
import type { AssessInput, EndBreakInput, EnrolInput, ExitInput, ReferNewInput, ReReferInput, StartBreakInput } from "./participants.input";
import { siteSettings } from "./settings";

/**
 * The participant journey: referral → assessment → waiting list → enrolment (an Episode)
 * ⇄ temporary breaks → exit; re-admission is a new referral and a new Episode.
 * Every function runs inside the caller's transaction and audits there.
 */

type Journey = Awaited<ReturnType<typeof loadJourney>>;

/** Everything the journey rules look at, read under a row lock so two staff cannot race. */
async function loadJourney(tx: Tx, actor: Actor, participantId: string) {
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${participantId} FOR UPDATE`;
  const participant = await tx.participant.findFirst({
    where: { id: participantId, siteId: actor.siteId },
    include: {
      referrals: { orderBy: { createdAt: "desc" }, take: 1, include: { assessment: true } },
      episodes: { orderBy: { createdAt: "desc" }, take: 1, include: { breaks: { where: { endedOn: null } } } },
    },
  });
  if (!participant) throw new RuleError("participant.notFound", "No such participant at this clinic.");
  const referral = participant.referrals[0] ?? null;
  const episode = participant.episodes[0] ?? null;
  const openBreak = episode?.breaks[0] ?? null;
  const status = participantStatus({
    latestReferral: referral ? { recordedAt: referral.createdAt, outcome: referral.assessment?.outcome ?? null } : null,
    latestEpisode: episode ? { recordedAt: episode.createdAt, closed: episode.closedOn !== null, onBreak: openBreak !== null } : null,
  });
  return { participant, referral, episode, openBreak, status };
}

function requireStatus(journey: Journey, allowed: ParticipantStatus[], message: string) {
  if (!allowed.includes(journey.status)) throw new RuleError("participant.wrongStatus", message);
}

async function nextReference(tx: Tx): Promise<string> {
  // References number on across all sites, and there is no row to lock before the first
  // one: simultaneous referrals take turns on an advisory lock (held until commit; the number
  // is arbitrary), or they would read the same maximum and all but one fail on the unique key.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(4172001)`;
  const rows = await tx.$queryRaw<{ max: number | null }[]>`
    SELECT max(substring(reference FROM '^HAT-([0-9]+)$')::int) AS max FROM "Participant"`;
  return `HAT-${String((rows[0]?.max ?? 0) + 1).padStart(4, "0")}`;
}

export async function referNewParticipant(tx: Tx, actor: Actor, input: ReferNewInput) {
  const reference = await nextReference(tx);
  const participant = await tx.participant.create({
    data: {
      siteId: actor.siteId,
      reference,
      identity: {
        create: {
          givenName: input.givenName,
          familyName: input.familyName,
          dateOfBirth: localDateToDb(input.dateOfBirth),
          nhsNumber: input.nhsNumber ?? null,
        },
      },
      referrals: {
        create: { siteId: actor.siteId, referredOn: localDateToDb(input.referredOn), agency: input.agency, reason: input.reason, recordedById: actor.userId },
      },
    },
    select: { id: true, reference: true },
  });
  await audit(tx, actor, {
    action: "participant.refer",
    entity: "Participant",
    entityId: participant.id,
    participantId: participant.id,
    summary: { reference, agency: input.agency, referredOn: input.referredOn },
  });
  return participant;
}

/** A new referral for someone already known: after an exit or a declined assessment. */
export async function reReferParticipant(tx: Tx, actor: Actor, input: ReReferInput) {
  const journey = await loadJourney(tx, actor, input.participantId);
  requireStatus(journey, ["EXITED", "DECLINED"], "Only someone who has exited or was declined can be referred again.");
  const referral = await tx.referral.create({
    data: { siteId: actor.siteId, participantId: input.participantId, referredOn: localDateToDb(input.referredOn), agency: input.agency, reason: input.reason, recordedById: actor.userId },
  });
  await audit(tx, actor, { action: "participant.rerefer", entity: "Referral", entityId: referral.id, participantId: input.participantId, summary: { agency: input.agency } });
  return { id: input.participantId };
}

/**
 * Records the eligibility evidence against the clinic's configured criteria. Accepting
 * someone who does not meet them is a clinical judgement the assessor must explain.
 */
export async function recordAssessment(tx: Tx, actor: Actor, input: AssessInput) {
  const referral = await tx.referral.findFirst({
    where: { id: input.referralId, siteId: actor.siteId },
    include: { assessment: true, participant: { include: { identity: true } } },
  });
  if (!referral) throw new RuleError("referral.notFound", "No such referral at this clinic.");
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${referral.participantId} FOR UPDATE`;
  if (referral.assessment) throw new RuleError("assessment.exists", "This referral has already been assessed.");
  if (input.assessedOn < dbDateToLocal(referral.referredOn)) {
    throw new RuleError("assessment.beforeReferral", "The assessment cannot be before the referral.", { assessedOn: "Before the referral date." });
  }
  const dob = referral.participant.identity?.dateOfBirth;
  const ageYears = dob ? ageOn(dbDateToLocal(dob), input.assessedOn) : 0;
  const criteria = (await siteSettings(tx, actor.siteId)).eligibility;
  const unmet = unmetCriteria({ ageYears, yearsDependent: input.yearsDependent, failedTreatments: input.failedTreatments, injectingDaysLast90: input.injectingDaysLast90 }, criteria);
  if (input.outcome === "ACCEPTED" && unmet.length > 0 && !input.overrideReason) {
    throw new RuleError("assessment.criteriaUnmet", `${unmet.join(" ")} To accept anyway, record the clinical reason.`, {
      overrideReason: "Give the reason for accepting outside the criteria.",
    });
  }
  const assessment = await tx.assessment.create({
    data: {
      referralId: referral.id,
      participantId: referral.participantId,
      assessedOn: localDateToDb(input.assessedOn),
      ageYears,
      yearsDependent: input.yearsDependent,
      failedTreatments: input.failedTreatments,
      failedTreatmentNotes: input.failedTreatmentNotes,
      injectingDaysLast90: input.injectingDaysLast90,
      monthsInOralTreatment: input.monthsInOralTreatment ?? null,
      outcome: input.outcome,
      declineReason: input.outcome === "DECLINED" ? (input.declineReason ?? null) : null,
      assessedById: actor.userId,
    },
  });
  await audit(tx, actor, {
    action: "participant.assess",
    entity: "Assessment",
    entityId: assessment.id,
    participantId: referral.participantId,
    summary: { outcome: input.outcome, unmetCriteria: unmet },
    reason: input.outcome === "ACCEPTED" && unmet.length > 0 ? input.overrideReason : null,
  });
  return { id: referral.participantId, outcome: input.outcome };
}

/**
 * Starts an Episode for someone on the waiting list when a place is free. The site row is
 * locked first, so two enrolments for the last place are decided one after the other.
 * The first dose still needs a prescription (prescribing).
 */
export async function enrolParticipant(tx: Tx, actor: Actor, input: EnrolInput) {
  await tx.$queryRaw`SELECT id FROM "Site" WHERE id = ${actor.siteId} FOR UPDATE`;
  const journey = await loadJourney(tx, actor, input.participantId);
  requireStatus(journey, ["WAITING"], "Only someone accepted onto the waiting list can be enrolled.");
  const assessedOn = journey.referral?.assessment?.assessedOn;
  if (assessedOn && input.enrolledOn < dbDateToLocal(assessedOn)) {
    throw new RuleError("enrol.beforeAssessment", "Enrolment cannot be before the assessment.", { enrolledOn: "Before the assessment date." });
  }
  const { capacity } = await siteSettings(tx, actor.siteId);
  const enrolled = await tx.episode.count({ where: { siteId: actor.siteId, closedOn: null } });
  if (enrolled >= capacity) {
    throw new RuleError("enrol.full", `All ${capacity} places are taken. Enrol when someone exits.`);
  }
  const episode = await tx.episode.create({
    data: { siteId: actor.siteId, participantId: input.participantId, enrolledOn: localDateToDb(input.enrolledOn), enrolledById: actor.userId },
  });
  await audit(tx, actor, {
    action: "participant.enrol",
    entity: "Episode",
    entityId: episode.id,
    participantId: input.participantId,
    summary: { enrolledOn: input.enrolledOn, placesTaken: enrolled + 1, capacity },
  });
  // The photo for the identity check, when taken now: a photo that cannot be stored refuses the enrolment with it.
  if (input.photo) await addParticipantPhoto(tx, actor, input.participantId, input.photo);
  return { id: input.participantId, episodeId: episode.id };
}

/** A temporary break: no session is expected and none counts as missed until the return. */
export async function startBreak(tx: Tx, actor: Actor, input: StartBreakInput) {
  const journey = await loadJourney(tx, actor, input.participantId);
  requireStatus(journey, ["ACTIVE"], journey.status === "ON_BREAK" ? "This participant is already on a break." : "Only an active participant can start a break.");
  const episode = journey.episode!;
  if (input.startedOn < dbDateToLocal(episode.enrolledOn)) {
    throw new RuleError("break.beforeEnrolment", "A break cannot start before enrolment.", { startedOn: "Before enrolment." });
  }
  const lastBreakEnd = await tx.break.findFirst({ where: { episodeId: episode.id }, orderBy: { endedOn: "desc" }, select: { endedOn: true } });
  if (lastBreakEnd?.endedOn && input.startedOn < dbDateToLocal(lastBreakEnd.endedOn)) {
    throw new RuleError("break.overlaps", "This break would overlap an earlier one.", { startedOn: "Overlaps an earlier break." });
  }
  const created = await tx.break.create({
    data: {
      episodeId: episode.id,
      participantId: input.participantId,
      reason: input.reason,
      notes: input.notes ?? null,
      startedOn: localDateToDb(input.startedOn),
      expectedReturnOn: input.expectedReturnOn ? localDateToDb(input.expectedReturnOn) : null,
      startedById: actor.userId,
    },
  });
  await audit(tx, actor, {
    action: "participant.startBreak",
    entity: "Break",
    entityId: created.id,
    participantId: input.participantId,
    summary: { reason: input.reason, startedOn: input.startedOn, expectedReturnOn: input.expectedReturnOn ?? null },
  });
  return { id: input.participantId };
}

export async function endBreak(tx: Tx, actor: Actor, input: EndBreakInput) {
  const journey = await loadJourney(tx, actor, input.participantId);
  requireStatus(journey, ["ON_BREAK"], "This participant is not on a break.");
  const open = journey.openBreak!;
  if (input.endedOn < dbDateToLocal(open.startedOn)) {
    throw new RuleError("break.endBeforeStart", "The return cannot be before the break started.", { endedOn: "Before the break started." });
  }
  await tx.break.update({ where: { id: open.id }, data: { endedOn: localDateToDb(input.endedOn), endedById: actor.userId } });
  const days = localDaysBetween(dbDateToLocal(open.startedOn), input.endedOn);
  await audit(tx, actor, {
    action: "participant.endBreak",
    entity: "Break",
    entityId: open.id,
    participantId: input.participantId,
    summary: { endedOn: input.endedOn, days },
  });
  // Tolerance is lost in custody, in hospital and over a long break: no dose until a prescriber restarts it.
  const { missedDosePolicy } = await siteSettings(tx, actor.siteId);
  const breakRecord = await tx.break.findUniqueOrThrow({ where: { id: open.id }, select: { reason: true, episodeId: true } });
  if (breakEndsInHold({ reason: breakRecord.reason, days }, missedDosePolicy.consecutiveDaysWithoutDoseForHardHold)) {
    const reason = `Back from a ${days}-day break (${BREAK_REASON_LABEL[breakRecord.reason].toLowerCase()}): tolerance may be lost. A prescriber reviews and writes a restart prescription before the next dose.`;
    const hold = await tx.hold.create({
      data: { participantId: input.participantId, episodeId: breakRecord.episodeId, kind: "HARD", source: "BREAK_RETURN", reason, placedById: actor.userId },
    });
    await audit(tx, actor, { action: "hold.place", entity: "Hold", entityId: hold.id, participantId: input.participantId, summary: { kind: "HARD", source: "BREAK_RETURN", days }, reason });
  }
  return { id: input.participantId };
}

/** Ends the Episode (and any open break) with an NDTMS-style reason. */
export async function exitParticipant(tx: Tx, actor: Actor, input: ExitInput) {
  const journey = await loadJourney(tx, actor, input.participantId);
  requireStatus(journey, ["ACTIVE", "ON_BREAK"], journey.status === "EXITED" ? "This participant has already exited." : "Only an enrolled participant can exit.");
  const episode = journey.episode!;
  if (input.exitedOn < dbDateToLocal(episode.enrolledOn)) {
    throw new RuleError("exit.beforeEnrolment", "The exit cannot be before enrolment.", { exitedOn: "Before enrolment." });
  }
  if (journey.openBreak && input.exitedOn < dbDateToLocal(journey.openBreak.startedOn)) {
    throw new RuleError("exit.beforeBreak", "The exit cannot be before the current break started.", { exitedOn: "Before the break started." });
  }
  const exitedOn = localDateToDb(input.exitedOn);
  if (journey.openBreak) {
    await tx.break.update({ where: { id: journey.openBreak.id }, data: { endedOn: exitedOn, endedById: actor.userId } });
  }
  await tx.episode.update({ where: { id: episode.id }, data: { closedOn: exitedOn } });
  const exit = await tx.exit.create({
    data: {
      episodeId: episode.id,
      participantId: input.participantId,
      exitedOn,
      reason: input.reason,
      planned: input.planned,
      destination: input.destination ?? null,
      notes: input.notes ?? null,
      recordedById: actor.userId,
    },
  });
  await audit(tx, actor, {
    action: "participant.exit",
    entity: "Exit",
    entityId: exit.id,
    participantId: input.participantId,
    summary: { reason: input.reason, planned: input.planned, exitedOn: input.exitedOn, closedBreak: journey.openBreak?.id ?? null },
  });
  return { id: input.participantId };
}
