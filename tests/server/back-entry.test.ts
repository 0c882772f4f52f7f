import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/auth/actor";
import { localDateToDb, type LocalDate, type SessionSlot } from "@/domain/clinic-time";
import { runningBalances } from "@/domain/cd-register";
import { approveBackEntries, backEntryOverview, confirmOutageSession, enterBackEntry, entriesFingerprint, rejectBackEntry } from "@/server/back-entry";
import { ApproveBackEntriesInput, EnterBackEntryInput } from "@/server/back-entry.input";
import { catchUpClosures, sessionsAwaitingOutageReview } from "@/server/session-closure";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { NO_REVIEW_DUE } from "../support/fixtures";

/**
 * Issue 19, downtime: a session with nobody recorded is an outage, not a day everyone missed;
 * doses given on paper are entered afterwards, approved by a second, senior person, and become
 * the record (dose, register, audit) at the paper's times, marked back-entered.
 */
let db: TestDatabase;
const { run, DAY, at, clinic, closedFortnight, participant, checkedIn } = doseClinic(() => db);

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db.close();
});

async function witnessId(c: Clinic): Promise<string> {
  return (await db.prisma.user.findUniqueOrThrow({ where: { email: c.witnessEmail } })).id;
}

/** One dose from the paper sheet, as the form sends it: DAY's AM session by default. */
async function paperDose(c: Clinic, participantId: string, fields: Record<string, string> = {}) {
  return EnterBackEntryInput.parse({
    participantId,
    sessionDate: DAY,
    slot: "AM",
    arrivedAt: "08:10",
    drawnAt: "08:20",
    givenAt: "08:24",
    signedOffAt: "08:50",
    doseMg: "100",
    injectionSite: "Left forearm",
    batch: c.batch,
    witnessId: await witnessId(c),
    ...fields,
  });
}

const enter = (c: Clinic, input: EnterBackEntryInput, now: Date, actor: Actor = c.nurse) => run((tx) => enterBackEntry(tx, actor, input, now));

async function approve(c: Clinic, actor: Actor, date: LocalDate, slot: SessionSlot, now: Date) {
  const pending = await db.prisma.backEntry.findMany({ where: { siteId: c.siteId, sessionDate: localDateToDb(date), slot, decision: { is: null } }, orderBy: [{ drawnAt: "asc" }, { id: "asc" }] });
  return run((tx) => approveBackEntries(tx, actor, ApproveBackEntriesInput.parse({ sessionDate: date, slot, entries: entriesFingerprint(pending) }), now));
}

/** Everything a refused back-entry must leave as it was. */
async function everything() {
  const [entries, decisions, sessions, events, register, audits, holds, clearances, closures] = await Promise.all([
    db.prisma.backEntry.count(),
    db.prisma.backEntryDecision.count(),
    db.prisma.doseSession.count(),
    db.prisma.doseSessionEvent.count(),
    db.prisma.controlledDrugEntry.count(),
    db.prisma.auditEvent.count(),
    db.prisma.hold.count(),
    db.prisma.holdClearance.count(),
    db.prisma.sessionClosure.count(),
  ]);
  return { entries, decisions, sessions, events, register, audits, holds, clearances, closures };
}

async function refusedWritingNothing(attempt: () => Promise<unknown>, code: string) {
  const before = await everything();
  await expect(attempt()).rejects.toMatchObject({ code });
  expect(await everything()).toEqual(before);
}

describe("the catch-up after a session with no step recorded (an outage)", () => {
  it("marks nobody missed and places no hold until a prescriber or CD lead confirms the session ran without the system", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const titrating = await participant(c, { titrating: true, enrolledOn: "2026-03-01" });
    await participant(c);

    // The next morning: DAY's two sessions had not one step recorded.
    expect(await run((tx) => catchUpClosures(tx, c.siteId, at("09:00", "2026-03-11")))).toEqual([]);
    expect(await run((tx) => sessionsAwaitingOutageReview(tx, c.siteId, at("09:00", "2026-03-11")))).toEqual([
      { date: DAY, slot: "AM" },
      { date: DAY, slot: "PM" },
    ]);
    expect(await db.prisma.doseSession.count({ where: { siteId: c.siteId } })).toBe(0);
    expect(await db.prisma.hold.count({ where: { participantId: titrating.participantId } })).toBe(0);

    // A nurse cannot confirm it; a prescriber can, and it closes as the catch-up would have.
    await refusedWritingNothing(() => run((tx) => confirmOutageSession(tx, c.nurse, { sessionDate: DAY, slot: "AM", reason: "Ran on paper" }, at("09:05", "2026-03-11"))), "backEntry.approver");
    const closed = await run((tx) => confirmOutageSession(tx, c.prescriber, { sessionDate: DAY, slot: "AM", reason: "Network down, no paper doses given" }, at("09:05", "2026-03-11")));
    expect(closed).toMatchObject({ closed: true, missed: 2, holdsPlaced: 1 });
    expect(await db.prisma.hold.findMany({ where: { participantId: titrating.participantId }, select: { source: true } })).toEqual([{ source: "INDUCTION_MISS" }]);
    const confirmed = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "session.outageConfirmed", siteId: c.siteId } });
    expect(confirmed).toMatchObject({ actorId: c.prescriber.userId, reason: "Network down, no paper doses given" });
    // The other session still waits.
    expect(await run((tx) => sessionsAwaitingOutageReview(tx, c.siteId, at("09:10", "2026-03-11")))).toEqual([{ date: DAY, slot: "PM" }]);
  });

  it("closes as before a session in which any step was recorded (a quiet day, not an outage)", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const came = await participant(c);
    const absent = await participant(c);
    await checkedIn(c, came.participantId, at("08:30"));
    expect(await run((tx) => catchUpClosures(tx, c.siteId, at("15:00")))).toEqual([{ date: DAY, slot: "AM" }]);
    expect(await db.prisma.doseSession.findFirstOrThrow({ where: { participantId: absent.participantId } })).toMatchObject({ outcome: "MISSED" });
  });

  it("closes as before a session with nobody in treatment: nothing to miss", async () => {
    const c = await clinic();
    await closedFortnight(c);
    expect(await run((tx) => catchUpClosures(tx, c.siteId, at("15:00")))).toEqual([{ date: DAY, slot: "AM" }]);
  });
});

describe("entering a dose given on paper refuses, writing nothing", () => {
  it("a session beyond the back-entry reach", async () => {
    const c = await clinic({ backEntryReachDays: 3 });
    await closedFortnight(c);
    const p = await participant(c);
    const input = await paperDose(c, p.participantId);
    await refusedWritingNothing(() => enter(c, input, at("09:00", "2026-03-14")), "backEntry.notAllowed");
    // Three days back is within the reach.
    await enter(c, input, at("09:00", "2026-03-13"));
  });

  it("a dose above the prescription in force at the paper's time, though a higher one started later that morning", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const p = await participant(c, { amMg: 100 });
    await db.prisma.prescription.create({
      data: {
        participantId: p.participantId,
        episodeId: p.episodeId,
        version: 2,
        amDoseMg: 150,
        pmDoseMg: 150,
        startsAt: at("10:00"),
        reason: "Titrated up",
        prescriberId: c.prescriber.userId,
        reviewBy: NO_REVIEW_DUE,
      },
    });
    const later = at("09:00", "2026-03-11");
    await refusedWritingNothing(async () => enter(c, await paperDose(c, p.participantId, { doseMg: "150" }), later), "backEntry.dose");
    await refusedWritingNothing(async () => enter(c, await paperDose(c, p.participantId, { doseMg: "120" }), later), "backEntry.dose");
    // Drawn after the new prescription started: 150 mg was then in force.
    await enter(c, await paperDose(c, p.participantId, { arrivedAt: "10:05", drawnAt: "10:10", givenAt: "10:12", signedOffAt: "10:40", doseMg: "150" }), later);
  });

  it("a dose without a witness, or with a witness who could not witness it", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const p = await participant(c);
    const unwitnessed: Record<string, unknown> = { ...(await paperDose(c, p.participantId)), batch: c.batch };
    delete unwitnessed.witnessId;
    const parsed = EnterBackEntryInput.safeParse(unwitnessed);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["witnessId"], message: expect.stringContaining("without a witness") });
    const later = at("09:00", "2026-03-11");
    for (const witness of [c.nurse.userId, c.pharmacist.userId, "no-such-user"]) {
      await refusedWritingNothing(async () => enter(c, await paperDose(c, p.participantId, { witnessId: witness }), later), "backEntry.witness");
    }
  });

  it("a session already recorded for the participant, or a dose already entered", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const p = await participant(c);
    const q = await participant(c);
    await checkedIn(c, p.participantId, at("08:30"));
    const later = at("09:00", "2026-03-11");
    await refusedWritingNothing(async () => enter(c, await paperDose(c, p.participantId), later), "backEntry.alreadyRecorded");
    await enter(c, await paperDose(c, q.participantId), later);
    await refusedWritingNothing(async () => enter(c, await paperDose(c, q.participantId), later), "backEntry.alreadyRecorded");
  });

  it("a batch without the stock for the dose", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const p = await participant(c, { amMg: 200 });
    await db.prisma.controlledDrugEntry.create({
      data: { siteId: c.siteId, productId: c.productId, kind: "RECEIPT", occurredAt: at("07:00", "2026-03-01"), batch: "LOW", quantity: 1, supplier: "Test wholesaler", madeById: c.pharmacist.userId },
    });
    const later = at("09:00", "2026-03-11");
    await refusedWritingNothing(async () => enter(c, await paperDose(c, p.participantId, { doseMg: "200", batch: `${c.productId}:LOW` }), later), "backEntry.batch");
    await refusedWritingNothing(async () => enter(c, await paperDose(c, p.participantId, { doseMg: "200", batch: `${c.productId}:NONE` }), later), "backEntry.batch");
  });

  it("an approval by the nurse who entered the doses, or by a nurse", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const p = await participant(c);
    await enter(c, await paperDose(c, p.participantId), at("09:00", "2026-03-11"), c.prescriber);
    await refusedWritingNothing(() => approve(c, c.prescriber, DAY, "AM", at("09:10", "2026-03-11")), "backEntry.ownEntry");
    await refusedWritingNothing(() => approve(c, c.nurse, DAY, "AM", at("09:10", "2026-03-11")), "backEntry.approver");
  });
});

describe("approving a batch of doses from paper", () => {
  it("records each dose at the paper's times, marked back-entered in the dose record, the register and the audit, and the register balance counts them", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const a = await participant(c, { amMg: 100 });
    const b = await participant(c, { amMg: 120 });
    const absent = await participant(c);
    const wrong = await participant(c);
    const later = at("09:00", "2026-03-11");
    await enter(c, await paperDose(c, a.participantId), later);
    await enter(c, await paperDose(c, b.participantId, { arrivedAt: "09:00", drawnAt: "09:05", givenAt: "09:07", signedOffAt: "09:30", doseMg: "120" }), later);
    const typo = await enter(c, await paperDose(c, wrong.participantId, { drawnAt: "08:21" }), later);
    await run((tx) => rejectBackEntry(tx, c.pharmacist, { backEntryId: typo.id, reason: "Not on the paper sheet" }, at("09:05", "2026-03-11")));

    const result = await approve(c, c.pharmacist, DAY, "AM", at("09:10", "2026-03-11"));
    expect(result).toMatchObject({ approved: 2, missed: 2 });

    const session = await db.prisma.doseSession.findFirstOrThrow({ where: { participantId: a.participantId }, include: { events: { orderBy: { at: "asc" } }, cdEntries: true } });
    expect(session).toMatchObject({ stage: "SIGNED_OFF", outcome: "DOSED", backEntered: true, givenMg: 100, drawnAt: at("08:20"), administeredAt: at("08:24") });
    expect(session.events.map((e) => [e.step, e.at, e.byId])).toEqual([
      ["CHECK_IN", at("08:10"), c.nurse.userId],
      ["DRAW", at("08:20"), c.nurse.userId],
      ["ADMINISTER", at("08:24"), c.nurse.userId],
      ["SIGN_OFF", at("08:50"), c.nurse.userId],
    ]);
    expect(session.events[1]).toMatchObject({ witnessId: await witnessId(c), doseMg: 100, prescribedMg: 100 });
    expect(session.cdEntries).toEqual([expect.objectContaining({ kind: "SUPPLY", occurredAt: at("08:20"), backEntered: true, madeById: c.nurse.userId, mgUsed: 100, batch: "T1" })]);
    const audits = await db.prisma.auditEvent.findMany({ where: { action: "backEntry.approve", siteId: c.siteId } });
    expect(audits).toHaveLength(2);
    expect(audits.every((e) => e.backEntered && e.actorId === c.pharmacist.userId)).toBe(true);

    // Whoever is not on the paper sheet was missed; the rejected entry is kept with its rejection.
    expect(await db.prisma.doseSession.findFirstOrThrow({ where: { participantId: absent.participantId } })).toMatchObject({ outcome: "MISSED", backEntered: false });
    expect(await db.prisma.doseSession.findFirstOrThrow({ where: { participantId: wrong.participantId } })).toMatchObject({ outcome: "MISSED" });
    expect(await db.prisma.backEntry.findUniqueOrThrow({ where: { id: typo.id }, include: { decision: true } })).toMatchObject({ decision: { outcome: "REJECTED", reason: "Not on the paper sheet", decidedById: c.pharmacist.userId } });
    expect(await db.prisma.sessionClosure.count({ where: { siteId: c.siteId, sessionDate: localDateToDb(DAY), slot: "AM" } })).toBe(1);

    // The register: receipts minus supplies, back-entered ones included, in the read model and from the entries.
    const entries = await db.prisma.controlledDrugEntry.findMany({ where: { productId: c.productId, batch: "T1" }, orderBy: [{ occurredAt: "asc" }, { createdAt: "asc" }] });
    const receipts = entries.filter((e) => e.kind === "RECEIPT").reduce((n, e) => n + e.quantity, 0);
    const supplies = entries.filter((e) => e.kind === "SUPPLY").reduce((n, e) => n + e.quantity, 0);
    expect(entries.filter((e) => e.kind === "SUPPLY" && e.backEntered)).toHaveLength(2);
    expect(supplies).toBe(3); // 1 ampoule of 100 mg, then 2 for 120 mg
    expect(runningBalances(entries).at(-1)).toBe(receipts - supplies);
    expect(await db.prisma.batchBalance.findUniqueOrThrow({ where: { productId_batch: { productId: c.productId, batch: "T1" } } })).toMatchObject({ balance: receipts - supplies });

    // The page lists the decisions, and nothing waits any more for DAY AM.
    const overview = await run((tx) => backEntryOverview(tx, c.pharmacist, at("09:15", "2026-03-11")));
    expect(overview.decided.map((d) => d.decision?.outcome).sort()).toEqual(["APPROVED", "APPROVED", "REJECTED"]);
    expect(overview.sessions.map((s) => s.session)).toEqual([{ date: DAY, slot: "PM" }]);
  });

  it("refuses a batch that changed since it was shown, and a dose the batch no longer has stock for, writing nothing", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const a = await participant(c);
    await enter(c, await paperDose(c, a.participantId), at("09:00", "2026-03-11"));
    await refusedWritingNothing(
      () => run((tx) => approveBackEntries(tx, c.prescriber, { sessionDate: DAY, slot: "AM", entries: "someone-else" }, at("09:10", "2026-03-11"))),
      "backEntry.changed",
    );
    // The batch was used up on Today after the entry was made.
    await db.prisma.controlledDrugEntry.create({
      data: { siteId: c.siteId, productId: c.productId, kind: "DESTRUCTION", occurredAt: at("08:00", "2026-03-11"), batch: "T1", quantity: 5000, note: "Recalled", madeById: c.pharmacist.userId },
    });
    await refusedWritingNothing(() => approve(c, c.prescriber, DAY, "AM", at("09:10", "2026-03-11")), "backEntry.batch");
  });
});

describe("the missed-dose engine on the corrected record", () => {
  it("lifts, on approval, a hard hold placed because the outage's sessions read as days without a dose", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const p = await participant(c);
    const other = await participant(c);
    // Dosed on the evening before the outage.
    await db.prisma.doseSession.create({
      data: { siteId: c.siteId, participantId: p.participantId, episodeId: p.episodeId, sessionDate: localDateToDb("2026-03-09"), slot: "PM", stage: "SIGNED_OFF", outcome: "DOSED", givenMg: 120, administeredAt: at("15:30", "2026-03-09") },
    });
    // Two days of outage (DAY and the 11th), then, on the 12th, the system is back: p misses the AM session.
    await checkedIn(c, other.participantId, at("08:30", "2026-03-12"), "AM", "2026-03-12");
    const afternoon = at("15:05", "2026-03-12");
    expect(await run((tx) => catchUpClosures(tx, c.siteId, afternoon))).toEqual([{ date: "2026-03-12", slot: "AM" }]);
    expect(await run((tx) => sessionsAwaitingOutageReview(tx, c.siteId, afternoon))).toHaveLength(4);
    const [hold] = await db.prisma.hold.findMany({ where: { participantId: p.participantId } });
    expect(hold).toMatchObject({ source: "MISSED_DOSES", kind: "HARD", reason: expect.stringContaining("3 consecutive days") });

    // The paper sheet shows p dosed on the evening of the 11th.
    await enter(c, await paperDose(c, p.participantId, { sessionDate: "2026-03-11", slot: "PM", arrivedAt: "15:10", drawnAt: "15:15", givenAt: "15:18", signedOffAt: "15:45", doseMg: "120" }), afternoon);
    expect(await db.prisma.holdClearance.count({ where: { holdId: hold!.id } })).toBe(0);
    const result = await approve(c, c.prescriber, "2026-03-11", "PM", at("15:30", "2026-03-12"));
    expect(result.holdsLifted).toBe(1);
    const clearance = await db.prisma.holdClearance.findUniqueOrThrow({ where: { holdId: hold!.id } });
    expect(clearance).toMatchObject({ clearedById: c.prescriber.userId, note: expect.stringContaining("Placed in error") });
    expect(await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "hold.liftedAfterBackEntry", entityId: hold!.id } })).toMatchObject({ backEntered: true });
  });

  it("keeps a hold the corrected record still calls for", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const titrating = await participant(c, { titrating: true, enrolledOn: "2026-03-01" });
    const other = await participant(c);
    // The system is up on DAY AM, and the titrating participant misses it: the induction hold is right.
    await checkedIn(c, other.participantId, at("08:30"));
    await run((tx) => catchUpClosures(tx, c.siteId, at("15:00")));
    expect(await db.prisma.hold.count({ where: { participantId: titrating.participantId, source: "INDUCTION_MISS" } })).toBe(1);
    // The PM session ran on paper; the sheet shows the other participant dosed.
    await enter(c, await paperDose(c, other.participantId, { slot: "PM", arrivedAt: "15:10", drawnAt: "15:15", givenAt: "15:18", signedOffAt: "15:45", doseMg: "120" }), at("09:00", "2026-03-11"));
    await approve(c, c.prescriber, DAY, "PM", at("09:10", "2026-03-11"));
    expect(await db.prisma.holdClearance.count({ where: { hold: { participantId: titrating.participantId } } })).toBe(0);
  });
});
