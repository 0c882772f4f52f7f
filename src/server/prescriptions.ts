import "server-only";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { checkDoseChange, checkOralChange, describeBreaches, increaseReference, type LimitBreach, type OralDose } from "@/domain/dosing-limits";
import { localDateToDb } from "@/domain/clinic-time";
import { checkReviewBy, latestReviewBy, prescriptionStart } from "@/domain/prescription-review";
import { holdNeedsNewPrescription, restartBreaches, type LastDoses } from "@/domain/restart";
import { isInductionDay, stableDoseRefusal, titrationAfter } from "@/domain/titration";
import { audit } from "./audit";
import { RuleError } from "./errors";
import { requireValidLicence } from "./licences";
import type { ClearHoldInput, PlaceHoldInput, PrescribeInput } from "./prescriptions.input";
import { siteSettings } from "./settings";

/**
 * Prescriptions are versioned and append-only: a change is a new version that supersedes
 * the last (the database rejects UPDATE and DELETE, and one version can be superseded
 * only once, so two prescribers saving at once cannot both win). The version in force at
 * a moment is the newest whose start is not after it.
 */

export async function prescriptionInForce(tx: Tx, participantId: string, at: Date = new Date()) {
  return tx.prescription.findFirst({ where: { participantId, startsAt: { lte: at } }, orderBy: { version: "desc" } });
}

async function openEpisode(tx: Tx, actor: Actor, participantId: string) {
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${participantId} FOR UPDATE`;
  const episode = await tx.episode.findFirst({ where: { participantId, closedOn: null, participant: { siteId: actor.siteId } } });
  if (!episode) throw new RuleError("prescription.notEnrolled", "Only an enrolled participant can be prescribed for.");
  return episode;
}

const DAY_MS = 24 * 3_600_000;

/** A hold for lost tolerance being cleared by this prescription (holdNeedsNewPrescription), or null. */
async function restartHold(tx: Tx, holdId: string, episodeId: string) {
  const hold = await tx.hold.findFirst({ where: { id: holdId, episodeId, clearance: { is: null } }, select: { id: true, source: true } });
  return hold && holdNeedsNewPrescription(hold.source) ? hold : null;
}

/** The last dose given in each session of the episode, and when: what a restart is measured against. */
export async function lastDosesGiven(tx: Tx, episodeId: string): Promise<LastDoses & { amAt: Date | null; pmAt: Date | null }> {
  const last = (slot: "AM" | "PM") =>
    tx.doseSession.findFirst({ where: { episodeId, slot, givenMg: { gt: 0 } }, orderBy: { administeredAt: "desc" }, select: { givenMg: true, administeredAt: true } });
  const [am, pm] = await Promise.all([last("AM"), last("PM")]);
  return { amMg: am?.givenMg ?? null, pmMg: pm?.givenMg ?? null, amAt: am?.administeredAt ?? null, pmAt: pm?.administeredAt ?? null };
}

/** When the episode's first dose was given (null before it): the induction day is that calendar day. */
export async function firstDoseGiven(tx: Tx, episodeId: string): Promise<Date | null> {
  const first = await tx.doseSession.findFirst({ where: { episodeId, givenMg: { gt: 0 } }, orderBy: { administeredAt: "asc" }, select: { administeredAt: true } });
  return first?.administeredAt ?? null;
}

/** The doses a new prescription is measured against (increaseReference): prescribed 24 hours ago, and given in the last 24 hours. */
export async function doseReference(tx: Tx, episodeId: string, hasPrescription: boolean, now: Date) {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [then, given] = await Promise.all([
    tx.prescription.findFirst({ where: { episodeId, startsAt: { lte: dayAgo } }, orderBy: { version: "desc" }, select: { amDoseMg: true, pmDoseMg: true } }),
    tx.doseSession.groupBy({ by: ["slot"], where: { episodeId, administeredAt: { gte: dayAgo, lte: now }, givenMg: { gt: 0 } }, _max: { givenMg: true } }),
  ]);
  const givenIn = (slot: "AM" | "PM") => given.find((g) => g.slot === slot)?._max.givenMg ?? null;
  return increaseReference({
    hasPrescription,
    prescribed24hAgo: then ? { amMg: then.amDoseMg, pmMg: then.pmDoseMg } : null,
    givenLast24h: { amMg: givenIn("AM"), pmMg: givenIn("PM") },
  });
}

export async function prescribe(tx: Tx, actor: Actor, input: PrescribeInput, now: Date = new Date()) {
  await requireValidLicence(tx, actor, now);
  const episode = await openEpisode(tx, actor, input.participantId);
  // Tolerance does not survive an exit: a new episode starts from a first prescription.
  const previous = await tx.prescription.findFirst({ where: { episodeId: episode.id }, orderBy: { version: "desc" } });
  const { doseLimits, oralLimits, prescriptionReview, sessionWindows, doseTiming } = await siteSettings(tx, actor.siteId);
  const previousOral = previous ? oralOf(previous) : null;
  const nextOral = oralOf(input);
  const restart = input.clearHoldId ? await restartHold(tx, input.clearHoldId, episode.id) : null;

  // Now, or a later session: a change written for the next session never lands mid-session.
  const start = prescriptionStart(input.startsFrom, now, sessionWindows, doseTiming);
  if (!start.ok) throw new RuleError("prescription.start", start.reason, { startsFrom: start.reason });
  const reviewBy = input.reviewBy ?? latestReviewBy(start.startDate, prescriptionReview);
  const review = checkReviewBy(reviewBy, start.startDate, prescriptionReview);
  if (!review.ok) throw new RuleError("prescription.reviewBy", review.reason, { reviewBy: review.reason });
  const phase = { first: previous === null, restart: restart !== null, stableDose: input.stableDose };
  const notStable = stableDoseRefusal(phase);
  if (notStable) throw new RuleError("prescription.stableDose", notStable, { stableDose: notStable });
  // The induction limits hold for the whole calendar day of the episode's first dose,
  // however often the prescription is re-written that day.
  const induction = isInductionDay(await firstDoseGiven(tx, episode.id), start.startsAt);
  // The oral co-prescription adds to the opioid load the IV limits were set for: both are
  // checked, and one reason covers every soft limit the prescription goes beyond.
  const breaches = [
    ...checkDoseChange(await doseReference(tx, episode.id, previous !== null, now), { amMg: input.amDoseMg, pmMg: input.pmDoseMg }, doseLimits, { induction }),
    ...(restart ? restartBreaches({ amMg: input.amDoseMg, pmMg: input.pmDoseMg }, await lastDosesGiven(tx, episode.id)) : []),
    ...checkOralChange(previous ? { oral: previousOral } : null, nextOral, oralLimits),
  ];
  const hard = breaches.filter((b) => b.kind === "hard");
  if (hard.length > 0) {
    throw new RuleError("prescription.hardLimit", `${describeBreaches(hard)} This limit cannot be exceeded.`, fieldErrorsFor(hard));
  }
  if (breaches.length > 0 && !input.overrideReason) {
    throw new RuleError("prescription.reasonRequired", `${describeBreaches(breaches)} To go ahead, record the clinical reason.`, {
      ...fieldErrorsFor(breaches),
      overrideReason: "Give the reason for going beyond the limit.",
    });
  }
  if (input.transferToOral && previous && (input.amDoseMg > previous.amDoseMg || input.pmDoseMg > previous.pmDoseMg)) {
    throw new RuleError("prescription.taperRises", "A transfer to oral treatment tapers IV doses: neither may rise.");
  }
  // Versions number on across episodes; a new version takes effect at its start.
  const lastVersion = await tx.prescription.findFirst({ where: { participantId: input.participantId }, orderBy: { version: "desc" }, select: { version: true } });
  const created = await tx.prescription.create({
    data: {
      participantId: input.participantId,
      episodeId: episode.id,
      version: (lastVersion?.version ?? 0) + 1,
      supersedesId: previous?.id ?? null,
      amDoseMg: input.amDoseMg,
      pmDoseMg: input.pmDoseMg,
      route: input.route,
      induction,
      stableDose: input.stableDose,
      transferToOral: input.transferToOral,
      oralDrug: input.oralDrug ?? null,
      oralDoseMgPerDay: input.oralDoseMgPerDay ?? null,
      startsAt: start.startsAt,
      reviewBy: localDateToDb(reviewBy),
      reason: input.reason,
      overrideReason: breaches.length > 0 ? input.overrideReason : null,
      prescriberId: actor.userId,
    },
  });
  const titration = titrationAfter(episode, { startsAt: start.startsAt, ...phase });
  if (titration.titrationFrom?.getTime() !== episode.titrationFrom?.getTime() || titration.stableFrom?.getTime() !== episode.stableFrom?.getTime()) {
    await tx.episode.update({ where: { id: episode.id }, data: titration });
  }
  await audit(tx, actor, {
    action: "prescription.create",
    entity: "Prescription",
    entityId: created.id,
    participantId: input.participantId,
    summary: {
      version: created.version,
      before: previous ? { amMg: previous.amDoseMg, pmMg: previous.pmDoseMg } : null,
      after: { amMg: input.amDoseMg, pmMg: input.pmDoseMg },
      route: input.route,
      induction,
      stableDose: input.stableDose,
      startsAt: start.startsAt.toISOString(),
      reviewBy,
      transferToOral: input.transferToOral,
      oral: { before: previousOral, after: nextOral },
      softLimitsExceeded: breaches.map((b) => b.rule),
    },
    reason: breaches.length > 0 ? input.overrideReason : null,
  });
  if (input.clearHoldId) {
    await clearHoldUnderLicence(tx, actor, { holdId: input.clearHoldId, note: `Reviewed with new prescription v${created.version}: ${input.reason}` }, now, {
      participantId: input.participantId,
      prescriptionId: created.id,
    });
  }
  return { id: created.id, participantId: input.participantId, version: created.version };
}

function oralOf(p: { oralDrug?: OralDose["drug"] | null; oralDoseMgPerDay?: number | null }): OralDose | null {
  return p.oralDrug && p.oralDoseMgPerDay != null ? { drug: p.oralDrug, mgPerDay: p.oralDoseMgPerDay } : null;
}

function fieldErrorsFor(breaches: LimitBreach[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const b of breaches) {
    const messages = b.slot === "AM" ? ["amDoseMg"] : b.slot === "PM" ? ["pmDoseMg"] : b.slot === "oral" ? ["oralDoseMgPerDay"] : ["amDoseMg", "pmDoseMg"];
    for (const field of messages) fields[field] ??= b.message;
  }
  return fields;
}

export async function placeHold(tx: Tx, actor: Actor, input: PlaceHoldInput) {
  const episode = await openEpisode(tx, actor, input.participantId);
  const hold = await tx.hold.create({
    data: { participantId: input.participantId, episodeId: episode.id, kind: input.kind, source: "MANUAL", reason: input.reason, placedById: actor.userId },
  });
  await audit(tx, actor, { action: "hold.place", entity: "Hold", entityId: hold.id, participantId: input.participantId, summary: { kind: input.kind }, reason: input.reason });
  return { id: hold.id, participantId: input.participantId };
}

/** A prescriber's review clears a hold: only a licensed prescriber may (placing one needs no licence). */
export async function clearHold(tx: Tx, actor: Actor, input: ClearHoldInput, now: Date = new Date()) {
  await requireValidLicence(tx, actor, now);
  return clearHoldUnderLicence(tx, actor, input, now);
}

/** Clears a hold once the licence is checked, optionally recording the prescription the review issued for that participant. */
async function clearHoldUnderLicence(tx: Tx, actor: Actor, input: ClearHoldInput, now: Date, review?: { participantId: string; prescriptionId: string }) {
  const found = await tx.hold.findFirst({ where: { id: input.holdId, participant: { siteId: actor.siteId } }, select: { participantId: true } });
  if (!found) throw new RuleError("hold.notFound", "No such hold at this clinic.");
  if (review && found.participantId !== review.participantId) {
    throw new RuleError("hold.otherParticipant", "That hold belongs to someone else: review it from their record.");
  }
  // Under the participant's row lock (prescribe holds it already), so prescribers clearing
  // one hold at once are decided one after another and only the first clears it.
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${found.participantId} FOR UPDATE`;
  const hold = await tx.hold.findUniqueOrThrow({ where: { id: input.holdId }, include: { clearance: { select: { id: true } } } });
  if (hold.clearance) throw new RuleError("hold.alreadyCleared", "This hold has already been cleared.");
  if (!review && holdNeedsNewPrescription(hold.source)) {
    throw new RuleError(
      "hold.needsPrescription",
      "Tolerance may be lost: this hold is cleared only by a restart prescription. Use “Review and new prescription”, which proposes a reduced restart dose.",
    );
  }
  const clearingPrescriptionId = review?.prescriptionId;
  // The hold itself is append-only: its clearance is a new row pointing at it.
  await tx.holdClearance.create({
    data: { holdId: hold.id, clearedAt: now, clearedById: actor.userId, note: input.note, prescriptionId: clearingPrescriptionId ?? null },
  });
  await audit(tx, actor, {
    action: "hold.clear",
    entity: "Hold",
    entityId: hold.id,
    participantId: hold.participantId,
    summary: { kind: hold.kind, source: hold.source, clearingPrescriptionId: clearingPrescriptionId ?? null },
    reason: input.note,
  });
  return { id: hold.id, participantId: hold.participantId };
}
