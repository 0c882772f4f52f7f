import "server-only";
import { Prisma, type DoseSession, type SessionStage } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Db, Tx } from "@/db/client";
import { addLocalDays, clinicDate, compareSessions, dbDateToLocal, latestOpenedSession, localDateToDb, nextSession, type SessionKey, type SessionWindows } from "@/domain/clinic-time";
import {
  administrationRecheck,
  assessmentConcerns,
  adverseEventConsequences,
  checkAssessmentFresh,
  checkCheckInOpen,
  checkDailyTotal,
  checkOccurredAt,
  observationAfterEvent,
  checkDrawnDose,
  checkGivenDose,
  checkSignOff,
  checkSpacing,
  checkWindow,
  lastDoseMoment,
  mayTakeStep,
  nextStageFor,
  observationEndsAt,
  type DoseStage,
  type DoseStep,
} from "@/domain/dose-session";
import { checkDrawWithinMaximum } from "@/domain/dosing-limits";
import { formatLocalDate, formatTime } from "@/domain/format";
import { ADVERSE_EVENT_LABEL } from "@/domain/labels";
import { audit } from "./audit";
import type {
  AdministerDoseInput,
  AdverseEventInput,
  AuthoriseLateDoseInput,
  CheckInInput,
  DeclineDoseInput,
  DrawDoseInput,
  ParticipantAdverseEventInput,
  PreDoseAssessmentInput,
  SignOffInput,
  WithholdDoseInput,
} from "./dose-sessions.input";
import { RuleError } from "./errors";
import { requireValidLicence } from "./licences";
import { sessionRoster, type RosterEntry, type RosterSettings } from "./session-roster";
import { siteSettings } from "./settings";
import { recordDoseLeftover, recordSupplyForDose } from "./register";
import { checkWitnessPin, confirmWitness, type CheckedWitness, type WitnessRule } from "./witness";

/**
 * The supervised dose session (DOMAIN.md "Supervised dose session"): check-in → pre-dose
 * assessment → dose drawn and witnessed → given → observation → sign-off, or withheld or
 * declined on the way. Each step runs in the caller's transaction, locks the participant's
 * row first (so two tablets submitting at once are decided one after the other), moves the
 * session's stage forward by the pure rules in src/domain/dose-session.ts, appends its
 * DoseSessionEvent and writes its audit event. One dose session per participant, date and
 * slot is also the database's unique key.
 */

/**
 * The session the clinic floor is working: the latest one whose window has opened, until it
 * is closed; then the next one. An unclosed session stays in front of the nurse after its
 * window closes, so people under observation can be signed off and a prescriber can still
 * authorise a late dose until the next session opens (checkWindow).
 */
export async function currentSession(tx: Tx, siteId: string, now: Date, windows: SessionWindows): Promise<SessionKey> {
  const latest = latestOpenedSession(now, windows);
  const closed = await tx.sessionClosure.findUnique({
    where: { siteId_sessionDate_slot: { siteId, sessionDate: localDateToDb(latest.date), slot: latest.slot } },
    select: { id: true },
  });
  return closed ? nextSession(latest) : latest;
}

async function lockParticipant(tx: Tx, participantId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${participantId} FOR UPDATE`;
}

/**
 * The stage a step leads to, or the nurse-readable reason it cannot happen yet (or any
 * more). A step already recorded (a double tap, a retry, a second tablet) is answered with
 * who recorded it and when, so the nurse knows it is saved and nothing was saved twice.
 */
async function advance(tx: Tx, actor: Actor, step: DoseStep, session: { id: string | null; stage: DoseStage }): Promise<SessionStage> {
  if (!mayTakeStep(step, actor.role)) throw new RuleError("doseSession.role", "Your role does not allow this step.");
  const next = nextStageFor(step, session.stage);
  if (typeof next === "object") {
    if (next.alreadyRecorded && session.id) {
      const by = { by: { select: { name: true } } } as const;
      const recorded =
        (await tx.doseSessionEvent.findFirst({ where: { doseSessionId: session.id, step }, orderBy: { at: "desc" }, include: by })) ??
        (await tx.doseSessionEvent.findFirst({ where: { doseSessionId: session.id }, orderBy: { at: "desc" }, include: by }));
      if (recorded) {
        throw new RuleError("doseSession.alreadyRecorded", `${next.refused} Recorded by ${recorded.by.name} at ${formatTime(recorded.at)}: nothing was saved twice.`);
      }
    }
    throw new RuleError("doseSession.outOfOrder", next.refused);
  }
  if (next === "WAITING") throw new Error(`${step} cannot return a session to waiting.`);
  return next;
}

/**
 * Every writer locks the participant's row first, so the unique key should never be what
 * decides; if it ever is, the nurse still gets a clear message rather than a generic error.
 */
function duplicateAsRuleError(error: unknown, message: string): unknown {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return new RuleError("doseSession.duplicate", message);
  return error;
}

function sessionKeyOf(session: Pick<DoseSession, "sessionDate" | "slot">): SessionKey {
  return { date: dbDateToLocal(session.sessionDate), slot: session.slot };
}

/** Finds the session at the actor's clinic, locks its participant, and reads it again under the lock. */
async function lockedSession(tx: Tx, actor: Actor, doseSessionId: string): Promise<DoseSession> {
  const found = await tx.doseSession.findFirst({ where: { id: doseSessionId, siteId: actor.siteId }, select: { participantId: true } });
  if (!found) throw new RuleError("doseSession.notFound", "No such dose session at this clinic.");
  await lockParticipant(tx, found.participantId);
  return tx.doseSession.findUniqueOrThrow({ where: { id: doseSessionId } });
}

type ExpectedEntry = RosterEntry & { prescription: NonNullable<RosterEntry["prescription"]> };

/** The participant's roster entry for a session: still in treatment, expected, and what is prescribed now. */
async function expectedEntry(tx: Tx, actor: Actor, participantId: string, session: SessionKey, at: Date, settings: RosterSettings): Promise<ExpectedEntry> {
  const [entry] = await sessionRoster(tx, actor.siteId, session, at, settings, { participantId });
  if (!entry) throw new RuleError("doseSession.notInTreatment", "This participant is not in treatment at this clinic on that date: no dose.");
  if (entry.notExpectedReason || !entry.prescription) {
    throw new RuleError("doseSession.notExpected", `${entry.name} is not expected at this session (${entry.notExpectedReason}).`);
  }
  return { ...entry, prescription: entry.prescription };
}

type StepRecord = {
  step: DoseStep;
  stage: SessionStage;
  at: Date;
  event?: Omit<Prisma.DoseSessionEventUncheckedCreateInput, "doseSessionId" | "step" | "at" | "byId">;
  header?: Prisma.DoseSessionUncheckedUpdateInput;
  summary?: Prisma.InputJsonObject;
  reason?: string | null;
};

const AUDIT_ACTION: Record<DoseStep, string> = {
  CHECK_IN: "doseSession.checkIn",
  ASSESSMENT: "doseSession.assess",
  DRAW: "doseSession.draw",
  ADMINISTER: "doseSession.administer",
  SIGN_OFF: "doseSession.signOff",
  WITHHOLD: "doseSession.withhold",
  DECLINE: "doseSession.decline",
  AUTHORISE_LATE: "doseSession.authoriseLate",
};

async function recordStep(tx: Tx, actor: Actor, session: DoseSession, record: StepRecord): Promise<void> {
  await tx.doseSession.update({ where: { id: session.id }, data: { stage: record.stage, ...record.header } });
  await tx.doseSessionEvent.create({ data: { doseSessionId: session.id, step: record.step, at: record.at, byId: actor.userId, ...record.event } });
  await audit(tx, actor, {
    action: AUDIT_ACTION[record.step],
    entity: "DoseSession",
    entityId: session.id,
    participantId: session.participantId,
    summary: { from: session.stage, to: record.stage, ...record.summary },
    reason: record.reason ?? null,
  });
}

// ─── 1. Identity check and check-in ──────────────────────────────────────────

/**
 * Opens the participant's dose session for the session being worked, from a set time before
 * its window (checkCheckInOpen). Someone with a hard hold can still be checked in: their
 * attendance is recorded (a withheld session, not a missed one) and the prescriber can
 * review them while they are here; drawing is what the hold blocks (drawDose).
 */
export async function checkIn(tx: Tx, actor: Actor, input: CheckInInput, now: Date = new Date()) {
  await lockParticipant(tx, input.participantId);
  const settings = await siteSettings(tx, actor.siteId);
  const { sessionWindows, doseTiming } = settings;
  const session: SessionKey = { date: input.sessionDate, slot: input.slot };
  const sessionDate = localDateToDb(session.date);
  const existing = await tx.doseSession.findUnique({
    where: { participantId_sessionDate_slot: { participantId: input.participantId, sessionDate, slot: session.slot } },
    select: { id: true, stage: true },
  });
  if (existing) await advance(tx, actor, "CHECK_IN", existing);

  const current = await currentSession(tx, actor.siteId, now, sessionWindows);
  if (compareSessions(session, current) !== 0) {
    throw new RuleError(
      "doseSession.notCurrent",
      `The ${session.slot} session on ${formatLocalDate(session.date)} is not the session being worked now: refresh the page.`,
    );
  }
  const open = checkCheckInOpen(session, now, sessionWindows, doseTiming);
  if (!open.ok) throw new RuleError("doseSession.checkInNotOpen", open.reason);
  const entry = await expectedEntry(tx, actor, input.participantId, session, now, settings);
  const stage = await advance(tx, actor, "CHECK_IN", { id: null, stage: "WAITING" });
  const created = await tx.doseSession
    .create({
      data: {
        siteId: actor.siteId,
        participantId: input.participantId,
        episodeId: entry.episodeId,
        sessionDate,
        slot: session.slot,
        stage,
        events: { create: { step: "CHECK_IN", at: now, byId: actor.userId } },
      },
      select: { id: true },
    })
    .catch((error: unknown) => {
      throw duplicateAsRuleError(error, "The participant is already checked in for this session.");
    });
  await audit(tx, actor, {
    action: AUDIT_ACTION.CHECK_IN,
    entity: "DoseSession",
    entityId: created.id,
    participantId: input.participantId,
    summary: { date: session.date, slot: session.slot, openHolds: entry.openHolds.map((h) => h.kind) },
  });
  return { id: created.id, participantId: input.participantId };
}

// ─── 2. Pre-dose assessment ──────────────────────────────────────────────────

/**
 * Records the findings. Any concern means the dose is withheld: drawDose refuses while one
 * stands. The assessment can be made again (a new event; the latest counts), and must be,
 * once it is older than the clinic's limit at the draw.
 */
export async function recordPreDoseAssessment(tx: Tx, actor: Actor, input: PreDoseAssessmentInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = await advance(tx, actor, "ASSESSMENT", session);
  // A new assessment replaces the one the nurse saw; any other is a repeat of a step already recorded.
  const latest = await tx.doseSessionEvent.findFirst({ where: { doseSessionId: session.id, step: "ASSESSMENT" }, orderBy: { at: "desc" }, include: { by: { select: { name: true } } } });
  if (latest && latest.id !== input.replacesAssessmentId) {
    throw new RuleError("doseSession.alreadyRecorded", `The pre-dose assessment is already recorded. Recorded by ${latest.by.name} at ${formatTime(latest.at)}: nothing was saved twice.`);
  }
  if (!latest && input.replacesAssessmentId) throw new RuleError("doseSession.noSuchAssessment", "That assessment is not on this dose session: refresh the page.");
  const { assessmentPolicy } = await siteSettings(tx, actor.siteId);
  const concerns = assessmentConcerns(
    { sedationScore: input.sedationScore, breathAlcoholMgPerL: input.breathAlcohol, withdrawalScore: input.withdrawalScore, spo2: input.spo2 },
    assessmentPolicy,
  );
  await recordStep(tx, actor, session, {
    step: "ASSESSMENT",
    stage,
    at: now,
    event: {
      sedationScore: input.sedationScore,
      breathAlcohol: input.breathAlcohol.toFixed(3),
      withdrawalScore: input.withdrawalScore,
      spo2: input.spo2 ?? null,
    },
    summary: { concerns, repeated: session.stage === "ASSESSED" },
  });
  return { id: session.id, participantId: session.participantId, concerns };
}

/** The latest assessment of a session, with the concerns it raises under the clinic's current policy. */
/** What the draw needs from the session's log, in one read: the latest assessment, and whether a late dose was authorised. */
async function beforeTheDraw(tx: Tx, doseSessionId: string, policy: Parameters<typeof assessmentConcerns>[1]) {
  const events = await tx.doseSessionEvent.findMany({ where: { doseSessionId, step: { in: ["ASSESSMENT", "AUTHORISE_LATE"] } }, orderBy: { at: "desc" } });
  const assessment = events.find((e) => e.step === "ASSESSMENT");
  return {
    assessment: assessment ? { at: assessment.at, concerns: concernsOf(assessment, policy) } : null,
    lateAuthorised: events.some((e) => e.step === "AUTHORISE_LATE"),
  };
}

/** The concerns a recorded assessment raises: one rule for the service and the Today board. */
export function concernsOf(
  assessment: { sedationScore: number | null; breathAlcohol: { toNumber(): number } | null; withdrawalScore: number | null; spo2: number | null },
  policy: Parameters<typeof assessmentConcerns>[1],
): string[] {
  return assessmentConcerns(
    {
      sedationScore: assessment.sedationScore ?? Number.NaN,
      breathAlcoholMgPerL: assessment.breathAlcohol === null ? Number.NaN : assessment.breathAlcohol.toNumber(),
      withdrawalScore: assessment.withdrawalScore ?? Number.NaN,
      spo2: assessment.spo2 ?? undefined,
    },
    policy,
  );
}

// ─── 3. Dose drawn against the prescription, witnessed ───────────────────────

/**
 * Diamorphine is a Schedule 2 controlled drug: a second member of staff, a nurse or a
 * prescriber, witnesses the dose drawn (DOMAIN.md; Misuse of Drugs Regulations 2001) with
 * their own email and PIN on the same tablet.
 */
export const DOSE_WITNESS: WitnessRule = { roles: ["NURSE", "PRESCRIBER"], what: "a controlled-drug dose" };

/**
 * Before the draw's transaction: the session is one of this clinic's (a made-up id is
 * answered "no such session" and never reaches a PIN), then the witness's PIN.
 */
export async function checkDrawWitness(db: Db, actor: Actor, input: DrawDoseInput, now: Date = new Date()): Promise<CheckedWitness> {
  const session = await db.doseSession.findFirst({ where: { id: input.doseSessionId, siteId: actor.siteId }, select: { participantId: true } });
  if (!session) throw new RuleError("doseSession.notFound", "No such dose session at this clinic.");
  const step = { action: "doseSession.draw", what: DOSE_WITNESS.what, recordId: input.doseSessionId, participantId: session.participantId };
  return checkWitnessPin(db, actor, { email: input.witnessEmail, pin: input.witnessPin }, step, now);
}

async function lateDoseAuthorised(tx: Tx, doseSessionId: string): Promise<boolean> {
  return (await tx.doseSessionEvent.count({ where: { doseSessionId, step: "AUTHORISE_LATE" } })) > 0;
}

/**
 * When the participant's last dose counts from: the latest dose given, or a dose drawn in
 * another session and not yet recorded as given or withheld (it may be in them by now).
 */
async function lastDoseAt(tx: Tx, participantId: string, exceptSessionId: string, now: Date): Promise<Date | null> {
  const [given, drawn] = await Promise.all([
    tx.doseSession.findFirst({ where: { participantId, administeredAt: { not: null } }, orderBy: { administeredAt: "desc" }, select: { administeredAt: true } }),
    tx.doseSession.findFirst({
      where: { participantId, id: { not: exceptSessionId }, stage: "DRAWN", sessionDate: { gte: localDateToDb(addLocalDays(clinicDate(now), -14)) } },
      orderBy: { drawnAt: "desc" },
      select: { drawnAt: true },
    }),
  ]);
  return lastDoseMoment(given?.administeredAt ?? null, drawn?.drawnAt ?? null);
}

/** Diamorphine given, or drawn and not yet resolved, in the clinic day's other sessions. */
async function takenOnDay(tx: Tx, participantId: string, sessionDate: Date, exceptSessionId: string): Promise<number> {
  const sessions = await tx.doseSession.findMany({
    where: { participantId, sessionDate, id: { not: exceptSessionId } },
    select: { stage: true, drawnMg: true, givenMg: true },
  });
  return sessions.reduce((mg, s) => mg + (s.stage === "DRAWN" ? (s.drawnMg ?? 0) : (s.givenMg ?? 0)), 0);
}

export async function drawDose(tx: Tx, actor: Actor, input: DrawDoseInput, checked: CheckedWitness, now: Date = new Date()) {
  const witness = await confirmWitness(tx, actor, checked, DOSE_WITNESS);
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = await advance(tx, actor, "DRAW", session);
  const settings = await siteSettings(tx, actor.siteId);
  const key = sessionKeyOf(session);

  const entry = await expectedEntry(tx, actor, session.participantId, key, now, settings);
  const hard = entry.openHolds.filter((h) => h.kind === "HARD");
  if (hard.length > 0) {
    throw new RuleError(
      "dose.hardHold",
      `Hard hold: ${hard.map((h) => h.reason).join(" ")} No dose until a prescriber reviews and clears it: withhold this session.`,
    );
  }

  const { assessment, lateAuthorised } = await beforeTheDraw(tx, session.id, settings.assessmentPolicy);
  if (!assessment) throw new RuleError("dose.assessmentConcerns", "The pre-dose assessment is missing. Withhold the dose.");
  if (assessment.concerns.length > 0) throw new RuleError("dose.assessmentConcerns", `${assessment.concerns.join(" ")} Withhold the dose.`);
  const fresh = checkAssessmentFresh(assessment.at, now, settings.doseTiming);
  if (!fresh.ok) throw new RuleError("dose.assessmentStale", fresh.reason);

  const window = checkWindow(key, now, settings.sessionWindows, {
    lateAuthorised,
    lateDoseMinutes: settings.doseTiming.lateDoseMinutes,
  });
  if (!window.ok) throw new RuleError("dose.outsideWindow", window.reason);

  const prescribedMg = entry.prescription.doseMg;
  const drawn = checkDrawnDose({ prescribedMg, drawnMg: input.doseMg, partialReason: input.partialReason });
  if (!drawn.ok) {
    throw new RuleError("dose.notAsPrescribed", drawn.reason, { [input.doseMg < prescribedMg ? "partialReason" : "doseMg"]: drawn.reason });
  }
  const withinMaximum = checkDrawWithinMaximum(input.doseMg, settings.doseLimits);
  if (!withinMaximum.ok) throw new RuleError("dose.aboveHardLimit", withinMaximum.reason, { doseMg: withinMaximum.reason });

  const soft = entry.openHolds.filter((h) => h.kind === "SOFT");
  if (soft.length > 0 && !input.softHoldReason) {
    throw new RuleError("dose.softHoldReason", `Soft hold: ${soft.map((h) => h.reason).join(" ")} To dose, record why it is safe to go ahead.`, {
      softHoldReason: "Give the reason for dosing despite the hold.",
    });
  }

  const spacing = checkSpacing(await lastDoseAt(tx, session.participantId, session.id, now), now, settings.minHoursBetweenDoses);
  if (!spacing.ok) throw new RuleError("dose.tooSoon", spacing.reason);
  const daily = checkDailyTotal(await takenOnDay(tx, session.participantId, session.sessionDate, session.id), input.doseMg, settings.doseLimits.maxDailyMg);
  if (!daily.ok) throw new RuleError("dose.dailyMaximum", daily.reason, { doseMg: daily.reason });

  const reasons = [
    drawn.partial ? `Partial dose: ${input.partialReason}` : null,
    soft.length > 0 ? `Dosed despite a soft hold: ${input.softHoldReason}` : null,
  ].filter((r): r is string => r !== null);
  await recordStep(tx, actor, session, {
    step: "DRAW",
    stage,
    at: now,
    event: {
      witnessId: witness.id,
      prescriptionId: entry.prescription.id,
      prescribedMg,
      doseMg: input.doseMg,
      reason: reasons.length > 0 ? reasons.join(" ") : null,
    },
    header: { drawnMg: input.doseMg, drawnAt: now },
    summary: { prescribedMg, doseMg: input.doseMg, partial: drawn.partial, late: window.late, witnessId: witness.id, softHolds: soft.map((h) => h.id), batch: input.batch.batch },
    reason: reasons.length > 0 ? reasons.join(" ") : null,
  });
  // The ampoules are opened now, so the register's supply line is written now, from the
  // batch the nurse confirmed (MDR 2001 reg 19): "dose given" can never fail for stock.
  await recordSupplyForDose(tx, actor, {
    doseSessionId: session.id,
    participantId: session.participantId,
    prescriberId: entry.prescription.prescriberId,
    witnessId: witness.id,
    doseMg: input.doseMg,
    productId: input.batch.productId,
    batch: input.batch.batch,
    at: now,
  });
  return { id: session.id, participantId: session.participantId, doseMg: input.doseMg };
}

// ─── 4. Supervised self-administration ───────────────────────────────────────

/** What changed since the dose was drawn that stands in the way of giving it (administrationRecheck). */
export async function changesSinceDraw(
  tx: Tx,
  siteId: string,
  session: { participantId: string; sessionDate: Date; slot: DoseSession["slot"]; drawnMg: number | null },
  now: Date,
  settings: RosterSettings,
) {
  const [entry] = await sessionRoster(tx, siteId, sessionKeyOf(session), now, settings, { participantId: session.participantId });
  return administrationRecheck({
    drawnMg: session.drawnMg ?? 0,
    prescribedNowMg: entry?.prescription?.doseMg ?? null,
    hardHolds: (entry?.openHolds ?? []).filter((h) => h.kind === "HARD").map((h) => h.reason),
    notExpectedReason: entry ? entry.notExpectedReason : "no longer in treatment at this clinic",
  });
}

/**
 * The dose as given: by the route prescribed, all of what was drawn or less (part injected,
 * spilled: the rest is destroyed under witness). If a hard hold was placed, the dose reduced
 * or the participant is no longer expected since the draw, only a prescriber may override;
 * otherwise the nurse withholds and the drawn dose is destroyed. Whatever the hour: a dose
 * in progress is never closed by the clock.
 */
export async function administerDose(tx: Tx, actor: Actor, input: AdministerDoseInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = await advance(tx, actor, "ADMINISTER", session);
  const draw = await tx.doseSessionEvent.findFirstOrThrow({ where: { doseSessionId: session.id, step: "DRAW" }, orderBy: { at: "desc" }, include: { prescription: { select: { route: true } } } });
  const drawnMg = draw.doseMg!;

  const settings = await siteSettings(tx, actor.siteId);
  const changes = await changesSinceDraw(tx, actor.siteId, session, now, settings);
  if (changes.length > 0) {
    if (actor.role !== "PRESCRIBER") {
      throw new RuleError("dose.changedSinceDraw", `${changes.join(" ")} Do not give this dose without a prescriber's override: withhold it, and the drawn dose is destroyed under witness.`);
    }
    if (!input.overrideReason) {
      throw new RuleError("dose.changedSinceDraw", `${changes.join(" ")} To give it anyway, record your reason for overriding.`, { overrideReason: "Give the reason for overriding." });
    }
  }

  const route = draw.prescription!.route;
  if (route !== "ORAL" && !input.injectionSite) throw new RuleError("dose.injectionSite", "Enter the injection site.", { injectionSite: "Enter the injection site." });
  const givenMg = input.givenMg ?? drawnMg;
  const given = checkGivenDose(drawnMg, givenMg, input.partReason);
  if (!given.ok) throw new RuleError("dose.given", given.reason, { [givenMg < drawnMg ? "partReason" : "givenMg"]: given.reason });

  const endsAt = observationEndsAt(now, settings.observationMinutes);
  const outcome = givenMg < draw.prescribedMg! ? "PARTIAL" : "DOSED";
  const reasons = [
    given.leftoverMg > 0 ? `Part of the drawn dose not given: ${input.partReason}` : null,
    changes.length > 0 ? `Given on a prescriber's override (${changes.join(" ")}): ${input.overrideReason}` : null,
  ].filter((r): r is string => r !== null);
  await recordStep(tx, actor, session, {
    step: "ADMINISTER",
    stage,
    at: now,
    event: { route, injectionSite: route === "ORAL" ? null : (input.injectionSite ?? null), doseMg: givenMg, reason: reasons.join(" ") || null },
    header: { outcome, givenMg, administeredAt: now, observationEndsAt: endsAt },
    summary: { outcome, givenMg, drawnMg, route, observationEndsAt: endsAt.toISOString(), override: changes.length > 0 },
    reason: reasons.join(" ") || null,
  });
  if (given.leftoverMg > 0) await recordDoseLeftover(tx, actor, { doseSessionId: session.id, mg: given.leftoverMg, reason: "Part of the drawn dose not given", at: now });
  return { id: session.id, participantId: session.participantId, observationEndsAt: endsAt };
}

// ─── 5–6. Observation and sign-off ───────────────────────────────────────────

/** Overdose risk peaks in the minutes after an injected dose: the participant stays under observation until it ends. */
export async function signOff(tx: Tx, actor: Actor, input: SignOffInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = await advance(tx, actor, "SIGN_OFF", session);
  const check = checkSignOff(now, session.observationEndsAt!, input.earlyReason);
  if (!check.ok) {
    throw new RuleError("dose.stillObserving", check.reason, { earlyReason: "Give the reason for signing off before observation ends." });
  }
  const reason = check.early ? `Signed off before observation ended: ${input.earlyReason}` : null;
  await recordStep(tx, actor, session, { step: "SIGN_OFF", stage, at: now, event: { reason }, summary: { early: check.early }, reason });
  return { id: session.id, participantId: session.participantId };
}

// ─── Withheld, declined ──────────────────────────────────────────────────────

/**
 * A nurse's decision not to dose (failed assessment, hold, intoxication). A dose withheld
 * after it was drawn is a leftover: destroyed under witness and entered in the CD register.
 */
export async function withholdDose(tx: Tx, actor: Actor, input: WithholdDoseInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = await advance(tx, actor, "WITHHOLD", session);
  const drawnMgToDestroy = session.stage === "DRAWN" ? session.drawnMg : null;
  await recordStep(tx, actor, session, {
    step: "WITHHOLD",
    stage,
    at: now,
    event: { reason: input.reason },
    header: { outcome: "WITHHELD", givenMg: 0 },
    summary: { drawnMgToDestroy },
    reason: input.reason,
  });
  if (drawnMgToDestroy) await recordDoseLeftover(tx, actor, { doseSessionId: session.id, mg: drawnMgToDestroy, reason: "Withheld after drawing", at: now });
  return { id: session.id, participantId: session.participantId, drawnMgToDestroy };
}

/** The participant's own choice, before anything is drawn. */
export async function declineDose(tx: Tx, actor: Actor, input: DeclineDoseInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = await advance(tx, actor, "DECLINE", session);
  await recordStep(tx, actor, session, {
    step: "DECLINE",
    stage,
    at: now,
    event: { reason: input.reason ?? null },
    header: { outcome: "DECLINED", givenMg: 0 },
    reason: input.reason ?? null,
  });
  return { id: session.id, participantId: session.participantId };
}

// ─── Adverse events, at any step ─────────────────────────────────────────────

/**
 * An adverse event on a dose session's card. An overdose or naloxone given extends the
 * observation of a dose being observed and puts a hard hold on the next dose until a
 * prescriber reviews (adverseEventConsequences).
 */
export async function recordAdverseEvent(tx: Tx, actor: Actor, input: AdverseEventInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  return recordEvent(tx, actor, { participantId: session.participantId, episodeId: session.episodeId, session }, input, now);
}

/** An adverse event for anyone enrolled, from their profile: a collapse in the waiting room is not on a session's card. */
export async function recordParticipantAdverseEvent(tx: Tx, actor: Actor, input: ParticipantAdverseEventInput, now: Date = new Date()) {
  await lockParticipant(tx, input.participantId);
  const episode = await tx.episode.findFirst({ where: { participantId: input.participantId, siteId: actor.siteId, closedOn: null }, select: { id: true } });
  if (!episode) throw new RuleError("adverseEvent.notEnrolled", "Only someone enrolled at this clinic can have an adverse event recorded here.");
  return recordEvent(tx, actor, { participantId: input.participantId, episodeId: episode.id, session: null }, input, now);
}

async function recordEvent(
  tx: Tx,
  actor: Actor,
  on: { participantId: string; episodeId: string; session: DoseSession | null },
  input: Omit<ParticipantAdverseEventInput, "participantId">,
  now: Date,
) {
  // The same form sent again (a double tap, or pressed again after its answer was lost): the
  // participant's lock is held, so the first has committed and is found here.
  if (input.submissionKey) {
    const earlier = await tx.adverseEvent.findUnique({ where: { submissionKey: input.submissionKey }, select: { id: true, participantId: true, doseSessionId: true } });
    if (earlier && earlier.participantId === on.participantId && earlier.doseSessionId === (on.session?.id ?? null)) {
      return { id: earlier.id, participantId: on.participantId, alreadyRecorded: true };
    }
    if (earlier) throw new RuleError("adverseEvent.keyUsed", "This form was already used for another record: refresh the page and enter it again.");
  }
  const occurredAt = input.occurredAt ?? now;
  const when = checkOccurredAt(occurredAt, now);
  if (!when.ok) throw new RuleError("adverseEvent.when", when.reason, { occurredAt: when.reason });

  const created = await tx.adverseEvent.create({
    data: {
      participantId: on.participantId,
      doseSessionId: on.session?.id ?? null,
      kind: input.kind,
      naloxoneMg: input.naloxoneMg === undefined ? null : input.naloxoneMg.toFixed(2),
      occurredAt,
      description: input.description,
      recordedById: actor.userId,
      submissionKey: input.submissionKey ?? null,
    },
    select: { id: true },
  });

  const consequences = adverseEventConsequences(input.kind);
  let observationEndsAt: Date | null = null;
  if (consequences.extendsObservation && on.session?.stage === "ADMINISTERED") {
    const { doseTiming } = await siteSettings(tx, actor.siteId);
    observationEndsAt = observationAfterEvent(on.session.observationEndsAt, occurredAt, doseTiming.observationAfterOverdoseMinutes);
    await tx.doseSession.update({ where: { id: on.session.id }, data: { observationEndsAt } });
  }
  let holdId: string | null = null;
  if (consequences.holdsNextDose) {
    const open = await tx.hold.findFirst({ where: { episodeId: on.episodeId, source: "ADVERSE_EVENT", clearance: { is: null } }, select: { id: true } });
    if (!open) {
      const reason = `${ADVERSE_EVENT_LABEL[input.kind]} at ${formatTime(occurredAt)}: no dose until a prescriber reviews.`;
      const hold = await tx.hold.create({ data: { participantId: on.participantId, episodeId: on.episodeId, kind: "HARD", source: "ADVERSE_EVENT", reason, placedById: actor.userId } });
      await audit(tx, actor, { action: "hold.place", entity: "Hold", entityId: hold.id, participantId: on.participantId, summary: { kind: "HARD", source: "ADVERSE_EVENT" }, reason });
      holdId = hold.id;
    }
  }
  await audit(tx, actor, {
    action: "adverseEvent.record",
    entity: "AdverseEvent",
    entityId: created.id,
    participantId: on.participantId,
    summary: {
      doseSessionId: on.session?.id ?? null,
      kind: input.kind,
      naloxoneMg: input.naloxoneMg ?? null,
      occurredAt: occurredAt.toISOString(),
      observationEndsAt: observationEndsAt?.toISOString() ?? null,
      holdId,
    },
  });
  return { id: created.id, participantId: on.participantId, alreadyRecorded: false };
}

// ─── Late dose: a prescriber's authorisation ─────────────────────────────────

/**
 * After the window closes a dose needs a prescriber's authorisation, possible only for the
 * clinic's late-dose time and never once the next session opens (checkWindow). It is an
 * event of the session, with the prescriber and the reason. A participant marked missed
 * when the session was closed, who then arrives within that time, can be authorised too:
 * the authorisation corrects the missed record (pointing at it) and checks them in.
 */
export async function authoriseLateDose(tx: Tx, actor: Actor, input: AuthoriseLateDoseInput, now: Date = new Date()) {
  await requireValidLicence(tx, actor, now);
  const session = await lockedSession(tx, actor, input.doseSessionId);
  // Arriving after the close: the missed record is corrected, and the arrival is the check-in.
  const missedAtClose = session.stage === "CLOSED" && session.outcome === "MISSED";
  const miss = missedAtClose ? await tx.doseSessionEvent.findFirst({ where: { doseSessionId: session.id, step: "MISS" } }) : null;
  await advance(tx, actor, "AUTHORISE_LATE", { id: session.id, stage: missedAtClose ? "CHECKED_IN" : session.stage });
  const settings = await siteSettings(tx, actor.siteId);
  const window = checkWindow(sessionKeyOf(session), now, settings.sessionWindows, { lateAuthorised: true, lateDoseMinutes: settings.doseTiming.lateDoseMinutes });
  if (!window.ok) throw new RuleError("lateDose.over", window.reason);
  if (!window.late) throw new RuleError("lateDose.notLate", "The session's window is still open: no late-dose authorisation is needed.");
  if (await lateDoseAuthorised(tx, session.id)) throw new RuleError("lateDose.already", "A late dose is already authorised for this session.");

  if (missedAtClose) await expectedEntry(tx, actor, session.participantId, sessionKeyOf(session), now, settings);
  // The authorisation is written first: the database reopens a finished (missed) session
  // only for a correction its dose log already holds.
  await tx.doseSessionEvent.create({
    data: { doseSessionId: session.id, step: "AUTHORISE_LATE", at: now, byId: actor.userId, reason: input.reason, correctsId: miss?.id ?? null },
  });
  if (missedAtClose) {
    await tx.doseSession.update({ where: { id: session.id }, data: { stage: "CHECKED_IN", outcome: null, givenMg: null } });
    await tx.doseSessionEvent.create({ data: { doseSessionId: session.id, step: "CHECK_IN", at: now, byId: actor.userId, reason: "Arrived after the session was closed" } });
  }
  await audit(tx, actor, {
    action: AUDIT_ACTION.AUTHORISE_LATE,
    entity: "DoseSession",
    entityId: session.id,
    participantId: session.participantId,
    summary: { date: dbDateToLocal(session.sessionDate), slot: session.slot, arrivedAfterClose: missedAtClose },
    reason: input.reason,
  });
  return { id: session.id, participantId: session.participantId };
}
