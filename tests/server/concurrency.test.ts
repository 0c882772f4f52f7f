import { hash } from "@node-rs/bcrypt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actingAs, form, useTestDatabase } from "../support/actions";
import { enrolParticipantAction } from "@app/(staff)/participants/actions";
import { clearHoldAction, placeHoldAction, prescribeAction } from "@app/(staff)/prescribing/actions";
import { removeStockAction, stockCheckAction } from "@app/(staff)/register/actions";
import { administerDoseAction, checkInAction, closeSessionAction, drawDoseAction, recordPreDoseAssessmentAction } from "@app/(staff)/today/actions";
import type { Role } from "@/generated/prisma/client";
import type { Actor } from "@/auth/actor";
import { clinicInstant, localDateToDb } from "@/domain/clinic-time";
import type { ActionResult } from "@/server/action-result";
import { checkIn as checkInStep, drawDose, recordPreDoseAssessment } from "@/server/dose-sessions";
import { DrawDoseInput, PreDoseAssessmentInput } from "@/server/dose-sessions.input";
import { RuleError } from "@/server/errors";
import { checkWitnessPin } from "@/server/witness";
import { recordAssessment, referNewParticipant } from "@/server/participants";
import { AssessInput, ReferNewInput } from "@/server/participants.input";
import { checkReceiptWitness, receiveStock } from "@/server/register";
import { freshDatabase, type TestDatabase } from "../support/database";
import { DOSE_STEPS, doseRecordProblems } from "../support/dose-records";
import { NO_REVIEW_DUE, licensePrescriber, makeEnrolledParticipant, makeSite } from "../support/fixtures";
import { witnessed } from "../support/witness";

/**
 * Adversarial concurrency: many requests at once through the real server actions (one
 * transaction each, as in production). On PostgreSQL (TEST_DATABASE_URL) they really run
 * side by side and only row locks decide; on PGlite they queue one after another. Either
 * way every request ends in success or a rule's message ("rule"), never a generic failure,
 * a deadlock or a duplicate-key conflict, and what is written adds up.
 */

let db: TestDatabase;

// A Tuesday in March (GMT), inside the AM window (08:00–11:00). The actions read the clock
// (new Date()), so only Date is faked; it runs on from here in real time.
const DAY = "2026-03-10";

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(clinicInstant(DAY, "09:00"));
});
afterAll(async () => {
  vi.useRealTimers();
  await db?.close();
});

type Staff = { actor: Actor; email: string };
type Clinic = { siteId: string; productId: string; nurses: Staff[]; prescribers: Staff[]; pharmacist: Staff; witness: Staff };

let emails = 0;
async function staff(siteId: string, role: Role): Promise<Staff> {
  const email = `${role.toLowerCase()}-${++emails}@race.test`;
  const user = await db.prisma.user.create({
    // bcrypt at its lowest cost: witnesses are checked on every draw, and this file is about locks.
    data: { email, name: `${role} ${emails}`, role, siteId, passwordHash: "not-used", witnessPinHash: await hash("246813", { cost: 4 }) },
  });
  return { actor: { userId: user.id, name: user.name, role, siteId }, email };
}

/** A clinic with staff and a register holding `ampoules` × 100 mg diamorphine in one batch. */
async function clinic(options: { ampoules?: number; capacity?: number; nurses?: number; prescribers?: number } = {}): Promise<Clinic> {
  const site = await makeSite(db.prisma);
  if (options.capacity) await db.prisma.setting.create({ data: { siteId: site.id, key: "capacity", value: options.capacity } });
  const nurses = await Promise.all(Array.from({ length: options.nurses ?? 2 }, () => staff(site.id, "NURSE")));
  const prescribers = await Promise.all(Array.from({ length: options.prescribers ?? 1 }, () => staff(site.id, "PRESCRIBER")));
  for (const p of prescribers) await licensePrescriber(db.prisma, p.actor.userId, site.id);
  const pharmacist = await staff(site.id, "PHARMACIST");
  const witness = await staff(site.id, "NURSE");
  const product = await db.prisma.drugProduct.create({ data: { siteId: site.id, name: "Diamorphine hydrochloride", strengthMg: 100, form: "ampoule" } });
  const opening = { productId: product.id, batch: "B1", expiresOn: "2027-01-01", quantity: options.ampoules ?? 500, supplier: "Test wholesaler", witnessEmail: witness.email, witnessPin: "246813" };
  await witnessed(db.prisma, checkReceiptWitness, receiveStock, pharmacist.actor, opening, clinicInstant("2026-03-01", "09:00"));
  return { siteId: site.id, productId: product.id, nurses, prescribers, pharmacist, witness };
}

/** An active participant with 100 mg AM / 100 mg PM in force since January. */
async function participant(c: Clinic) {
  const prescriber = c.prescribers[0]!.actor.userId;
  const { participant, episode } = await makeEnrolledParticipant(db.prisma, c.siteId, prescriber);
  const prescription = await db.prisma.prescription.create({
    data: { participantId: participant.id, episodeId: episode.id, version: 1, amDoseMg: 100, pmDoseMg: 100, startsAt: clinicInstant("2026-01-05", "07:00"), reason: "Stable dose", prescriberId: prescriber, reviewBy: NO_REVIEW_DUE },
  });
  return { participantId: participant.id, episodeId: episode.id, prescriptionId: prescription.id };
}

/** Referred and accepted, waiting for a place. */
async function waitingParticipant(c: Clinic, familyName: string) {
  const actor = c.prescribers[0]!.actor;
  const referred = await db.prisma.$transaction((tx) =>
    referNewParticipant(tx, actor, ReferNewInput.parse({ givenName: "Sam", familyName, dateOfBirth: "1980-05-01", referredOn: "2026-01-02", agency: "PROBATION", reason: "Oral treatment failed" })),
  );
  const referral = await db.prisma.referral.findFirstOrThrow({ where: { participantId: referred.id } });
  await db.prisma.$transaction((tx) =>
    recordAssessment(
      tx,
      actor,
      AssessInput.parse({ referralId: referral.id, assessedOn: "2026-01-05", yearsDependent: "12", failedTreatments: "3", failedTreatmentNotes: "Methadone twice", injectingDaysLast90: "80", outcome: "ACCEPTED" }),
    ),
  );
  return referred.id;
}

// ─── The steps, as a tablet submits them ─────────────────────────────────────

const checkIn = (nurse: Staff, participantId: string) => actingAs(nurse.actor, () => checkInAction(null, form({ participantId, sessionDate: DAY, slot: "AM" })));
const assess = (nurse: Staff, doseSessionId: string) =>
  actingAs(nurse.actor, () => recordPreDoseAssessmentAction(null, form({ doseSessionId, sedationScore: 0, breathAlcohol: 0, withdrawalScore: 2, spo2: 98 })));
const draw = (c: Clinic, nurse: Staff, doseSessionId: string) =>
  actingAs(nurse.actor, () => drawDoseAction(null, form({ doseSessionId, doseMg: 100, batch: `${c.productId}:B1`, witnessEmail: c.witness.email, witnessPin: "246813" })));
const administer = (nurse: Staff, doseSessionId: string) => actingAs(nurse.actor, () => administerDoseAction(null, form({ doseSessionId, injectionSite: "left forearm" })));

/** The same request from `n` tablets at once. */
function burst<T>(n: number, request: (i: number) => Promise<ActionResult<T>>): Promise<ActionResult<T>[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => request(i)));
}

/** Exactly one request won; every other one was refused by a rule, with one of these messages (a repeat names who recorded the step, and when). */
function oneWinner<T>(results: ActionResult<T>[], ...refusals: string[]): T {
  const won = results.flatMap((r) => (r.ok ? [r.data] : []));
  expect(won).toHaveLength(1);
  for (const r of results) {
    if (!r.ok) expect({ code: r.code, error: r.error.replace(/ Recorded by .+ at \d\d:\d\d: nothing was saved twice\.$/, "") }).toEqual({ code: "rule", error: expect.toBeOneOf(refusals) });
  }
  return won[0]!;
}

/** Success or a rule's refusal: never "unexpected" (a deadlock, a serialisation failure) nor "conflict". */
function cleanOutcomes(results: ActionResult<unknown>[]) {
  const unclean = results.filter((r) => !r.ok && r.code !== "rule");
  expect(unclean).toEqual([]);
}

const sessionOf = (participantId: string) =>
  db.prisma.doseSession.findUniqueOrThrow({ where: { participantId_sessionDate_slot: { participantId, sessionDate: localDateToDb(DAY), slot: "AM" } } });

/** The site's dose and register records add up (tests/support/dose-records.ts); returns them for further checks. */
async function consistent(siteId: string) {
  const { problems, ...records } = await doseRecordProblems(db.prisma, siteId);
  expect(problems).toEqual([]);
  return records;
}

describe("simultaneous dose steps for one participant and session", () => {
  it("record each step once, whichever of twelve tablets presses first, and refuse the rest by name", async () => {
    const c = await clinic({ nurses: 4 });
    const { participantId } = await participant(c);
    const nurse = (i: number) => c.nurses[i % c.nurses.length]!;

    const checkedIn = oneWinner(await burst(12, (i) => checkIn(nurse(i), participantId)), "The participant is already checked in.");
    const id = checkedIn.id;
    oneWinner(await burst(12, (i) => assess(nurse(i), id)), "The pre-dose assessment is already recorded.");
    oneWinner(await burst(12, (i) => draw(c, nurse(i), id)), "The dose is already drawn.");
    oneWinner(await burst(12, (i) => administer(nurse(i), id)), "The dose is already recorded as given.");

    const { sessions, supplies, balances } = await consistent(c.siteId);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ stage: "ADMINISTERED", outcome: "DOSED", givenMg: 100 });
    expect(sessions[0]!.events.map((e) => e.step).sort()).toEqual([...DOSE_STEPS].sort());
    expect(supplies).toHaveLength(1);
    expect(balances).toEqual({ B1: 499 });
  });

  it("record one dose when twenty tablets check in, assess and draw in one transaction each", async () => {
    const c = await clinic({ nurses: 4 });
    const { participantId } = await participant(c);
    const now = new Date();
    // The witness's PIN is checked once, before any transaction, as the draw action does.
    const witness = await checkWitnessPin(db.prisma, c.nurses[0]!.actor, { email: c.witness.email, pin: "246813" }, { action: "doseSession.draw", what: "a dose", recordId: participantId }, now);
    const submissions = Array.from({ length: 20 }, (_, i) => {
      const nurse = c.nurses[i % 4]!.actor;
      return db.prisma.$transaction(
        async (tx) => {
          const { id } = await checkInStep(tx, nurse, { participantId, sessionDate: DAY, slot: "AM" }, now);
          await recordPreDoseAssessment(tx, nurse, PreDoseAssessmentInput.parse({ doseSessionId: id, sedationScore: "0", breathAlcohol: "0", withdrawalScore: "2" }), now);
          return drawDose(tx, nurse, DrawDoseInput.parse({ doseSessionId: id, doseMg: "100", batch: `${c.productId}:B1`, witnessEmail: c.witness.email, witnessPin: "246813" }), witness, now);
        },
        { maxWait: 30_000, timeout: 30_000 },
      );
    });
    const results = await Promise.allSettled(submissions);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") {
        expect(r.reason).toBeInstanceOf(RuleError);
        expect(r.reason.message).toMatch(/^The participant is already checked in\. Recorded by .+: nothing was saved twice\.$/);
      }
    }
    const { sessions } = await consistent(c.siteId);
    expect(sessions.map((s) => s.events.map((e) => e.step).sort())).toEqual([["ASSESSMENT", "CHECK_IN", "DRAW"]]);
  });

  it("give one dose when tablets race each other through the whole session, each step as soon as it can", async () => {
    const c = await clinic({ nurses: 3 });
    const { participantId } = await participant(c);
    // Each tablet walks check-in → assessment → draw → given; a tablet that lost a step
    // carries on with the next, as a nurse would after the screen refreshed.
    const tablet = async (nurse: Staff) => {
      const results: ActionResult<unknown>[] = [await checkIn(nurse, participantId)];
      const { id } = await sessionOf(participantId);
      for (const step of [assess, (n: Staff, s: string) => draw(c, n, s), administer]) results.push(await step(nurse, id));
      return results;
    };
    const results = (await Promise.all(Array.from({ length: 8 }, (_, i) => tablet(c.nurses[i % 3]!)))).flat();
    cleanOutcomes(results);
    expect(results.filter((r) => r.ok)).toHaveLength(4);

    const { sessions, supplies } = await consistent(c.siteId);
    expect(sessions.map((s) => s.events.map((e) => e.step).sort())).toEqual([[...DOSE_STEPS].sort()]);
    expect(supplies).toHaveLength(1);
  });

  it("share the register's last ampoules among simultaneous doses for different participants, never below zero", async () => {
    const c = await clinic({ ampoules: 6, nurses: 4 });
    const people = await Promise.all(Array.from({ length: 10 }, () => participant(c)));
    const ids: string[] = [];
    for (const [i, p] of people.entries()) {
      const { id } = await checkIn(c.nurses[i % 4]!, p.participantId).then((r) => (r.ok ? r.data : Promise.reject(new Error(r.error))));
      ids.push(id);
    }
    cleanOutcomes(await burst(ids.length, (i) => assess(c.nurses[i % 4]!, ids[i]!)));
    // The ampoules are reserved at the draw: six draws take the six ampoules, the rest are told why.
    const drawn = await burst(ids.length, (i) => draw(c, c.nurses[i % 4]!, ids[i]!));
    cleanOutcomes(drawn);
    expect(drawn.filter((r) => r.ok)).toHaveLength(6);
    for (const r of drawn) if (!r.ok) expect(r.error).toBe("Batch B1 holds 0 ampoule(s) by the register; 100 mg needs 1. Choose another batch or ask the CD lead.");

    // Every dose drawn can be recorded as given: nothing can take its ampoules in between.
    const drawnIds = ids.filter((_, i) => drawn[i]!.ok);
    const given = await burst(drawnIds.length, (i) => administer(c.nurses[i % 4]!, drawnIds[i]!));
    expect(given.every((r) => r.ok)).toBe(true);

    const { supplies, balances } = await consistent(c.siteId);
    expect(supplies).toHaveLength(6);
    expect(balances).toEqual({ B1: 0 });
  });
});

describe("simultaneous referrals and enrolments", () => {
  it("give each of many simultaneous referrals its own reference", async () => {
    const c = await clinic();
    const actor = c.prescribers[0]!.actor;
    const refer = (i: number) =>
      db.prisma.$transaction((tx) =>
        referNewParticipant(tx, actor, ReferNewInput.parse({ givenName: "Alex", familyName: `Referred${i}`, dateOfBirth: "1979-02-03", referredOn: "2026-03-01", agency: "GP", reason: "Oral treatment failed" })),
      );
    const settled = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => refer(i)));
    expect(settled.filter((r) => r.status === "rejected")).toEqual([]);
    const references = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value.reference] : []));
    expect(new Set(references).size).toBe(12);
  });

  it("fill exactly the free places when more people than places are enrolled at once, and tell the rest the clinic is full", async () => {
    const c = await clinic({ capacity: 5, prescribers: 3 });
    await participant(c); // one place already taken
    const waiting: string[] = [];
    for (let i = 0; i < 10; i++) waiting.push(await waitingParticipant(c, `Waiting${i}`));

    // Each waiting person is enrolled by two prescribers at once: 20 requests for 4 places.
    const results = await burst(20, (i) => actingAs(c.prescribers[i % 3]!.actor, () => enrolParticipantAction(null, form({ participantId: waiting[i % 10]!, enrolledOn: "2026-03-09" }))));
    cleanOutcomes(results);
    const enrolled = results.flatMap((r) => (r.ok ? [r.data.id] : []));
    expect(enrolled).toHaveLength(4);
    expect(new Set(enrolled).size).toBe(4);
    for (const r of results) {
      if (!r.ok) expect(r.error).toBeOneOf(["All 5 places are taken. Enrol when someone exits.", "Only someone accepted onto the waiting list can be enrolled."]);
    }

    expect(await db.prisma.episode.count({ where: { siteId: c.siteId, closedOn: null } })).toBe(5);
    expect(await db.prisma.episode.count({ where: { participantId: { in: waiting } } })).toBe(4);
    const audits = await db.prisma.auditEvent.findMany({ where: { action: "participant.enrol", participantId: { in: waiting } } });
    // Decided one after another: each enrolment saw the places taken before it.
    expect(audits.map((a) => (a.summary as { placesTaken: number }).placesTaken).sort()).toEqual([2, 3, 4, 5]);
  });
});

describe("simultaneous reviews of one hard hold", () => {
  async function onHardHold(c: Clinic) {
    const p = await participant(c);
    const hold = await db.prisma.hold.create({
      data: { participantId: p.participantId, episodeId: p.episodeId, kind: "HARD", source: "MANUAL", reason: "Three missed doses", placedById: c.prescribers[0]!.actor.userId },
    });
    return { ...p, holdId: hold.id };
  }
  const review = (prescriber: Staff, participantId: string, holdId: string, amDoseMg: number) =>
    actingAs(prescriber.actor, () => prescribeAction(null, form({ participantId, clearHoldId: holdId, amDoseMg, pmDoseMg: 100, reason: "Reviewed after missed doses" })));

  it("let exactly one prescriber clear it with a new prescription version, and tell the others it is already cleared", async () => {
    const c = await clinic({ prescribers: 8 });
    const p = await onHardHold(c);
    const results = await burst(8, (i) => review(c.prescribers[i]!, p.participantId, p.holdId, 90 + i));
    const winner = oneWinner(results, "This hold has already been cleared.");

    const prescriptions = await db.prisma.prescription.findMany({ where: { participantId: p.participantId }, orderBy: { version: "asc" } });
    expect(prescriptions.map((x) => x.version)).toEqual([1, 2]);
    expect(prescriptions[1]).toMatchObject({ id: winner.id, supersedesId: p.prescriptionId });
    const clearance = await db.prisma.holdClearance.findUniqueOrThrow({ where: { holdId: p.holdId } });
    expect(clearance).toMatchObject({ prescriptionId: winner.id, clearedById: prescriptions[1]!.prescriberId });
    expect(await db.prisma.auditEvent.count({ where: { action: "hold.clear", entityId: p.holdId } })).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { action: "prescription.create", participantId: p.participantId } })).toBe(1);
  });

  it("clear it once when some prescribers clear it outright and others with a new prescription, all at once", async () => {
    const c = await clinic({ prescribers: 8 });
    const p = await onHardHold(c);
    const results = await burst(8, (i) =>
      i % 2 === 0
        ? actingAs(c.prescribers[i]!.actor, () => clearHoldAction(null, form({ holdId: p.holdId, note: "Seen and safe to dose" })))
        : review(c.prescribers[i]!, p.participantId, p.holdId, 100),
    );
    oneWinner(results as ActionResult<unknown>[], "This hold has already been cleared.");
    const clearance = await db.prisma.holdClearance.findUniqueOrThrow({ where: { holdId: p.holdId } });
    const newVersions = await db.prisma.prescription.findMany({ where: { participantId: p.participantId, version: { gt: 1 } } });
    expect(newVersions.map((x) => x.id)).toEqual(clearance.prescriptionId ? [clearance.prescriptionId] : []);
    expect(await db.prisma.auditEvent.count({ where: { action: "hold.clear", entityId: p.holdId } })).toBe(1);
  });

  it("clear a hold only through a review of the participant it belongs to", async () => {
    const c = await clinic();
    const held = await onHardHold(c);
    const other = await participant(c);
    const result = await review(c.prescribers[0]!, other.participantId, held.holdId, 100);
    expect(result).toMatchObject({ ok: false, code: "rule", error: "That hold belongs to someone else: review it from their record." });
    expect(await db.prisma.holdClearance.count({ where: { holdId: held.holdId } })).toBe(0);
    expect(await db.prisma.prescription.count({ where: { participantId: other.participantId } })).toBe(1);
  });
});

describe("a mixed burst across a whole clinic", () => {
  it("ends every request in success or a rule's message, with no deadlock, and leaves the records adding up", async () => {
    const c = await clinic({ ampoules: 9, capacity: 14, nurses: 3, prescribers: 2 });
    const people = await Promise.all(Array.from({ length: 12 }, () => participant(c)));
    const waiting = [await waitingParticipant(c, "Late A"), await waitingParticipant(c, "Late B"), await waitingParticipant(c, "Late C")];
    const held = people[0]!;
    const hold = await db.prisma.hold.create({ data: { participantId: held.participantId, episodeId: held.episodeId, kind: "HARD", source: "MANUAL", reason: "Review", placedById: c.prescribers[0]!.actor.userId } });
    const [nurseA, nurseB, nurseC] = c.nurses as [Staff, Staff, Staff];
    const [prescriberA, prescriberB] = c.prescribers as [Staff, Staff];

    // Two tablets walk each person through a dose (check-in → assessment → draw → given).
    const tablet = async (nurse: Staff, participantId: string) => {
      const results: ActionResult<unknown>[] = [await checkIn(nurse, participantId)];
      const session = await db.prisma.doseSession.findUnique({ where: { participantId_sessionDate_slot: { participantId, sessionDate: localDateToDb(DAY), slot: "AM" } } });
      if (!session) return results;
      for (const step of [assess, (n: Staff, s: string) => draw(c, n, s), administer]) results.push(await step(nurse, session.id));
      return results;
    };
    const requests: Promise<ActionResult<unknown> | ActionResult<unknown>[]>[] = [
      ...people.map((p, i) => tablet(i % 2 ? nurseA : nurseB, p.participantId)),
      ...people.slice(0, 6).map((p) => tablet(nurseC, p.participantId)),
      // Prescribing: the held person reviewed twice at once, a new version and a soft hold for others.
      ...[prescriberA, prescriberB].map((s) => actingAs(s.actor, () => prescribeAction(null, form({ participantId: held.participantId, clearHoldId: hold.id, amDoseMg: 100, pmDoseMg: 100, reason: "Review" })))),
      actingAs(prescriberA.actor, () => prescribeAction(null, form({ participantId: people[1]!.participantId, amDoseMg: 110, pmDoseMg: 100, reason: "Small rise" }))),
      actingAs(prescriberB.actor, () => placeHoldAction(null, form({ participantId: people[2]!.participantId, kind: "SOFT", reason: "Intoxicated yesterday" }))),
      // Two free places, three people, two prescribers each.
      ...waiting.flatMap((participantId) => [prescriberA, prescriberB].map((s) => actingAs(s.actor, () => enrolParticipantAction(null, form({ participantId, enrolledOn: "2026-03-09" }))))),
      // The CD lead destroys a broken ampoule and counts the batch while doses are supplied from it.
      actingAs(c.pharmacist.actor, () => removeStockAction(null, form({ productId: c.productId, batch: "B1", quantity: 1, kind: "DESTRUCTION", note: "Ampoule broken", witnessEmail: prescriberA.email, witnessPin: "246813" }))),
      actingAs(c.pharmacist.actor, () => stockCheckAction(null, form({ productId: c.productId, batch: "B1", counted: 8, witnessEmail: nurseA.email, witnessPin: "246813" }))),
      // Someone tries to close the session while it is being worked: it locks every participant row.
      actingAs(nurseC.actor, () => closeSessionAction(null, form({ sessionDate: DAY, slot: "AM" }))),
    ];
    const results = (await Promise.all(requests)).flat();
    cleanOutcomes(results);

    const { sessions, supplies, balances } = await consistent(c.siteId);
    expect(sessions).toHaveLength(12);
    // Nine ampoules shared by the doses and the destruction: the register never goes below zero.
    const destroyed = await db.prisma.controlledDrugEntry.count({ where: { siteId: c.siteId, kind: "DESTRUCTION" } });
    expect(supplies.length + destroyed).toBeLessThanOrEqual(9);
    expect(balances.B1).toBe(9 - supplies.length - destroyed);
    expect(await db.prisma.episode.count({ where: { siteId: c.siteId, closedOn: null } })).toBe(14);
    expect(await db.prisma.auditEvent.count({ where: { action: "hold.clear", entityId: hold.id } })).toBe(1);
    expect(await db.prisma.prescription.count({ where: { participantId: held.participantId } })).toBe(2);
  });
});
