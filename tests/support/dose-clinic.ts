import { hash } from "@node-rs/bcrypt";
import { expect } from "vitest";
import type { Role } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import type { Tx } from "@/db/client";
import { addLocalDays, clinicInstant, localDateToDb, type LocalDate, type SessionSlot } from "@/domain/clinic-time";
import { checkDrawWitness, checkIn, drawDose, recordPreDoseAssessment } from "@/server/dose-sessions";
import { DrawDoseInput, PreDoseAssessmentInput } from "@/server/dose-sessions.input";
import type { TestDatabase } from "./database";
import { NO_REVIEW_DUE, licensePrescriber, makeEnrolledParticipant, makeSite } from "./fixtures";
import { witnessed } from "./witness";

export type Clinic = {
  siteId: string;
  nurse: Actor;
  /** Licensed for the site (issue 15): prescribing and late-dose authorisation need it. */
  prescriber: Actor;
  /** The prescriber's email (PIN 357924): an authorised witness for destruction. */
  prescriberEmail: string;
  pharmacist: Actor;
  /** A second nurse's email (PIN 246813). */
  witnessEmail: string;
  /** The register's batch T1 of 100 mg ampoules, as the draw form sends it. */
  batch: string;
  productId: string;
};

/**
 * A clinic for dose-session tests, on the test file's database: staff with witness PINs,
 * a stocked register, participants with a prescription, and each step up to the draw.
 */
export function doseClinic(database: () => TestDatabase) {
  const db = {
    get prisma() {
      return database().prisma;
    },
  };
  const run = <T>(fn: (tx: Tx) => Promise<T>) => db.prisma.$transaction(fn, { maxWait: 30_000, timeout: 30_000 });

  // A Tuesday in March (GMT): AM 08:00–11:00, PM 15:00–18:00 by default.
  const DAY = "2026-03-10";
  const at = (time: string, date: LocalDate = DAY) => clinicInstant(date, time);

  let emails = 0;
  /** Staff with witness PINs (bcrypt at the lowest cost: these tests check who may witness, not bcrypt). */
  async function staff(siteId: string, role: Role, pin: string | null, options: { disabled?: boolean } = {}) {
    const email = `${role.toLowerCase()}-${++emails}@clinic.test`;
    const user = await db.prisma.user.create({
      data: {
        email,
        name: `${role} ${emails}`,
        role,
        siteId,
        passwordHash: "not-used",
        witnessPinHash: pin ? await hash(pin, { cost: 4 }) : null,
        disabledAt: options.disabled ? new Date() : null,
      },
    });
    const actor: Actor = { userId: user.id, name: user.name, role, siteId };
    return { actor, email };
  }

  async function clinic(settings: Record<string, unknown> = {}): Promise<Clinic> {
    const site = await makeSite(db.prisma);
    for (const [key, value] of Object.entries(settings)) await db.prisma.setting.create({ data: { siteId: site.id, key, value: value as object } });
    const nurse = await staff(site.id, "NURSE", "135792");
    const witness = await staff(site.id, "NURSE", "246813");
    const prescriber = await staff(site.id, "PRESCRIBER", "357924");
    await licensePrescriber(db.prisma, prescriber.actor.userId, site.id);
    const pharmacist = await staff(site.id, "PHARMACIST", "468035");
    const productId = await stockRegister(site.id, prescriber.actor.userId);
    return {
      siteId: site.id,
      nurse: nurse.actor,
      prescriber: prescriber.actor,
      prescriberEmail: prescriber.email,
      pharmacist: pharmacist.actor,
      witnessEmail: witness.email,
      batch: `${productId}:T1`,
      productId,
    };
  }

  /** Diamorphine in the register, so every dose has a batch to be supplied from. */
  async function stockRegister(siteId: string, userId: string) {
    const product = await db.prisma.drugProduct.create({ data: { siteId, name: "Diamorphine hydrochloride", strengthMg: 100, form: "ampoule" } });
    await db.prisma.controlledDrugEntry.create({
      data: { siteId, productId: product.id, kind: "RECEIPT", occurredAt: new Date("2026-01-01T09:00:00Z"), batch: "T1", quantity: 5000, supplier: "Test wholesaler", madeById: userId },
    });
    return product.id;
  }

  /** An active participant with a prescription in force since well before DAY. */
  async function participant(c: Clinic, options: { amMg?: number; pmMg?: number; enrolledOn?: LocalDate; titrating?: boolean; route?: "IV" | "IM" | "ORAL" } = {}) {
    const { participant, episode } = await makeEnrolledParticipant(db.prisma, c.siteId, c.prescriber.userId, options.enrolledOn ?? "2026-01-05");
    if (options.titrating) await db.prisma.episode.update({ where: { id: episode.id }, data: { stableFrom: null } });
    await db.prisma.prescription.create({
      data: {
        participantId: participant.id,
        episodeId: episode.id,
        version: 1,
        amDoseMg: options.amMg ?? 100,
        pmDoseMg: options.pmMg ?? 120,
        startsAt: clinicInstant(options.enrolledOn ?? "2026-01-05", "07:00"),
        reason: "Stable dose",
        route: options.route,
        prescriberId: c.prescriber.userId,
        reviewBy: NO_REVIEW_DUE,
      },
    });
    return { participantId: participant.id, episodeId: episode.id };
  }

  const fit = { sedationScore: "0", breathAlcohol: "0", withdrawalScore: "2", spo2: "98" };

  async function checkedIn(c: Clinic, participantId: string, now: Date, slot: SessionSlot = "AM", date: LocalDate = DAY) {
    return run((tx) => checkIn(tx, c.nurse, { participantId, sessionDate: date, slot }, now));
  }

  async function assessed(c: Clinic, participantId: string, now: Date, findings = fit, slot: SessionSlot = "AM", date: LocalDate = DAY) {
    const { id } = await checkedIn(c, participantId, now, slot, date);
    await run((tx) => recordPreDoseAssessment(tx, c.nurse, PreDoseAssessmentInput.parse({ doseSessionId: id, ...findings }), now));
    return id;
  }

  /** As the draw action runs it: the session and the witness's PIN first, then the transaction. */
  const draw = (c: Clinic, doseSessionId: string, now: Date, fields: Record<string, string> = {}) =>
    witnessed(db.prisma, checkDrawWitness, drawDose, c.nurse, DrawDoseInput.parse({ doseSessionId, doseMg: "100", batch: c.batch, witnessEmail: c.witnessEmail, witnessPin: "246813", ...fields }), now);

  /** What a refused step must leave untouched. */
  async function snapshot(doseSessionId: string) {
    const [session, events, audits] = await Promise.all([
      db.prisma.doseSession.findUniqueOrThrow({ where: { id: doseSessionId } }),
      db.prisma.doseSessionEvent.count({ where: { doseSessionId } }),
      // A refused witness PIN is audited on purpose (witness.ts); the step itself writes nothing.
      db.prisma.auditEvent.count({ where: { NOT: { action: { startsWith: "witness." } } } }),
    ]);
    return { stage: session.stage, outcome: session.outcome, givenMg: session.givenMg, events, audits };
  }

  async function refusedAndUnchanged(doseSessionId: string, attempt: () => Promise<unknown>, code: string) {
    const before = await snapshot(doseSessionId);
    await expect(attempt()).rejects.toMatchObject({ code });
    expect(await snapshot(doseSessionId)).toEqual(before);
  }

  /** The fortnight before DAY already closed, as a running clinic's is: the catch-up then closes only DAY's sessions. */
  async function closedFortnight(c: Clinic) {
    const days = Array.from({ length: 14 }, (_, i) => addLocalDays(DAY, -(i + 1)));
    await db.prisma.sessionClosure.createMany({ data: days.flatMap((date) => (["AM", "PM"] as const).map((slot) => ({ siteId: c.siteId, sessionDate: localDateToDb(date), slot }))) });
  }

  return { run, DAY, at, staff, clinic, closedFortnight, participant, fit, checkedIn, assessed, draw, snapshot, refusedAndUnchanged };
}
