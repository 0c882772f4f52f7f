import "server-only";
import { Prisma, type DoseSession, type Role, type SessionStage } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { compareSessions, dbDateToLocal, latestOpenedSession, localDateToDb, nextSession, type SessionKey, type SessionWindows } from "@/domain/clinic-time";
import {
  assessmentConcerns,
  checkDrawnDose,
  checkSignOff,
  checkSpacing,
  checkWindow,
  nextStageFor,
  observationEndsAt,
  type DoseStage,
  type DoseStep,
} from "@/domain/dose-session";
import { ampoulesForDose } from "@/domain/cd-register";
import { formatLocalDate } from "@/domain/format";
import { audit } from "./audit";
import type {
  AdministerDoseInput,
  AdverseEventInput,
  AuthoriseLateDoseInput,
  CheckInInput,
  DeclineDoseInput,
  DrawDoseInput,
  PreDoseAssessmentInput,
  SignOffInput,
  WithholdDoseInput,
} from "./dose-sessions.input";
import { RuleError } from "./errors";
import { sessionRoster, type RosterEntry } from "./session-roster";
import { siteSettings } from "./settings";
import { recordSupplyForDose, stockByBatch } from "./register";
import { confirmWitness } from "./witness";

/**
 * The supervised dose session (DOMAIN.md "Supervised dose session"): check-in → pre-dose
 * assessment → dose drawn and witnessed → given → observation → sign-off, or withheld or
 * declined on the way. Each step runs in the caller's transaction, locks the participant's
 * row first (so two tablets submitting at once are decided one after the other), moves the
 * session's stage forward by the pure rules in src/domain/dose-session.ts, appends its
 * DoseSessionEvent and writes its audit event. One dose session per participant, date and
 * slot is also the database's unique key.
 */

/** Recorded on the session by a prescriber; drawing after the window closes looks for it. */
export const LATE_DOSE_AUTHORISED = "doseSession.authoriseLate";

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

/** The stage a step leads to, or the nurse-readable reason it cannot happen yet (or any more). */
function advance(step: DoseStep, current: DoseStage): SessionStage {
  const next = nextStageFor(step, current);
  if (typeof next === "object") throw new RuleError("doseSession.outOfOrder", next.refused);
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

function sessionKeyOf(session: DoseSession): SessionKey {
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
async function expectedEntry(tx: Tx, actor: Actor, participantId: string, session: SessionKey, at: Date): Promise<ExpectedEntry> {
  const [entry] = await sessionRoster(tx, actor.siteId, session, at, { participantId });
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
 * Opens the participant's dose session for the session being worked. Someone with a hard
 * hold can still be checked in: their attendance is recorded (a withheld session, not a
 * missed one) and the prescriber can review them while they are here; drawing is what the
 * hold blocks (drawDose).
 */
export async function checkIn(tx: Tx, actor: Actor, input: CheckInInput, now: Date = new Date()) {
  await lockParticipant(tx, input.participantId);
  const { sessionWindows } = await siteSettings(tx, actor.siteId);
  const session: SessionKey = { date: input.sessionDate, slot: input.slot };
  const current = await currentSession(tx, actor.siteId, now, sessionWindows);
  if (compareSessions(session, current) !== 0) {
    throw new RuleError(
      "doseSession.notCurrent",
      `The ${session.slot} session on ${formatLocalDate(session.date)} is not the session being worked now: refresh the page.`,
    );
  }
  const entry = await expectedEntry(tx, actor, input.participantId, session, now);
  const sessionDate = localDateToDb(session.date);
  const existing = await tx.doseSession.findUnique({
    where: { participantId_sessionDate_slot: { participantId: input.participantId, sessionDate, slot: session.slot } },
    select: { stage: true },
  });
  const stage = advance("CHECK_IN", existing?.stage ?? "WAITING");
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

/** Records the findings. Any concern means the dose is withheld: drawDose refuses while one stands. */
export async function recordPreDoseAssessment(tx: Tx, actor: Actor, input: PreDoseAssessmentInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = advance("ASSESSMENT", session.stage);
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
    summary: { concerns },
  });
  return { id: session.id, participantId: session.participantId, concerns };
}

/** The concerns standing against a session's recorded assessment, under the clinic's current policy. */
async function standingConcerns(tx: Tx, doseSessionId: string, policy: Parameters<typeof assessmentConcerns>[1]): Promise<string[]> {
  const assessment = await tx.doseSessionEvent.findFirst({ where: { doseSessionId, step: "ASSESSMENT" }, orderBy: { at: "desc" } });
  if (!assessment) return ["The pre-dose assessment is missing."];
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
const DOSE_WITNESSES: readonly Role[] = ["NURSE", "PRESCRIBER"];

async function lateDoseAuthorised(tx: Tx, doseSessionId: string): Promise<boolean> {
  return (await tx.auditEvent.count({ where: { action: LATE_DOSE_AUTHORISED, entity: "DoseSession", entityId: doseSessionId } })) > 0;
}

export async function drawDose(tx: Tx, actor: Actor, input: DrawDoseInput, now: Date = new Date()) {
  // bcrypt is slow on purpose: confirm the witness before taking the participant's lock.
  const witness = await confirmWitness(tx, actor, { email: input.witnessEmail, pin: input.witnessPin }, { roles: DOSE_WITNESSES, what: "a controlled-drug dose" });
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = advance("DRAW", session.stage);
  const settings = await siteSettings(tx, actor.siteId);
  const key = sessionKeyOf(session);

  const entry = await expectedEntry(tx, actor, session.participantId, key, now);
  const hard = entry.openHolds.filter((h) => h.kind === "HARD");
  if (hard.length > 0) {
    throw new RuleError(
      "dose.hardHold",
      `Hard hold: ${hard.map((h) => h.reason).join(" ")} No dose until a prescriber reviews and clears it: withhold this session.`,
    );
  }

  const concerns = await standingConcerns(tx, session.id, settings.assessmentPolicy);
  if (concerns.length > 0) throw new RuleError("dose.assessmentConcerns", `${concerns.join(" ")} Withhold the dose.`);

  const window = checkWindow(key, now, settings.sessionWindows, { lateAuthorised: await lateDoseAuthorised(tx, session.id) });
  if (!window.ok) throw new RuleError("dose.outsideWindow", window.reason);

  const prescribedMg = entry.prescription.doseMg;
  const drawn = checkDrawnDose({ prescribedMg, drawnMg: input.doseMg, partialReason: input.partialReason });
  if (!drawn.ok) {
    throw new RuleError("dose.notAsPrescribed", drawn.reason, { [input.doseMg < prescribedMg ? "partialReason" : "doseMg"]: drawn.reason });
  }

  const soft = entry.openHolds.filter((h) => h.kind === "SOFT");
  if (soft.length > 0 && !input.softHoldReason) {
    throw new RuleError("dose.softHoldReason", `Soft hold: ${soft.map((h) => h.reason).join(" ")} To dose, record why it is safe to go ahead.`, {
      softHoldReason: "Give the reason for dosing despite the hold.",
    });
  }

  const last = await tx.doseSession.findFirst({
    where: { participantId: session.participantId, administeredAt: { not: null } },
    orderBy: { administeredAt: "desc" },
    select: { administeredAt: true },
  });
  const spacing = checkSpacing(last?.administeredAt ?? null, now, settings.minHoursBetweenDoses);
  if (!spacing.ok) throw new RuleError("dose.tooSoon", spacing.reason);
  // Ampoules are opened at the draw: refuse now, not after the dose is drawn, when the
  // register holds no batch that covers it.
  if (!ampoulesForDose(input.doseMg, await stockByBatch(tx, actor.siteId))) {
    throw new RuleError("register.noStock", `The controlled-drug register shows no batch that covers ${input.doseMg} mg. Ask the CD lead to check stock before dosing.`);
  }

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
    summary: { prescribedMg, doseMg: input.doseMg, partial: drawn.partial, late: window.late, witnessId: witness.id, softHolds: soft.map((h) => h.id) },
    reason: reasons.length > 0 ? reasons.join(" ") : null,
  });
  return { id: session.id, participantId: session.participantId, doseMg: input.doseMg };
}

// ─── 4. Supervised self-administration ───────────────────────────────────────

export async function administerDose(tx: Tx, actor: Actor, input: AdministerDoseInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = advance("ADMINISTER", session.stage);
  const draw = await tx.doseSessionEvent.findFirstOrThrow({ where: { doseSessionId: session.id, step: "DRAW" }, orderBy: { at: "desc" } });
  const givenMg = draw.doseMg!;
  const { observationMinutes } = await siteSettings(tx, actor.siteId);
  const endsAt = observationEndsAt(now, observationMinutes);
  const outcome = givenMg < draw.prescribedMg! ? "PARTIAL" : "DOSED";
  await recordStep(tx, actor, session, {
    step: "ADMINISTER",
    stage,
    at: now,
    event: { route: input.route, injectionSite: input.route === "ORAL" ? null : (input.injectionSite ?? null), doseMg: givenMg },
    header: { outcome, givenMg, administeredAt: now, observationEndsAt: endsAt },
    summary: { outcome, givenMg, route: input.route, observationEndsAt: endsAt.toISOString() },
  });
  // The register's supply line is written with the dose, in the same transaction (MDR 2001 reg 19).
  const prescription = await tx.prescription.findUniqueOrThrow({ where: { id: draw.prescriptionId! }, select: { prescriberId: true } });
  await recordSupplyForDose(tx, actor, {
    doseSessionId: session.id,
    participantId: session.participantId,
    prescriberId: prescription.prescriberId,
    witnessId: draw.witnessId!,
    doseMg: givenMg,
    at: now,
  });
  return { id: session.id, participantId: session.participantId, observationEndsAt: endsAt };
}

// ─── 5–6. Observation and sign-off ───────────────────────────────────────────

/** Overdose risk peaks in the minutes after an injected dose: the participant stays under observation until it ends. */
export async function signOff(tx: Tx, actor: Actor, input: SignOffInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = advance("SIGN_OFF", session.stage);
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
 * after it was drawn has to be destroyed under witness and entered in the CD register.
 */
export async function withholdDose(tx: Tx, actor: Actor, input: WithholdDoseInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = advance("WITHHOLD", session.stage);
  const draw = session.stage === "DRAWN" ? await tx.doseSessionEvent.findFirst({ where: { doseSessionId: session.id, step: "DRAW" }, orderBy: { at: "desc" } }) : null;
  const drawnMgToDestroy = draw?.doseMg ?? null;
  await recordStep(tx, actor, session, {
    step: "WITHHOLD",
    stage,
    at: now,
    event: { reason: input.reason },
    header: { outcome: "WITHHELD", givenMg: 0 },
    summary: { drawnMgToDestroy },
    reason: input.reason,
  });
  return { id: session.id, participantId: session.participantId, drawnMgToDestroy };
}

/** The participant's own choice, before anything is drawn. */
export async function declineDose(tx: Tx, actor: Actor, input: DeclineDoseInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  const stage = advance("DECLINE", session.stage);
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

export async function recordAdverseEvent(tx: Tx, actor: Actor, input: AdverseEventInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  // The same form sent again (a double tap, or pressed again after its answer was lost): the
  // participant's lock is held, so the first has committed and is found here.
  if (input.submissionKey) {
    const earlier = await tx.adverseEvent.findUnique({ where: { submissionKey: input.submissionKey }, select: { id: true, doseSessionId: true } });
    if (earlier?.doseSessionId === session.id) return { id: earlier.id, participantId: session.participantId, alreadyRecorded: true };
    if (earlier) throw new RuleError("adverseEvent.keyUsed", "This form was already used for another record: refresh the page and enter it again.");
  }
  const created = await tx.adverseEvent.create({
    data: {
      participantId: session.participantId,
      doseSessionId: session.id,
      kind: input.kind,
      naloxoneMg: input.naloxoneMg === undefined ? null : input.naloxoneMg.toFixed(2),
      occurredAt: now,
      description: input.description,
      recordedById: actor.userId,
      submissionKey: input.submissionKey ?? null,
    },
    select: { id: true },
  });
  await audit(tx, actor, {
    action: "adverseEvent.record",
    entity: "AdverseEvent",
    entityId: created.id,
    participantId: session.participantId,
    summary: { doseSessionId: session.id, kind: input.kind, naloxoneMg: input.naloxoneMg ?? null },
  });
  return { id: created.id, participantId: session.participantId, alreadyRecorded: false };
}

// ─── Late dose: a prescriber's authorisation ─────────────────────────────────

/**
 * After the window closes a dose needs a prescriber's authorisation, and is possible only
 * until the next session opens (checkWindow). The authorisation is recorded on the session
 * (an audit event naming it, with the prescriber and the reason) before anything is drawn.
 */
export async function authoriseLateDose(tx: Tx, actor: Actor, input: AuthoriseLateDoseInput, now: Date = new Date()) {
  const session = await lockedSession(tx, actor, input.doseSessionId);
  if (session.stage !== "CHECKED_IN" && session.stage !== "ASSESSED") {
    throw new RuleError("lateDose.notOpen", "A late dose can be authorised only after check-in and before the dose is drawn.");
  }
  const { sessionWindows } = await siteSettings(tx, actor.siteId);
  const window = checkWindow(sessionKeyOf(session), now, sessionWindows, { lateAuthorised: true });
  if (!window.ok) throw new RuleError("lateDose.over", window.reason);
  if (await lateDoseAuthorised(tx, session.id)) throw new RuleError("lateDose.already", "A late dose is already authorised for this session.");
  await audit(tx, actor, {
    action: LATE_DOSE_AUTHORISED,
    entity: "DoseSession",
    entityId: session.id,
    participantId: session.participantId,
    summary: { date: dbDateToLocal(session.sessionDate), slot: session.slot },
    reason: input.reason,
  });
  return { id: session.id, participantId: session.participantId };
}
