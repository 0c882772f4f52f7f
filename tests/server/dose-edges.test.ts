import { NO_REVIEW_DUE } from "../support/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLocalDays, localDateToDb } from "@/domain/clinic-time";
import {
  administerDose,
  authoriseLateDose,
  checkIn,
  recordAdverseEvent,
  recordParticipantAdverseEvent,
  recordPreDoseAssessment,
  signOff,
  withholdDose,
} from "@/server/dose-sessions";
import { AdministerDoseInput, AdverseEventInput, ParticipantAdverseEventInput, PreDoseAssessmentInput } from "@/server/dose-sessions.input";
import { participantProfile } from "@/server/participant-views";
import { checkLeftoverWitness, checkRemovalWitness, checkStockCheckWitness, destroyDoseLeftover, pendingDestructions, recordStockCheck, removeStock, stockByBatch } from "@/server/register";
import { catchUpClosures, closePreview, closeSession } from "@/server/session-closure";
import { todayBoard } from "@/server/today-board";
import { confirmedClose } from "../support/closing";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { witnessed } from "../support/witness";

/**
 * Issue 14: the dose at the edges of a real day. Each test replays a finding reproduced on
 * round one's main, as the clinic met it, and asserts the safe outcome.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.close());

const { run, DAY, at, clinic, closedFortnight, participant, fit, checkedIn, assessed, draw, refusedAndUnchanged } = doseClinic(() => db);

/** An assessment from the card, which names the one it replaces (if any). */
const assess = async (c: Clinic, doseSessionId: string, now: Date) => {
  const latest = await db.prisma.doseSessionEvent.findFirst({ where: { doseSessionId, step: "ASSESSMENT" }, orderBy: { at: "desc" } });
  return run((tx) => recordPreDoseAssessment(tx, c.nurse, PreDoseAssessmentInput.parse({ doseSessionId, replacesAssessmentId: latest?.id, ...fit }), now));
};
const give = (c: Clinic, doseSessionId: string, now: Date, fields: Record<string, string> = {}, actor = c.nurse) =>
  run((tx) => administerDose(tx, actor, AdministerDoseInput.parse({ doseSessionId, injectionSite: "left forearm", ...fields }), now));
const authoriseLate = (c: Clinic, doseSessionId: string, now: Date) =>
  run((tx) => authoriseLateDose(tx, c.prescriber, { doseSessionId, reason: "Bus cancelled; known to staff" }, now));
const supplies = (participantId: string) => db.prisma.controlledDrugEntry.findMany({ where: { kind: "SUPPLY", participantId } });
const balanceOfT1 = async (c: Clinic) => (await run((tx) => stockByBatch(tx, c.siteId))).find((b) => b.batch === "T1")!.available;

describe("1. a late dose given as the next session opens", () => {
  it("is recorded as given, never closed as withheld, and the next session's draw waits 3 hours from it", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const { participantId } = await participant(c, { amMg: 150, pmMg: 150 });
    const am = (await checkedIn(c, participantId, at("10:45"))).id;
    await assess(c, am, at("10:46"));
    await authoriseLate(c, am, at("14:50"));
    // The 10:46 assessment is four hours old: the nurse assesses again before drawing.
    await refusedAndUnchanged(am, () => draw(c, am, at("14:56"), { doseMg: "150" }), "dose.assessmentStale");
    await assess(c, am, at("14:55"));
    await draw(c, am, at("14:56"), { doseMg: "150" });

    // 15:00: the PM session opens and the first page load catches up the AM session.
    expect(await run((tx) => catchUpClosures(tx, c.siteId, at("15:00")))).toContainEqual({ date: DAY, slot: "AM" });
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id: am } })).toMatchObject({ stage: "DRAWN", outcome: null });
    const board = await todayBoard(db.prisma, c.siteId, at("15:00"));
    expect(board.unresolved).toMatchObject([{ doseSessionId: am, status: "DRAWN", next: "ADMINISTER", drawn: { mg: 150, batch: "T1", at: at("14:56") } }]);

    await give(c, am, at("15:01"));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id: am } })).toMatchObject({ stage: "ADMINISTERED", outcome: "DOSED", givenMg: 150 });

    const pm = (await checkedIn(c, participantId, at("15:05"), "PM")).id;
    await assess(c, pm, at("15:06"));
    await refusedAndUnchanged(pm, () => draw(c, pm, at("15:08"), { doseMg: "150" }), "dose.tooSoon");
    await expect(draw(c, pm, at("15:08"), { doseMg: "150" })).rejects.toThrow("The next dose can be given from Tue 10 Mar, 18:01.");
    expect(await supplies(participantId)).toHaveLength(1);
  });

  it("counts spacing from the draw while a drawn dose is not yet recorded as given", async () => {
    const c = await clinic({ sessionWindows: { AM: { opens: "08:00", closes: "11:00" }, PM: { opens: "12:00", closes: "18:00" } } });
    await closedFortnight(c);
    const { participantId } = await participant(c);
    const am = await assessed(c, participantId, at("10:50"));
    await draw(c, am, at("10:55"));
    await run((tx) => catchUpClosures(tx, c.siteId, at("12:00")));
    const pm = (await checkedIn(c, participantId, at("12:05"), "PM")).id;
    await assess(c, pm, at("13:50"));
    await refusedAndUnchanged(pm, () => draw(c, pm, at("13:54"), { doseMg: "120" }), "dose.tooSoon");
    await expect(draw(c, pm, at("13:54"), { doseMg: "120" })).rejects.toThrow("the last dose was at Tue 10 Mar, 10:55");
  });
});

describe("2. stock short between the draw and the dose given", () => {
  it("cannot stop a dose already drawn from being recorded: the ampoules were reserved at the draw", async () => {
    const c = await clinic();
    const { participantId } = await participant(c, { amMg: 300 });
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:05"), { doseMg: "300" });
    // The CD lead destroys everything left in the batch before the nurse records the dose.
    const left = await balanceOfT1(c);
    await witnessed(db.prisma, checkRemovalWitness, removeStock, c.pharmacist, { productId: c.productId, batch: "T1", quantity: left, kind: "DESTRUCTION", note: "Batch recalled", witnessEmail: c.prescriberEmail, witnessPin: "357924" }, at("09:06"));
    await give(c, id, at("09:07"));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "ADMINISTERED", givenMg: 300 });
    expect(await supplies(participantId)).toMatchObject([{ batch: "T1", quantity: 3, occurredAt: at("09:05") }]);
    expect(await balanceOfT1(c)).toBe(0);
  });
});

describe("3. what changed between the draw and the dose given", () => {
  it("refuses to give a dose drawn before the prescription was reduced, unless a prescriber overrides with a reason", async () => {
    const c = await clinic();
    const { participantId, episodeId } = await participant(c, { amMg: 100 });
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:05"));
    await db.prisma.prescription.create({
      data: { participantId, episodeId, version: 2, amDoseMg: 60, pmDoseMg: 60, startsAt: at("09:06"), reason: "Reduced after review", prescriberId: c.prescriber.userId, reviewBy: NO_REVIEW_DUE },
    });
    const board = await todayBoard(db.prisma, c.siteId, at("09:07"));
    expect(board.rows[0]).toMatchObject({ next: "RECHECK_BEFORE_GIVING", drawn: { mg: 100, batch: "T1", at: at("09:05") } });
    expect(board.rows[0]!.recheck.join(" ")).toContain("60 mg is now prescribed for this session, 100 mg was drawn");

    await refusedAndUnchanged(id, () => give(c, id, at("09:07")), "dose.changedSinceDraw");
    await refusedAndUnchanged(id, () => give(c, id, at("09:07"), {}, c.prescriber), "dose.changedSinceDraw");
    await give(c, id, at("09:08"), { overrideReason: "Reduction is for tomorrow; today's dose agreed" }, c.prescriber);
    const given = await db.prisma.doseSessionEvent.findFirstOrThrow({ where: { doseSessionId: id, step: "ADMINISTER" } });
    expect(given).toMatchObject({ byId: c.prescriber.userId, reason: expect.stringContaining("Given on a prescriber's override") });
  });

  it("refuses to give a dose after a hard hold is placed; withheld, the drawn dose waits for destruction", async () => {
    const c = await clinic();
    const { participantId, episodeId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:05"));
    await db.prisma.hold.create({ data: { participantId, episodeId, kind: "HARD", source: "MANUAL", reason: "Overdose reported overnight", placedById: c.prescriber.userId } });
    await refusedAndUnchanged(id, () => give(c, id, at("09:07")), "dose.changedSinceDraw");
    await run((tx) => withholdDose(tx, c.nurse, { doseSessionId: id, reason: "Hard hold placed after the draw" }, at("09:08")));
    expect(await run((tx) => pendingDestructions(tx, c.siteId))).toMatchObject([{ mg: 100, batch: "T1", reason: "Withheld after drawing" }]);
  });

  it("gives by the route prescribed, not one picked at the bedside", async () => {
    const c = await clinic();
    const { participantId } = await participant(c, { route: "IM" });
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:05"));
    await give(c, id, at("09:06"), { injectionSite: "right thigh" });
    expect(await db.prisma.doseSessionEvent.findFirstOrThrow({ where: { doseSessionId: id, step: "ADMINISTER" } })).toMatchObject({ route: "IM", injectionSite: "right thigh" });
  });
});

describe("4. drawn diamorphine that was not given", () => {
  it("is listed for the pharmacist until a witnessed destruction, and the batch balance equals the count", async () => {
    const c = await clinic();
    const { participantId } = await participant(c, { amMg: 150 });
    const id = await assessed(c, participantId, at("09:00"));
    const before = await balanceOfT1(c);
    await draw(c, id, at("09:05"), { doseMg: "150" });
    // The two ampoules opened at the draw are out of the balance at once.
    expect(await balanceOfT1(c)).toBe(before - 2);
    await run((tx) => withholdDose(tx, c.nurse, { doseSessionId: id, reason: "Became drowsy after the draw" }, at("09:10")));

    const [pending] = await run((tx) => pendingDestructions(tx, c.siteId));
    expect(pending).toMatchObject({ mg: 150, batch: "T1", reason: "Withheld after drawing" });
    expect((await todayBoard(db.prisma, c.siteId, at("09:11"))).pendingDestructions).toHaveLength(1);
    // The witness must be an authorised person other than the one recording.
    await expect(
      witnessed(db.prisma, checkLeftoverWitness, destroyDoseLeftover, c.pharmacist, { leftoverId: pending!.id, witnessEmail: c.witnessEmail, witnessPin: "246813" }, at("09:30")),
    ).rejects.toMatchObject({ code: "witness.role" });
    await witnessed(db.prisma, checkLeftoverWitness, destroyDoseLeftover, c.pharmacist, { leftoverId: pending!.id, witnessEmail: c.prescriberEmail, witnessPin: "357924" }, at("09:30"));
    expect(await run((tx) => pendingDestructions(tx, c.siteId))).toEqual([]);
    await expect(
      witnessed(db.prisma, checkLeftoverWitness, destroyDoseLeftover, c.pharmacist, { leftoverId: pending!.id, witnessEmail: c.prescriberEmail, witnessPin: "357924" }, at("09:31")),
    ).rejects.toMatchObject({ code: "register.alreadyDestroyed" });

    const destruction = await db.prisma.controlledDrugEntry.findFirstOrThrow({ where: { kind: "DESTRUCTION", siteId: c.siteId } });
    expect(destruction).toMatchObject({ quantity: 0, mgWasted: 150, batch: "T1", witnessId: c.prescriber.userId });
    const check = await witnessed(db.prisma, checkStockCheckWitness, recordStockCheck, c.pharmacist, { productId: c.productId, batch: "T1", counted: before - 2, witnessEmail: c.prescriberEmail, witnessPin: "357924" }, at("09:40"));
    expect(check.discrepancy).toBe(0);
  });

  it("records a dose partly given, and lists the rest for destruction", async () => {
    const c = await clinic();
    const { participantId } = await participant(c, { amMg: 150 });
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:05"), { doseMg: "150" });
    await refusedAndUnchanged(id, () => give(c, id, at("09:06"), { givenMg: "100" }), "dose.given");
    await refusedAndUnchanged(id, () => give(c, id, at("09:06"), { givenMg: "200" }), "dose.given");
    await give(c, id, at("09:06"), { givenMg: "100", partReason: "Vein collapsed: the rest not injected" });
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ outcome: "PARTIAL", givenMg: 100, drawnMg: 150 });
    expect(await run((tx) => pendingDestructions(tx, c.siteId))).toMatchObject([{ mg: 50, reason: "Part of the drawn dose not given" }]);
  });
});

describe("5. the pre-dose assessment is about now", () => {
  it("opens check-in only an hour before the window, and refuses a draw against an assessment over an hour old", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    // After the PM close the board moves to tomorrow's AM, but check-in opens at 07:00.
    await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, at("11:05")));
    await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "PM" }, at("18:05")));
    const tomorrow = addLocalDays(DAY, 1);
    await expect(checkedIn(c, participantId, at("18:06"), "AM", tomorrow)).rejects.toMatchObject({ code: "doseSession.checkInNotOpen" });
    await expect(checkedIn(c, participantId, at("06:59", tomorrow), "AM", tomorrow)).rejects.toThrow("opens at 07:00");
    expect((await todayBoard(db.prisma, c.siteId, at("18:06"))).rows[0]).toMatchObject({ next: "AWAIT_CHECK_IN" });

    const { id } = await checkedIn(c, participantId, at("07:00", tomorrow), "AM", tomorrow);
    await assess(c, id, at("07:04", tomorrow));
    await refusedAndUnchanged(id, () => draw(c, id, at("08:05", tomorrow)), "dose.assessmentStale");
    expect((await todayBoard(db.prisma, c.siteId, at("08:05", tomorrow))).rows[0]).toMatchObject({ next: "ASSESS", assessedAt: at("07:04", tomorrow) });
    // Re-assessment is a new event; the latest counts.
    await assess(c, id, at("08:06", tomorrow));
    expect(await db.prisma.doseSessionEvent.count({ where: { doseSessionId: id, step: "ASSESSMENT" } })).toBe(2);
    await draw(c, id, at("08:07", tomorrow));
  });
});

describe("6. closing a session", () => {
  it("shows who becomes missed or withheld, and closes only what the nurse confirmed", async () => {
    const c = await clinic();
    const waiting = await participant(c);
    const absent = await participant(c);
    const late = await participant(c);
    const waitingId = (await checkedIn(c, waiting.participantId, at("10:50"))).id;
    const lateId = await assessed(c, late.participantId, at("10:55"));
    await authoriseLate(c, lateId, at("11:02"));

    const preview = await run((tx) => closePreview(tx, c.siteId, { date: DAY, slot: "AM" }, at("11:05")));
    expect(preview.effects.map((e) => [e.participantId, e.effect])).toEqual(
      expect.arrayContaining([
        [waiting.participantId, "WITHHELD"],
        [absent.participantId, "MISSED"],
        [late.participantId, "STAYS_OPEN"],
      ]),
    );
    await expect(run((tx) => closeSession(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, at("11:05")))).rejects.toMatchObject({ code: "session.confirm" });
    // Someone is checked in between the list being shown and the nurse confirming it.
    await run((tx) => checkIn(tx, c.nurse, { participantId: absent.participantId, sessionDate: DAY, slot: "AM" }, at("11:06")));
    await expect(
      run((tx) => closeSession(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM", confirmedEffects: preview.fingerprint }, at("11:07"))),
    ).rejects.toMatchObject({ code: "session.changed" });
    expect(await db.prisma.sessionClosure.count({ where: { siteId: c.siteId } })).toBe(0);

    const result = await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, at("11:08")));
    expect(result).toMatchObject({ closed: true, withheld: 2, missed: 0, leftOpen: 1 });
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id: waitingId } })).toMatchObject({ outcome: "WITHHELD" });
    // The authorised late dose can still be given after the close.
    await assess(c, lateId, at("11:20"));
    await draw(c, lateId, at("11:21"));
    await give(c, lateId, at("11:22"));
  });

  it("lets a prescriber authorise a late arrival after a manual close, correcting the missed record", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, at("11:01")));
    const missed = await db.prisma.doseSession.findFirstOrThrow({ where: { participantId }, include: { events: true } });
    expect(missed).toMatchObject({ outcome: "MISSED" });
    expect((await todayBoard(db.prisma, c.siteId, at("11:10"))).lateArrivals).toMatchObject([{ doseSessionId: missed.id, status: "MISSED" }]);

    await authoriseLate(c, missed.id, at("11:10"));
    const events = await db.prisma.doseSessionEvent.findMany({ where: { doseSessionId: missed.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.step)).toEqual(["MISS", "AUTHORISE_LATE", "CHECK_IN"]);
    expect(events[1]).toMatchObject({ correctsId: events[0]!.id, byId: c.prescriber.userId });
    await assess(c, missed.id, at("11:11"));
    await draw(c, missed.id, at("11:12"));
    await give(c, missed.id, at("11:13"));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id: missed.id } })).toMatchObject({ outcome: "DOSED" });
  });

  it("never closes someone under observation: they are signed off in the next session", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("14:10"));
    await authoriseLate(c, id, at("14:40"));
    await draw(c, id, at("14:50"));
    await give(c, id, at("14:55"));
    await run((tx) => catchUpClosures(tx, c.siteId, at("15:00")));
    expect((await todayBoard(db.prisma, c.siteId, at("15:00"))).unresolved).toMatchObject([{ doseSessionId: id, status: "OBSERVING", next: "SIGN_OFF" }]);
    await run((tx) => signOff(tx, c.nurse, { doseSessionId: id }, at("15:16")));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "SIGNED_OFF", outcome: "DOSED" });
  });

  it("ends late doses a set time after the window (PM until 22:00), never at 00:55", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const pm = await assessed(c, participantId, at("17:50"), fit, "PM");
    await expect(authoriseLate(c, pm, at("22:00"))).rejects.toMatchObject({ code: "lateDose.over" });
    await authoriseLate(c, pm, at("21:50"));
    await assess(c, pm, at("21:55"));
    await refusedAndUnchanged(pm, () => draw(c, pm, at("00:55", addLocalDays(DAY, 1)), { doseMg: "120" }), "dose.assessmentStale");
    await assess(c, pm, at("00:50", addLocalDays(DAY, 1)));
    await refusedAndUnchanged(pm, () => draw(c, pm, at("00:55", addLocalDays(DAY, 1)), { doseMg: "120" }), "dose.outsideWindow");
  });

  it("withholds a late dose left open at the close once its time is over, and runs the missed-dose checks", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const { participantId, episodeId } = await participant(c);
    // No dose for the last three days: a fourth session without one needs a prescriber's review.
    for (let day = 1; day <= 3; day++) {
      for (const slot of ["AM", "PM"] as const) {
        await db.prisma.doseSession.create({ data: { siteId: c.siteId, participantId, episodeId, sessionDate: localDateToDb(addLocalDays(DAY, -day)), slot, stage: "CLOSED", outcome: "MISSED" } });
      }
    }
    const id = await assessed(c, participantId, at("10:55"));
    await authoriseLate(c, id, at("11:02"));
    await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, at("11:05")));
    await run((tx) => catchUpClosures(tx, c.siteId, at("14:00")));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "ASSESSED" });
    expect(await db.prisma.hold.count({ where: { participantId } })).toBe(0);
    await run((tx) => catchUpClosures(tx, c.siteId, at("15:00")));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "CLOSED", outcome: "WITHHELD" });
    expect(await db.prisma.hold.findMany({ where: { participantId } })).toMatchObject([{ kind: "HARD", source: "MISSED_DOSES" }]);
  });

  it("closes a past session by hand only a few days back, and with a reason", async () => {
    const c = await clinic();
    await participant(c);
    const old = addLocalDays(DAY, -5);
    const recent = addLocalDays(DAY, -1);
    await expect(run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: "0001-01-01", slot: "AM", reason: "tidy" }, at("09:00")))).rejects.toMatchObject({ code: "session.closeNotAllowed" });
    await expect(run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: old, slot: "AM", reason: "tidy" }, at("09:00")))).rejects.toThrow("up to 3 days back");
    await expect(run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: recent, slot: "AM" }, at("09:00")))).rejects.toThrow("Give the reason");
    expect(await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: recent, slot: "AM", reason: "Paper record checked" }, at("09:00")))).toMatchObject({ closed: true });
    expect(await db.prisma.sessionClosure.count({ where: { siteId: c.siteId, sessionDate: localDateToDb(old) } })).toBe(0);
  });
});

describe("7. batches", () => {
  it("supplies from the batch the nurse confirmed, and refuses an expired one", async () => {
    const c = await clinic();
    await db.prisma.controlledDrugEntry.createMany({
      data: [
        { siteId: c.siteId, productId: c.productId, kind: "RECEIPT", occurredAt: at("08:00"), batch: "OLD", expiresOn: localDateToDb("2026-03-09"), quantity: 10, supplier: "Test", madeById: c.pharmacist.userId },
        { siteId: c.siteId, productId: c.productId, kind: "RECEIPT", occurredAt: at("08:00"), batch: "SOON", expiresOn: localDateToDb("2026-04-01"), quantity: 10, supplier: "Test", madeById: c.pharmacist.userId },
      ],
    });
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05"), { batch: `${c.productId}:OLD` }), "register.batch");
    await expect(draw(c, id, at("09:05"), { batch: `${c.productId}:OLD` })).rejects.toThrow("expired on 2026-03-09");
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05"), { batch: `${c.productId}:NOPE` }), "register.batch");
    expect((await todayBoard(db.prisma, c.siteId, at("09:05"))).stock.map((s) => s.batch)).toContain("OLD");
    await draw(c, id, at("09:05"), { batch: `${c.productId}:T1` });
    expect(await supplies(participantId)).toMatchObject([{ batch: "T1" }]);
  });
});

describe("8. the same step twice", () => {
  it("answers a repeated step with who recorded it and when, and records it once", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:05"));
    await expect(draw(c, id, at("09:06"))).rejects.toMatchObject({ code: "doseSession.alreadyRecorded", message: expect.stringMatching(/^The dose is already drawn\. Recorded by NURSE \d+ at 09:05: nothing was saved twice\.$/) });
    await expect(checkedIn(c, participantId, at("09:06"))).rejects.toMatchObject({ code: "doseSession.alreadyRecorded", message: expect.stringContaining("at 09:00") });
    // A second tap on the assessment form (it names no earlier assessment) is a repeat, not a re-assessment.
    await expect(run((tx) => recordPreDoseAssessment(tx, c.nurse, PreDoseAssessmentInput.parse({ doseSessionId: id, ...fit }), at("09:06")))).rejects.toMatchObject({
      code: "doseSession.alreadyRecorded",
    });
    expect(await db.prisma.doseSessionEvent.count({ where: { doseSessionId: id, step: "DRAW" } })).toBe(1);
    expect(await supplies(participantId)).toHaveLength(1);
  });
});

describe("issue 15: the daily maximum on doses given", () => {
  it("refuses a PM draw that would pass the daily maximum after mid-day re-prescriptions", async () => {
    const c = await clinic({ doseLimits: { maxSingleMg: 400, maxDailyMg: 600, maxIncreasePercent: 50, inductionFirstDoseMg: 15, inductionLaterDoseMg: 30 } });
    await closedFortnight(c);
    const { participantId, episodeId } = await participant(c, { amMg: 400, pmMg: 200 });
    const am = await assessed(c, participantId, at("08:30"));
    await draw(c, am, at("08:35"), { doseMg: "400" });
    await give(c, am, at("08:40"));
    // Two re-prescriptions during the day, each within the limits on its own.
    for (const [version, pmMg] of [[2, 300], [3, 400]] as const) {
      await db.prisma.prescription.create({
        data: { participantId, episodeId, version, amDoseMg: 200, pmDoseMg: pmMg, startsAt: at(`1${version}:00`), reason: "Titration", prescriberId: c.prescriber.userId, reviewBy: NO_REVIEW_DUE },
      });
    }
    const pm = await assessed(c, participantId, at("15:10"), fit, "PM");
    await refusedAndUnchanged(pm, () => draw(c, pm, at("15:15"), { doseMg: "400" }), "dose.dailyMaximum");
    await expect(draw(c, pm, at("15:15"), { doseMg: "400" })).rejects.toThrow("above the maximum daily dose of 600 mg (400 mg already given today)");
    await draw(c, pm, at("15:15"), { doseMg: "200", partialReason: "Daily maximum: 400 mg given this morning" });
  });
});

describe("issue 15: an overdose or naloxone has consequences", () => {
  const record = (c: Clinic, doseSessionId: string, now: Date, fields: Record<string, string>) =>
    run((tx) => recordAdverseEvent(tx, c.nurse, AdverseEventInput.parse({ doseSessionId, description: "Unrousable; naloxone given IM", ...fields }), now));

  it("extends observation from the event, holds the next dose, and puts the event on the record", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:05"));
    await give(c, id, at("09:06"));
    // Typed at 09:20 for naloxone given at 09:09.
    await record(c, id, at("09:20"), { kind: "NALOXONE_GIVEN", naloxoneMg: "0.4", occurredAt: `${DAY}T09:09` });
    expect(await db.prisma.adverseEvent.findFirstOrThrow({ where: { participantId } })).toMatchObject({ occurredAt: at("09:09") });
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ observationEndsAt: at("10:09") });
    await expect(run((tx) => signOff(tx, c.nurse, { doseSessionId: id }, at("09:26")))).rejects.toMatchObject({ code: "dose.stillObserving" });
    expect(await db.prisma.hold.findMany({ where: { participantId, clearance: { is: null } } })).toMatchObject([{ kind: "HARD", source: "ADVERSE_EVENT" }]);

    await run((tx) => signOff(tx, c.nurse, { doseSessionId: id }, at("10:09")));
    const pm = await assessed(c, participantId, at("15:10"), fit, "PM");
    await refusedAndUnchanged(pm, () => draw(c, pm, at("15:15"), { doseMg: "120" }), "dose.hardHold");
    const timeline = (await participantProfile(db.prisma, c.siteId, participantId))!.timeline;
    expect(timeline.map((e) => e.title)).toContain("Naloxone given at 09:09: naloxone 0.4 mg");
  });

  it("refuses an event time in the future", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    await expect(record(c, id, at("09:20"), { kind: "OTHER", occurredAt: `${DAY}T09:30` })).rejects.toMatchObject({ code: "adverseEvent.when" });
    expect(await db.prisma.adverseEvent.count({ where: { participantId } })).toBe(0);
  });

  it("records a collapse in the waiting room for someone not on the session's board, and holds their next dose", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    await run((tx) =>
      recordParticipantAdverseEvent(tx, c.nurse, ParticipantAdverseEventInput.parse({ participantId, kind: "OVERDOSE", description: "Found collapsed in the waiting room" }), at("12:30")),
    );
    expect(await db.prisma.adverseEvent.findFirstOrThrow({ where: { participantId } })).toMatchObject({ doseSessionId: null, occurredAt: at("12:30") });
    expect(await db.prisma.hold.count({ where: { participantId, source: "ADVERSE_EVENT", kind: "HARD" } })).toBe(1);
  });
});
