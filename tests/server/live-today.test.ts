import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDateToDb } from "@/domain/clinic-time";
import { AdverseEventInput } from "@/server/dose-sessions.input";
import { audit } from "@/server/audit";
import { administerDose, authoriseLateDose, recordAdverseEvent, recordPreDoseAssessment, signOff } from "@/server/dose-sessions";
import { PreDoseAssessmentInput } from "@/server/dose-sessions.input";
import { clearHold, placeHold } from "@/server/prescriptions";
import { catchUpClosures } from "@/server/session-closure";
import { reviewQueue } from "@/server/review-queue";
import { todayBoard } from "@/server/today-board";
import { todayVersion } from "@/server/today-version";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";

/**
 * Issue 18, finding 2: a step taken on another tablet, a prescriber's late-dose authorisation
 * or a hold reached an open Today only when someone reloaded it. Every open Today asks for
 * the site's version stamp every few seconds and reloads when it has changed: it must change
 * with every change Today shows, whoever made it, and not with changes elsewhere or reads.
 */

let db: TestDatabase;
const clinics = doseClinic(() => db);
const { run, at } = clinics;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db.close();
});

/** The late doses waiting in a prescriber's queue, with whose they are. */
const lateDoses = (queue: Awaited<ReturnType<typeof reviewQueue>>) =>
  queue.queue.flatMap((e) => e.reasons.filter((r) => r.kind === "LATE_DOSE").map((reason) => ({ participantId: e.participantId, reason })));

const version = (c: Clinic) => todayVersion(db.prisma, c.siteId);

/** The stamp before and after `change`: they must differ. */
async function expectNewVersion(c: Clinic, change: () => Promise<unknown>) {
  const before = await version(c);
  await change();
  expect(await version(c)).not.toBe(before);
}

describe("the live Today's version stamp", () => {
  let c: Clinic;
  let other: Clinic;
  beforeAll(async () => {
    c = await clinics.clinic();
    other = await clinics.clinic();
  });

  it("changes with every step of a dose, whichever tablet took it", async () => {
    const { participantId } = await clinics.participant(c);
    let id = "";
    await expectNewVersion(c, async () => (id = (await clinics.checkedIn(c, participantId, at("08:30"))).id));
    await expectNewVersion(c, () => run((tx) => recordPreDoseAssessment(tx, c.nurse, PreDoseAssessmentInput.parse({ doseSessionId: id, ...clinics.fit }), at("08:35"))));
    await expectNewVersion(c, () => clinics.draw(c, id, at("08:40")));
    await expectNewVersion(c, () => run((tx) => administerDose(tx, c.nurse, { doseSessionId: id, givenMg: 100, injectionSite: "left arm" }, at("08:42"))));
    await expectNewVersion(c, () => run((tx) => recordAdverseEvent(tx, c.nurse, AdverseEventInput.parse({ doseSessionId: id, kind: "OTHER", description: "Felt faint" }), at("08:50"))));
    await expectNewVersion(c, () => run((tx) => signOff(tx, c.nurse, { doseSessionId: id, earlyReason: "Left against advice" }, at("08:52"))));
  });

  it("changes with a prescriber's late-dose authorisation, a hold placed and cleared", async () => {
    const { participantId } = await clinics.participant(c);
    const id = await clinics.assessed(c, participantId, at("10:55"));
    await expectNewVersion(c, () => run((tx) => authoriseLateDose(tx, c.prescriber, { doseSessionId: id, reason: "Bus cancelled" }, at("11:10"))));
    let holdId = "";
    await expectNewVersion(c, async () => (holdId = (await run((tx) => placeHold(tx, c.prescriber, { participantId, kind: "HARD", reason: "Review after a fall" }))).id));
    await expectNewVersion(c, () => run((tx) => clearHold(tx, c.prescriber, { holdId, note: "Seen: fit to dose" }, at("11:20"))));
  });

  it("changes when past sessions are closed by no one (the catch-up or the scheduler)", async () => {
    // The evening before was worked on the system (a check-in), so it is no outage: the catch-up closes it.
    const { participantId, episodeId } = await clinics.participant(c);
    await db.prisma.doseSession.create({ data: { siteId: c.siteId, participantId, episodeId, sessionDate: localDateToDb("2026-03-09"), slot: "PM", stage: "CHECKED_IN" } });
    await expectNewVersion(c, () => run((tx) => catchUpClosures(tx, c.siteId, at("09:00"))));
  });

  it("does not change with another clinic's steps, nor with a record being read", async () => {
    const before = await version(c);
    const { participantId } = await clinics.participant(other);
    await clinics.assessed(other, participantId, at("09:30"));
    await run((tx) => audit(tx, c.nurse, { action: "participant.view", entity: "Participant", entityId: participantId, participantId, summary: { page: "profile" } }));
    expect(await version(c)).toBe(before);
  });
});

describe("each Today card says who took each step", () => {
  it("names the nurse, and the witness of a draw, oldest first, as a colleague's tablet shows it", async () => {
    const c = await clinics.clinic();
    const { participantId } = await clinics.participant(c);
    const card = async (now: Date) => (await todayBoard(db.prisma, c.siteId, now)).rows.find((r) => r.participantId === participantId)!;
    expect((await card(at("08:20"))).steps).toEqual([]);
    const id = await clinics.assessed(c, participantId, at("08:30"));
    expect((await card(at("08:31"))).steps.at(-1)).toMatchObject({ step: "ASSESSMENT", by: c.nurse.name, witness: null });
    await clinics.draw(c, id, at("08:40"));
    const witness = await db.prisma.user.findUniqueOrThrow({ where: { email: c.witnessEmail } });
    const steps = (await card(at("08:41"))).steps;
    expect(steps.map((s) => s.step)).toEqual(["CHECK_IN", "ASSESSMENT", "DRAW"]);
    expect(steps.at(-1)).toEqual({ step: "DRAW", by: c.nurse.name, witness: witness.name, at: at("08:40") });
  });
});

describe("the identity check on each Today card", () => {
  it("gives the date of birth with the age on the clinic's date, and the newest photo or none", async () => {
    const c = await clinics.clinic();
    const { participantId } = await clinics.participant(c);
    const card = async () => (await todayBoard(db.prisma, c.siteId, at("08:20"))).rows.find((r) => r.participantId === participantId)!;
    // The fixture's date of birth is 1 January 1980; the day is 10 March 2026.
    expect(await card()).toMatchObject({ dateOfBirth: "1980-01-01", age: 46, photoId: null });
    const photo = (byte: number) => db.prisma.participantPhoto.create({ data: { participantId, contentType: "image/jpeg", bytes: new Uint8Array([0xff, 0xd8, 0xff, byte]), takenById: c.prescriber.userId } });
    await photo(1);
    const newest = await photo(2);
    expect((await card()).photoId).toBe(newest.id);
  });
});

describe("the prescriber's review queue", () => {
  it("lists a late dose waiting for authorisation until it is authorised, and a new adverse event", async () => {
    const c = await clinics.clinic();
    const { participantId } = await clinics.participant(c);
    const id = await clinics.assessed(c, participantId, at("10:55"));
    expect(lateDoses(await reviewQueue(db.prisma, c.siteId, at("10:58")))).toEqual([]);
    const waiting = await reviewQueue(db.prisma, c.siteId, at("11:05"));
    expect(lateDoses(waiting)).toEqual([{ participantId, reason: { kind: "LATE_DOSE", session: { date: clinics.DAY, slot: "AM" }, until: at("15:00") } }]);
    await run((tx) => recordAdverseEvent(tx, c.nurse, AdverseEventInput.parse({ doseSessionId: id, kind: "SEIZURE", description: "Brief seizure in the waiting room" }), at("11:06")));
    await run((tx) => authoriseLateDose(tx, c.prescriber, { doseSessionId: id, reason: "Bus cancelled" }, at("11:10")));
    const after = await reviewQueue(db.prisma, c.siteId, at("11:11"));
    expect(lateDoses(after)).toEqual([]);
    expect(after.adverseEvents).toEqual([expect.objectContaining({ participantId, kind: "SEIZURE" })]);
  });
});
