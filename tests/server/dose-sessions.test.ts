import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLocalDays, localDateToDb, type LocalDate, type SessionSlot } from "@/domain/clinic-time";
import {
  administerDose,
  authoriseLateDose,
  checkDrawWitness,
  declineDose,
  drawDose,
  recordAdverseEvent,
  recordPreDoseAssessment,
  signOff,
  withholdDose,
} from "@/server/dose-sessions";
import { AdministerDoseInput, AdverseEventInput, DrawDoseInput, PreDoseAssessmentInput } from "@/server/dose-sessions.input";
import { catchUpClosures } from "@/server/session-closure";
import { todayBoard } from "@/server/today-board";
import { freshDatabase, type TestDatabase } from "../support/database";
import { confirmedClose } from "../support/closing";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { NO_REVIEW_DUE, makeEnrolledParticipant, makeSite } from "../support/fixtures";

let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.close());

const { run, DAY, at, staff, clinic, participant, fit, checkedIn, assessed, draw, refusedAndUnchanged } = doseClinic(() => db);

describe("a supervised dose session", () => {
  it("checks in, assesses, draws with a witness, gives, observes and signs off, with an event and audit entry for each step", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("08:40"));
    await draw(c, id, at("08:45"));
    const given = await run((tx) => administerDose(tx, c.nurse, AdministerDoseInput.parse({ doseSessionId: id, injectionSite: "left forearm" }), at("08:47")));
    expect(given.observationEndsAt).toEqual(at("09:07"));
    await run((tx) => signOff(tx, c.nurse, { doseSessionId: id }, at("09:07")));

    const session = await db.prisma.doseSession.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { at: "asc" } } } });
    expect(session).toMatchObject({ stage: "SIGNED_OFF", outcome: "DOSED", givenMg: 100, administeredAt: at("08:47"), observationEndsAt: at("09:07") });
    expect(session.events.map((e) => e.step)).toEqual(["CHECK_IN", "ASSESSMENT", "DRAW", "ADMINISTER", "SIGN_OFF"]);
    const drawn = session.events.find((e) => e.step === "DRAW")!;
    expect(drawn).toMatchObject({ prescribedMg: 100, doseMg: 100, byId: c.nurse.userId });
    expect(drawn.witnessId).not.toBe(c.nurse.userId);
    expect(session.events.find((e) => e.step === "ADMINISTER")).toMatchObject({ route: "IV", injectionSite: "left forearm" });
    const audits = await db.prisma.auditEvent.findMany({ where: { participantId }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.action)).toEqual([
      "doseSession.checkIn",
      "doseSession.assess",
      "doseSession.draw",
      "doseSession.administer",
      "doseSession.signOff",
    ]);
    // The controlled-drug register's supply line, written with the dose.
    const supplies = await db.prisma.controlledDrugEntry.findMany({ where: { kind: "SUPPLY", participantId } });
    expect(supplies).toMatchObject([{ doseSessionId: id, quantity: 1, mgUsed: 100, mgWasted: 0, madeById: c.nurse.userId, witnessId: drawn.witnessId, prescriberId: c.prescriber.userId }]);
  });

  it("writes no register supply when the draw fails, and one, from the nurse's batch, when it is recorded", async () => {
    const c = await clinic();
    const { participantId } = await participant(c, { amMg: 300 });
    const id = await assessed(c, participantId, at("08:40"));
    const input = DrawDoseInput.parse({ doseSessionId: id, doseMg: "300", batch: c.batch, witnessEmail: c.witnessEmail, witnessPin: "246813" });
    const witness = await checkDrawWitness(db.prisma, c.nurse, input, at("08:45"));
    await expect(
      run(async (tx) => {
        await drawDose(tx, c.nurse, input, witness, at("08:45"));
        throw new Error("the connection dropped before commit");
      }),
    ).rejects.toThrow("the connection dropped");
    expect(await db.prisma.controlledDrugEntry.count({ where: { kind: "SUPPLY", participantId } })).toBe(0);
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "ASSESSED", drawnMg: null });
    await draw(c, id, at("08:46"), { doseMg: "300" });
    expect(await db.prisma.controlledDrugEntry.findMany({ where: { kind: "SUPPLY", participantId } })).toMatchObject([{ batch: "T1", quantity: 3, mgUsed: 300, occurredAt: at("08:46") }]);
  });

  it("records a partial dose only with a reason, and gives it the outcome PARTIAL", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05"), { doseMg: "80" }), "dose.notAsPrescribed");
    await draw(c, id, at("09:05"), { doseMg: "80", partialReason: "Drowsy after a long night: reduced by agreement" });
    await run((tx) => administerDose(tx, c.nurse, AdministerDoseInput.parse({ doseSessionId: id, injectionSite: "right thigh" }), at("09:06")));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ outcome: "PARTIAL", givenMg: 80 });
  });

  it("refuses a dose above the prescription for this session, and writes nothing", async () => {
    const c = await clinic();
    const { participantId } = await participant(c, { amMg: 100 });
    const id = await assessed(c, participantId, at("09:00"));
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05"), { doseMg: "101" }), "dose.notAsPrescribed");
    await expect(draw(c, id, at("09:05"), { doseMg: "101" })).rejects.toThrow("101 mg is more than the 100 mg prescribed for this session.");
  });

  it("uses the prescription in force at the moment of drawing", async () => {
    const c = await clinic();
    const { participantId, episodeId } = await participant(c, { amMg: 100 });
    const id = await assessed(c, participantId, at("09:00"));
    await db.prisma.prescription.create({
      data: { participantId, episodeId, version: 2, amDoseMg: 60, pmDoseMg: 60, startsAt: at("09:02"), reason: "Reduced after review", prescriberId: c.prescriber.userId, reviewBy: NO_REVIEW_DUE },
    });
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05"), { doseMg: "100" }), "dose.notAsPrescribed");
    await draw(c, id, at("09:05"), { doseMg: "60" });
  });

  it.each([
    ["the nurse themself", async (c: Clinic) => ({ email: (await db.prisma.user.findUniqueOrThrow({ where: { id: c.nurse.userId } })).email, pin: "135792" }), "witness.self"],
    ["a wrong PIN", async (c: Clinic) => ({ email: c.witnessEmail, pin: "990099" }), "witness.notConfirmed"],
    ["an unknown email", async () => ({ email: "nobody@clinic.test", pin: "246813" }), "witness.notConfirmed"],
    ["a disabled colleague", async (c: Clinic) => ({ email: (await staff(c.siteId, "NURSE", "228514", { disabled: true })).email, pin: "228514" }), "witness.notConfirmed"],
    ["a nurse at another clinic", async () => ({ email: (await staff((await makeSite(db.prisma)).id, "NURSE", "339061")).email, pin: "339061" }), "witness.notConfirmed"],
    ["a pharmacist", async (c: Clinic) => ({ email: (await staff(c.siteId, "PHARMACIST", "447190")).email, pin: "447190" }), "witness.role"],
  ])("refuses a dose witnessed by %s, and writes nothing", async (_, witness, code) => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    const { email, pin } = await witness(c);
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05"), { witnessEmail: email, witnessPin: pin }), code);
  });

  it("accepts a prescriber as the witness", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    const prescriberEmail = (await db.prisma.user.findUniqueOrThrow({ where: { id: c.prescriber.userId } })).email;
    await draw(c, id, at("09:05"), { witnessEmail: prescriberEmail, witnessPin: "357924" });
    expect((await db.prisma.doseSessionEvent.findFirstOrThrow({ where: { doseSessionId: id, step: "DRAW" } })).witnessId).toBe(c.prescriber.userId);
  });

  it("refuses a dose during a hard hold, and writes nothing; the nurse withholds with the reason", async () => {
    const c = await clinic();
    const { participantId, episodeId } = await participant(c);
    await db.prisma.hold.create({ data: { participantId, episodeId, kind: "HARD", source: "MANUAL", reason: "Fell asleep in the waiting room yesterday.", placedById: c.prescriber.userId } });
    const id = await assessed(c, participantId, at("09:00"));
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05")), "dose.hardHold");
    await run((tx) => withholdDose(tx, c.nurse, { doseSessionId: id, reason: "Hard hold awaiting prescriber review" }, at("09:06")));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "CLOSED", outcome: "WITHHELD", givenMg: 0 });
  });

  it("lets a nurse dose through a soft hold only with a reason", async () => {
    const c = await clinic();
    const { participantId, episodeId } = await participant(c);
    await db.prisma.hold.create({ data: { participantId, episodeId, kind: "SOFT", source: "MANUAL", reason: "Check injection sites.", placedById: c.prescriber.userId } });
    const id = await assessed(c, participantId, at("09:00"));
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05")), "dose.softHoldReason");
    await draw(c, id, at("09:05"), { softHoldReason: "Sites checked: no infection" });
    expect((await db.prisma.doseSessionEvent.findFirstOrThrow({ where: { doseSessionId: id, step: "DRAW" } })).reason).toBe(
      "Dosed despite a soft hold: Sites checked: no infection",
    );
  });

  it("refuses to draw after a failed assessment (breath alcohol at the threshold), so the dose is withheld", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const { id } = await checkedIn(c, participantId, at("09:00"));
    const result = await run((tx) =>
      recordPreDoseAssessment(tx, c.nurse, PreDoseAssessmentInput.parse({ doseSessionId: id, ...fit, breathAlcohol: "0.2" }), at("09:02")),
    );
    expect(result.concerns).toEqual(["Breath alcohol 0.2 mg/L is at or above the withhold threshold of 0.2 mg/L."]);
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05")), "dose.assessmentConcerns");
    await run((tx) => withholdDose(tx, c.nurse, { doseSessionId: id, reason: "Intoxicated: breath alcohol 0.2 mg/L" }, at("09:06")));
    const assessment = await db.prisma.doseSessionEvent.findFirstOrThrow({ where: { doseSessionId: id, step: "ASSESSMENT" } });
    expect(assessment.breathAlcohol?.toString()).toBe("0.2");
  });

  it("refuses a dose outside the window unless a prescriber authorised it late, and never before the window opens", async () => {
    const c = await clinic();
    // Yesterday's PM was closed, so the floor is on this morning's session before it opens.
    await db.prisma.sessionClosure.create({ data: { siteId: c.siteId, sessionDate: localDateToDb(addLocalDays(DAY, -1)), slot: "PM" } });
    const early = await participant(c);
    const earlyId = await assessed(c, early.participantId, at("07:50"));
    await refusedAndUnchanged(earlyId, () => draw(c, earlyId, at("07:55")), "dose.outsideWindow");

    const late = await participant(c);
    const lateId = await assessed(c, late.participantId, at("10:55"));
    await refusedAndUnchanged(lateId, () => draw(c, lateId, at("11:10")), "dose.outsideWindow");
    await expect(draw(c, lateId, at("11:10"))).rejects.toThrow("closed at 11:00: a late dose needs a prescriber's authorisation.");
    await run((tx) => authoriseLateDose(tx, c.prescriber, { doseSessionId: lateId, reason: "Bus cancelled; texted at 10:30" }, at("11:12")));
    await draw(c, lateId, at("11:15"));
    const authorisation = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "doseSession.authoriseLate", entityId: lateId } });
    expect(authorisation).toMatchObject({ actorId: c.prescriber.userId, reason: "Bus cancelled; texted at 10:30" });
    // Once the PM window opens the AM dose is over, authorised or not.
    await expect(run((tx) => authoriseLateDose(tx, c.prescriber, { doseSessionId: earlyId, reason: "r" }, at("15:00")))).rejects.toMatchObject({ code: "lateDose.over" });
  });

  it("keeps doses at least the configured hours apart", async () => {
    const c = await clinic({ sessionWindows: { AM: { opens: "08:00", closes: "11:00" }, PM: { opens: "12:00", closes: "18:00" } } });
    const { participantId } = await participant(c);
    const am = await assessed(c, participantId, at("10:25"));
    await draw(c, am, at("10:28"));
    await run((tx) => administerDose(tx, c.nurse, AdministerDoseInput.parse({ doseSessionId: am, injectionSite: "left hand" }), at("10:30")));
    await run((tx) => signOff(tx, c.nurse, { doseSessionId: am }, at("10:50")));

    const pm = await assessed(c, participantId, at("12:40"), fit, "PM");
    await refusedAndUnchanged(pm, () => draw(c, pm, at("13:29"), { doseMg: "120" }), "dose.tooSoon");
    await expect(draw(c, pm, at("13:29"), { doseMg: "120" })).rejects.toThrow("The next dose can be given from Tue 10 Mar, 13:30.");
    await draw(c, pm, at("13:30"), { doseMg: "120" });
  });

  it("refuses sign-off before observation ends unless the nurse gives a reason", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:05"));
    await run((tx) => administerDose(tx, c.nurse, AdministerDoseInput.parse({ doseSessionId: id, injectionSite: "left arm" }), at("09:06")));
    await refusedAndUnchanged(id, () => run((tx) => signOff(tx, c.nurse, { doseSessionId: id }, at("09:25"))), "dose.stillObserving");
    await run((tx) => signOff(tx, c.nurse, { doseSessionId: id, earlyReason: "Left against advice; alert and walking" }, at("09:25")));
    expect((await db.prisma.doseSessionEvent.findFirstOrThrow({ where: { doseSessionId: id, step: "SIGN_OFF" } })).reason).toBe(
      "Signed off before observation ended: Left against advice; alert and walking",
    );
  });

  it("enforces the order of steps with a message for the nurse", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const { id } = await checkedIn(c, participantId, at("09:00"));
    await expect(draw(c, id, at("09:01"))).rejects.toThrow("Record the pre-dose assessment first.");
    await expect(checkedIn(c, participantId, at("09:01"))).rejects.toThrow("The participant is already checked in.");
    await run((tx) => declineDose(tx, c.nurse, { doseSessionId: id, reason: "Wants to try a day without" }, at("09:02")));
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: "CLOSED", outcome: "DECLINED" });
  });

  it("records an adverse event with the naloxone given, at any step", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    const id = await assessed(c, participantId, at("09:00"));
    await draw(c, id, at("09:02"));
    await run((tx) => administerDose(tx, c.nurse, AdministerDoseInput.parse({ doseSessionId: id, injectionSite: "left arm" }), at("09:03")));
    await run((tx) =>
      recordAdverseEvent(tx, c.nurse, AdverseEventInput.parse({ doseSessionId: id, kind: "NALOXONE_GIVEN", naloxoneMg: "0.4", description: "RR 6, pinpoint pupils; responded in 2 minutes" }), at("09:10")),
    );
    const event = await db.prisma.adverseEvent.findFirstOrThrow({ where: { doseSessionId: id } });
    expect(event).toMatchObject({ kind: "NALOXONE_GIVEN", participantId, occurredAt: at("09:10") });
    expect(event.naloxoneMg?.toString()).toBe("0.4");
    expect(AdverseEventInput.safeParse({ doseSessionId: id, kind: "NALOXONE_GIVEN", description: "given" }).success).toBe(false);
  });

  it("does not check in someone on a break, exited, without a prescription, or for a session not being worked", async () => {
    const c = await clinic();
    const onBreak = await participant(c);
    await db.prisma.break.create({ data: { episodeId: onBreak.episodeId, participantId: onBreak.participantId, reason: "HOSPITAL", startedOn: localDateToDb("2026-03-08"), startedById: c.prescriber.userId } });
    await expect(checkedIn(c, onBreak.participantId, at("09:00"))).rejects.toMatchObject({ code: "doseSession.notExpected" });

    const exited = await participant(c);
    await db.prisma.episode.update({ where: { id: exited.episodeId }, data: { closedOn: localDateToDb("2026-03-09") } });
    await expect(checkedIn(c, exited.participantId, at("09:00"))).rejects.toMatchObject({ code: "doseSession.notInTreatment" });

    const { participant: unprescribed } = await makeEnrolledParticipant(db.prisma, c.siteId, c.prescriber.userId);
    await expect(checkedIn(c, unprescribed.id, at("09:00"))).rejects.toThrow("No dose prescribed for the AM session");

    const active = await participant(c);
    await expect(checkedIn(c, active.participantId, at("09:00"), "PM")).rejects.toMatchObject({ code: "doseSession.notCurrent" });
    expect(await db.prisma.doseSession.count({ where: { siteId: c.siteId } })).toBe(0);
  });
});

describe("closing a session", () => {
  it("marks non-attenders missed and those on a break not expected, refuses to close early or with a dose unaccounted for, and is idempotent", async () => {
    const c = await clinic();
    const dosed = await participant(c);
    const absent = await participant(c);
    const onBreak = await participant(c);
    await db.prisma.break.create({ data: { episodeId: onBreak.episodeId, participantId: onBreak.participantId, reason: "CUSTODY_REMAND", startedOn: localDateToDb("2026-03-09"), startedById: c.prescriber.userId } });
    const id = await assessed(c, dosed.participantId, at("10:40"));
    await draw(c, id, at("10:45"));
    await run((tx) => administerDose(tx, c.nurse, AdministerDoseInput.parse({ doseSessionId: id, injectionSite: "left arm" }), at("10:50")));

    const close = (now: Date) => run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, now));
    await expect(close(at("10:59"))).rejects.toMatchObject({ code: "session.stillOpen" });
    await expect(close(at("11:05"))).rejects.toMatchObject({ code: "session.unfinished" });
    expect(await db.prisma.sessionClosure.count({ where: { siteId: c.siteId } })).toBe(0);

    await run((tx) => signOff(tx, c.nurse, { doseSessionId: id }, at("11:10")));
    expect(await close(at("11:12"))).toEqual({ closed: true, missed: 1, notExpected: 1, withheld: 0, leftOpen: 0, inProgress: 0, holdsPlaced: 0 });
    const outcomes = await db.prisma.doseSession.findMany({ where: { siteId: c.siteId }, select: { participantId: true, outcome: true, events: { select: { step: true, byId: true, reason: true } } } });
    expect(outcomes.find((o) => o.participantId === absent.participantId)).toMatchObject({ outcome: "MISSED", events: [{ step: "MISS", byId: c.nurse.userId }] });
    expect(outcomes.find((o) => o.participantId === onBreak.participantId)).toMatchObject({
      outcome: "NOT_EXPECTED",
      events: [{ step: "NOT_EXPECTED", reason: "On a break: Custody on remand" }],
    });

    const audits = await db.prisma.auditEvent.count();
    expect(await close(at("11:30"))).toMatchObject({ closed: false });
    expect(await db.prisma.doseSession.count({ where: { siteId: c.siteId } })).toBe(3);
    expect(await db.prisma.auditEvent.count()).toBe(audits);
  });

  it("puts a hard hold on the next dose after 3 days without one, once, and never counts a break", async () => {
    const c = await clinic();
    const absent = await participant(c, { enrolledOn: "2026-03-01" });
    const backFromBreak = await participant(c, { enrolledOn: "2026-03-01" });
    const record = (p: { participantId: string; episodeId: string }, date: LocalDate, slot: SessionSlot, outcome: "DOSED" | "MISSED") =>
      db.prisma.doseSession.create({ data: { siteId: c.siteId, participantId: p.participantId, episodeId: p.episodeId, sessionDate: localDateToDb(date), slot, stage: outcome === "DOSED" ? "SIGNED_OFF" : "CLOSED", outcome } });
    for (let date: LocalDate = "2026-02-24"; date <= "2026-03-08"; date = addLocalDays(date, 1)) {
      for (const slot of ["AM", "PM"] as const) {
        await db.prisma.sessionClosure.create({ data: { siteId: c.siteId, sessionDate: localDateToDb(date), slot } });
        if (date >= "2026-03-01" && date <= "2026-03-06") {
          await record(absent, date, slot, "DOSED");
          await record(backFromBreak, date, slot, "DOSED");
        }
        if (date >= "2026-03-07") await record(absent, date, slot, "MISSED");
      }
    }
    // A two-day break with no session rows, as older data has: it must read as not expected, never as missed.
    await db.prisma.break.create({
      data: { episodeId: backFromBreak.episodeId, participantId: backFromBreak.participantId, reason: "HOSPITAL", startedOn: localDateToDb("2026-03-07"), endedOn: localDateToDb("2026-03-09"), startedById: c.prescriber.userId },
    });

    // Nobody closes 9 March, though the system was up (a third participant was dosed); the next morning's first page load closes it.
    const came = await participant(c, { enrolledOn: "2026-03-01" });
    await record(came, "2026-03-09", "AM", "DOSED");
    await record(came, "2026-03-09", "PM", "DOSED");
    const closed = await run((tx) => catchUpClosures(tx, c.siteId, at("09:00", "2026-03-10")));
    expect(closed).toEqual([
      { date: "2026-03-09", slot: "AM" },
      { date: "2026-03-09", slot: "PM" },
    ]);

    const holds = await db.prisma.hold.findMany({ where: { participantId: { in: [absent.participantId, backFromBreak.participantId] } }, include: { clearance: true } });
    expect(holds).toHaveLength(1);
    expect(holds[0]).toMatchObject({ participantId: absent.participantId, kind: "HARD", source: "MISSED_DOSES", placedById: null, clearance: null });
    expect(holds[0]!.reason).toBe("No dose for 3 consecutive days: prescriber review before the next dose.");
    const placed = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "hold.place", participantId: absent.participantId } });
    expect(placed.summary).toMatchObject({ closing: { date: "2026-03-09", slot: "AM" } });

    const ninth = await db.prisma.doseSession.findMany({ where: { siteId: c.siteId, sessionDate: localDateToDb("2026-03-09"), participantId: { not: came.participantId } } });
    expect(ninth.map((s) => s.outcome)).toEqual(["MISSED", "MISSED", "MISSED", "MISSED"]);
    // Closed without an actor: the rows, the closure and the audit event record it; no step event by a fictitious user.
    expect(await db.prisma.doseSessionEvent.count({ where: { doseSessionId: { in: ninth.map((s) => s.id) } } })).toBe(0);
    expect(await db.prisma.sessionClosure.findFirstOrThrow({ where: { siteId: c.siteId, sessionDate: localDateToDb("2026-03-09"), slot: "PM" } })).toMatchObject({ closedById: null });

    // The hold stands on Today, before anyone else.
    const board = await todayBoard(db.prisma, c.siteId, at("09:00", "2026-03-10"));
    expect(board.rows[0]).toMatchObject({ participantId: absent.participantId, status: "WAITING", holds: [{ kind: "HARD" }] });
  });

  it("puts a hard hold on someone titrating after any missed session", async () => {
    const c = await clinic();
    const inducting = await participant(c, { enrolledOn: DAY, titrating: true });
    await run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date: DAY, slot: "AM" }, at("11:05")));
    const holds = await db.prisma.hold.findMany({ where: { participantId: inducting.participantId } });
    expect(holds).toMatchObject([{ kind: "HARD", source: "INDUCTION_MISS" }]);
  });

  it("catches up a session nobody closed, closing anyone left part-way as withheld", async () => {
    const c = await clinic();
    const started = await participant(c);
    const absent = await participant(c);
    await db.prisma.sessionClosure.create({ data: { siteId: c.siteId, sessionDate: localDateToDb(DAY), slot: "AM" } });
    for (let day = 1; day <= 14; day++) {
      for (const slot of ["AM", "PM"] as const) {
        await db.prisma.sessionClosure.createMany({ data: [{ siteId: c.siteId, sessionDate: localDateToDb(addLocalDays(DAY, -day)), slot }] });
      }
    }
    const pm = await assessed(c, started.participantId, at("15:30"), fit, "PM");

    // Nobody closed the PM session; the next morning's first page load does.
    expect(await run((tx) => catchUpClosures(tx, c.siteId, at("07:00", "2026-03-11")))).toEqual([]);
    expect(await run((tx) => catchUpClosures(tx, c.siteId, at("08:00", "2026-03-11")))).toEqual([{ date: DAY, slot: "PM" }]);
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id: pm } })).toMatchObject({ stage: "CLOSED", outcome: "WITHHELD", givenMg: 0 });
    expect(await db.prisma.doseSession.findFirstOrThrow({ where: { participantId: absent.participantId } })).toMatchObject({ slot: "PM", outcome: "MISSED" });
    expect(await run((tx) => catchUpClosures(tx, c.siteId, at("08:30", "2026-03-11")))).toEqual([]);
  });
});

describe("the Today board", () => {
  it("shows the working session with each participant's status and next step", async () => {
    const c = await clinic();
    const waiting = await participant(c);
    const observing = await participant(c);
    const intoxicated = await participant(c);
    const onBreak = await participant(c);
    await db.prisma.break.create({ data: { episodeId: onBreak.episodeId, participantId: onBreak.participantId, reason: "MENTAL_HEALTH", startedOn: localDateToDb("2026-03-01"), startedById: c.prescriber.userId } });
    const id = await assessed(c, observing.participantId, at("09:00"));
    await draw(c, id, at("09:02"));
    await run((tx) => administerDose(tx, c.nurse, AdministerDoseInput.parse({ doseSessionId: id, injectionSite: "left arm" }), at("09:03")));
    await assessed(c, intoxicated.participantId, at("09:04"), { ...fit, breathAlcohol: "0.5" });

    const board = await todayBoard(db.prisma, c.siteId, at("09:10"));
    expect(board).toMatchObject({ session: { date: DAY, slot: "AM" }, isCurrent: true, window: { state: "OPEN" }, closedAt: null });
    const row = (participantId: string) => board.rows.find((r) => r.participantId === participantId);
    expect(row(waiting.participantId)).toMatchObject({ status: "WAITING", next: "CHECK_IN", prescribedMg: 100 });
    expect(row(observing.participantId)).toMatchObject({ status: "OBSERVING", next: "SIGN_OFF", observationEndsAt: at("09:23"), givenMg: 100 });
    expect(row(intoxicated.participantId)).toMatchObject({ status: "ASSESSED", next: "WITHHOLD" });
    expect(board.notExpected).toMatchObject([{ participantId: onBreak.participantId, reason: "On a break: Mental health" }]);

    const late = await todayBoard(db.prisma, c.siteId, at("11:30"));
    expect(late).toMatchObject({ session: { slot: "AM" }, window: { state: "LATE" } });
  });

  it("shows a late dose as the prescription now in force, the dose drawing checks against", async () => {
    const c = await clinic();
    const { participantId, episodeId } = await participant(c, { amMg: 100 });
    await db.prisma.prescription.create({
      data: { participantId, episodeId, version: 2, amDoseMg: 80, pmDoseMg: 80, startsAt: at("11:15"), reason: "Reduced after review", prescriberId: c.prescriber.userId, reviewBy: NO_REVIEW_DUE },
    });
    const late = await todayBoard(db.prisma, c.siteId, at("11:30"));
    expect(late.window.state).toBe("LATE");
    expect(late.rows.find((r) => r.participantId === participantId)).toMatchObject({ prescribedMg: 80 });
  });
});
