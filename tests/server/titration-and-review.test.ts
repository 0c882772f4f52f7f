import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLocalDays, localDateToDb, type LocalDate, type SessionSlot } from "@/domain/clinic-time";
import { prescribe } from "@/server/prescriptions";
import { PrescribeInput } from "@/server/prescriptions.input";
import { confirmedClose } from "../support/closing";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { makeEnrolledParticipant } from "../support/fixtures";

/**
 * Issue 15, findings 2 (induction), 5 and 7: induction and titration are dated phases, not a
 * tick box a same-day re-prescription could untick; and a prescription is reviewed by a date,
 * after which the doses are held, and can be written for a later session.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.close());

const { run, DAY, at, clinic, participant, closedFortnight, assessed, draw, refusedAndUnchanged } = doseClinic(() => db);
const NEXT_DAY = addLocalDays(DAY, 1);

const write = (c: Clinic, participantId: string, now: Date, fields: Record<string, string>) =>
  run((tx) => prescribe(tx, c.prescriber, PrescribeInput.parse({ participantId, reason: "Titration", ...fields }), now));

/** Someone enrolled on DAY and not yet prescribed for: a first prescription starts their titration. */
async function newlyEnrolled(c: Clinic) {
  const { participant, episode } = await makeEnrolledParticipant(db.prisma, c.siteId, c.prescriber.userId, DAY);
  await db.prisma.episode.update({ where: { id: episode.id }, data: { titrationFrom: null, stableFrom: null } });
  return { participantId: participant.id, episodeId: episode.id };
}

/** A dose given and signed off, as the clinic's records hold it. */
async function dosed(c: Clinic, p: { participantId: string; episodeId: string }, date: LocalDate, slot: SessionSlot, mg: number) {
  await db.prisma.doseSession.create({
    data: {
      siteId: c.siteId,
      participantId: p.participantId,
      episodeId: p.episodeId,
      sessionDate: localDateToDb(date),
      slot,
      stage: "SIGNED_OFF",
      outcome: "DOSED",
      givenMg: mg,
      administeredAt: at(slot === "AM" ? "09:00" : "16:00", date),
    },
  });
}

const closeAm = (c: Clinic, date: LocalDate) => run((tx) => confirmedClose(tx, c.nurse, { siteId: c.siteId, date, slot: "AM" }, at("11:05", date)));
const missedDoseHolds = (participantId: string) => db.prisma.hold.findMany({ where: { participantId, source: { in: ["INDUCTION_MISS", "MISSED_DOSES"] } } });

describe("the induction day is the calendar day of the first dose", () => {
  it("refuses same-day re-prescriptions that climb past the induction limits, whatever was ticked before", async () => {
    const c = await clinic();
    const p = await newlyEnrolled(c);
    await write(c, p.participantId, at("07:30"), { amDoseMg: "15", pmDoseMg: "30", reason: "Induction" });
    await dosed(c, p, DAY, "AM", 15);
    // Finding 2: three same-day saves without the tick took the PM dose to 100 mg on day 1.
    for (const pmDoseMg of ["45", "67", "100"]) {
      await expect(write(c, p.participantId, at("11:30"), { amDoseMg: "15", pmDoseMg })).rejects.toMatchObject({
        code: "prescription.reasonRequired",
        message: expect.stringContaining("further induction doses"),
      });
    }
    expect(await db.prisma.prescription.findMany({ where: { participantId: p.participantId }, select: { pmDoseMg: true, induction: true } })).toEqual([{ pmDoseMg: 30, induction: true }]);
  });

  it("applies the induction limits before the first dose, and not on the days after it", async () => {
    const c = await clinic();
    const p = await newlyEnrolled(c);
    await expect(write(c, p.participantId, at("07:30"), { amDoseMg: "30", pmDoseMg: "30" })).rejects.toMatchObject({
      message: expect.stringContaining("the first induction dose"),
    });
    await write(c, p.participantId, at("07:30"), { amDoseMg: "15", pmDoseMg: "30", reason: "Induction" });
    await dosed(c, p, DAY, "AM", 15);
    await dosed(c, p, DAY, "PM", 30);
    // The next morning, a rise within the 50 % cap needs no reason.
    await write(c, p.participantId, at("07:30", NEXT_DAY), { amDoseMg: "20", pmDoseMg: "45" });
    const latest = await db.prisma.prescription.findFirstOrThrow({ where: { participantId: p.participantId }, orderBy: { version: "desc" } });
    expect(latest).toMatchObject({ amDoseMg: 20, pmDoseMg: 45, induction: false });
  });
});

describe("titration lasts until a stable dose is recorded", () => {
  async function titrating(c: Clinic) {
    await closedFortnight(c);
    const p = await newlyEnrolled(c);
    await write(c, p.participantId, at("07:30"), { amDoseMg: "15", pmDoseMg: "30", reason: "Induction" });
    await dosed(c, p, DAY, "AM", 15);
    await dosed(c, p, DAY, "PM", 30);
    await db.prisma.sessionClosure.createMany({ data: (["AM", "PM"] as const).map((slot) => ({ siteId: c.siteId, sessionDate: localDateToDb(DAY), slot })) });
    return p;
  }

  it("puts a hard hold on a missed session after a prescription written without the stable dose (finding 5)", async () => {
    const c = await clinic();
    const p = await titrating(c);
    // Round one ended induction at the first prescription without the tick.
    await write(c, p.participantId, at("07:30", NEXT_DAY), { amDoseMg: "20", pmDoseMg: "45" });
    await closeAm(c, NEXT_DAY);
    expect(await missedDoseHolds(p.participantId)).toMatchObject([{ kind: "HARD", source: "INDUCTION_MISS" }]);
  });

  it("ends the titration when a prescriber records the stable dose", async () => {
    const c = await clinic();
    const p = await titrating(c);
    await write(c, p.participantId, at("07:30", NEXT_DAY), { amDoseMg: "20", pmDoseMg: "45", stableDose: "yes" });
    expect(await db.prisma.episode.findUniqueOrThrow({ where: { id: p.episodeId } })).toMatchObject({ stableFrom: at("07:30", NEXT_DAY) });
    await closeAm(c, NEXT_DAY);
    expect(await missedDoseHolds(p.participantId)).toEqual([]);
  });

  it("refuses a stable dose on the prescription that starts the titration", async () => {
    const c = await clinic();
    const p = await newlyEnrolled(c);
    await expect(write(c, p.participantId, at("07:30"), { amDoseMg: "15", pmDoseMg: "30", stableDose: "yes" })).rejects.toMatchObject({ code: "prescription.stableDose" });
    expect(await db.prisma.prescription.count({ where: { participantId: p.participantId } })).toBe(0);
  });

  it("ends on its own after the clinic's titration days", async () => {
    const c = await clinic({ titrationDays: 1 });
    const p = await titrating(c);
    await closeAm(c, NEXT_DAY);
    expect(await missedDoseHolds(p.participantId)).toEqual([]);
  });
});

describe("a prescription is reviewed by a date (finding 7)", () => {
  /** A participant whose prescription in force was due a review `daysAgo` days before DAY. */
  async function reviewDue(c: Clinic, daysAgo: number) {
    const p = await participant(c);
    const v1 = await db.prisma.prescription.findFirstOrThrow({ where: { participantId: p.participantId } });
    await db.prisma.prescription.create({
      data: {
        participantId: p.participantId,
        episodeId: p.episodeId,
        version: 2,
        supersedesId: v1.id,
        amDoseMg: 100,
        pmDoseMg: 120,
        startsAt: at("07:00", addLocalDays(DAY, -daysAgo - 28)),
        reviewBy: localDateToDb(addLocalDays(DAY, -daysAgo)),
        reason: "Review",
        prescriberId: c.prescriber.userId,
      },
    });
    return p;
  }

  it("sets the review date 28 days from the start by default, and refuses one further away", async () => {
    const c = await clinic();
    const { participantId } = await participant(c);
    await expect(write(c, participantId, at("07:30"), { amDoseMg: "100", pmDoseMg: "120", reviewBy: addLocalDays(DAY, 29) })).rejects.toMatchObject({
      code: "prescription.reviewBy",
      message: expect.stringContaining("within 28 days"),
    });
    await write(c, participantId, at("07:30"), { amDoseMg: "100", pmDoseMg: "120" });
    expect(await db.prisma.prescription.findFirstOrThrow({ where: { participantId }, orderBy: { version: "desc" } })).toMatchObject({ reviewBy: localDateToDb(addLocalDays(DAY, 28)) });
  });

  it("doses on the review date, then only with a reason, then not at all until a new prescription", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const due = await reviewDue(c, 0);
    await draw(c, await assessed(c, due.participantId, at("08:30")), at("08:35"));

    const soft = await reviewDue(c, 1);
    const softSession = await assessed(c, soft.participantId, at("08:30"));
    await refusedAndUnchanged(softSession, () => draw(c, softSession, at("08:35")), "dose.softHoldReason");
    await draw(c, softSession, at("08:35"), { softHoldReason: "Prescriber on leave; review booked for tomorrow" });

    const lapsed = await reviewDue(c, 8);
    const lapsedSession = await assessed(c, lapsed.participantId, at("08:30"));
    await refusedAndUnchanged(lapsedSession, () => draw(c, lapsedSession, at("08:35"), { softHoldReason: "Known to us" }), "dose.hardHold");
    await expect(draw(c, lapsedSession, at("08:35"))).rejects.toThrow(/Prescription lapsed/);

    // The prescriber reviews and writes it again: the hold lifts.
    await write(c, lapsed.participantId, at("08:40"), { amDoseMg: "100", pmDoseMg: "120", reason: "Reviewed" });
    await draw(c, lapsedSession, at("08:45"));
  });

  it("writes a change for a later session without touching the session being worked", async () => {
    const c = await clinic();
    await closedFortnight(c);
    const { participantId } = await participant(c, { amMg: 100, pmMg: 120 });
    const am = await assessed(c, participantId, at("09:00"));
    await write(c, participantId, at("09:05"), { amDoseMg: "80", pmDoseMg: "90", startsFrom: `${DAY} PM`, reason: "Reduce from this afternoon" });
    // The morning dose is still the one in force this morning.
    await draw(c, am, at("09:10"), { doseMg: "100" });
    expect(await db.prisma.prescription.findFirstOrThrow({ where: { participantId }, orderBy: { version: "desc" } })).toMatchObject({ startsAt: at("14:00"), pmDoseMg: 90 });

    await expect(write(c, participantId, at("09:20"), { amDoseMg: "80", pmDoseMg: "90", startsFrom: `${DAY} AM` })).rejects.toMatchObject({ code: "prescription.start" });
  });
});
