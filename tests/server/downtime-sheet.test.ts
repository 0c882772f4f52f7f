import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/actions";
import { clinicInstant, localDateToDb } from "@/domain/clinic-time";
import { NO_REVIEW_DUE } from "../support/fixtures";
import { recordParticipantsViewed } from "@/server/access-audit";
import { administerDose } from "@/server/dose-sessions";
import { downtimeSheet, type DowntimeSheet } from "@/server/downtime-sheet";
import { todayBoard } from "@/server/today-board";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";

/**
 * Issue 19: nothing supported the paper fallback when the system or the network was down.
 * The downtime sheet lists, for the session being worked and the next, everyone the Today
 * board expects, with the dose in force, holds, the last dose given and the earliest next.
 */

let db: TestDatabase;
const clinics = doseClinic(() => db);
const { run, at, DAY } = clinics;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
});
afterAll(async () => {
  await db.close();
});

const names = (sheet: DowntimeSheet) => sheet.groups.flatMap((g) => g.rows.map((r) => r.name));
const row = (sheet: DowntimeSheet, participantId: string) => sheet.groups.flatMap((g) => g.rows).find((r) => r.participantId === participantId);

describe("the downtime sheet", () => {
  let c: Clinic;
  const people: Record<"dosed" | "hard" | "soft" | "onBreak" | "noPm" | "raised", string> = { dosed: "", hard: "", soft: "", onBreak: "", noPm: "", raised: "" };

  beforeAll(async () => {
    c = await clinics.clinic();
    await clinics.closedFortnight(c);
    for (const key of Object.keys(people) as (keyof typeof people)[]) {
      const { participantId, episodeId } = await clinics.participant(c, { amMg: 100, pmMg: key === "noPm" ? 0 : 120 });
      people[key] = participantId;
      if (key === "hard" || key === "soft") {
        await db.prisma.hold.create({ data: { participantId, episodeId, kind: key === "hard" ? "HARD" : "SOFT", source: "MANUAL", reason: `${key} hold: review the dose`, placedById: c.prescriber.userId } });
      }
      if (key === "onBreak") {
        await db.prisma.break.create({ data: { participantId, episodeId, reason: "HOSPITAL", startedOn: localDateToDb("2026-03-01"), startedById: c.nurse.userId } });
      }
      if (key === "raised") {
        // A change written for the PM session: in force from its check-in, not before.
        await db.prisma.prescription.create({
          data: { participantId, episodeId, version: 2, amDoseMg: 100, pmDoseMg: 150, route: "IM", startsAt: at("14:00"), reason: "Increase", prescriberId: c.prescriber.userId, reviewBy: NO_REVIEW_DUE },
        });
      }
    }
    // The AM dose given at 08:42: the PM sheet shows it, and the next dose not before 11:42 (3 hours).
    const id = await clinics.assessed(c, people.dosed, at("08:30"));
    await clinics.draw(c, id, at("08:40"));
    await run((tx) => administerDose(tx, c.nurse, { doseSessionId: id, givenMg: 90, injectionSite: "left arm", partReason: "Part injected: vein lost" }, at("08:42")));
  });

  it("for the next session lists everyone the Today board expects there, holds first, with the dose in force then", async () => {
    const now = at("09:00");
    const sheet = await run((tx) => downtimeSheet(tx, c.siteId, { date: DAY, slot: "PM" }, now));
    const board = await run((tx) => todayBoard(tx, c.siteId, now, { date: DAY, slot: "PM" }));
    expect(new Set(names(sheet))).toEqual(new Set(board.rows.map((r) => r.name)));
    expect(sheet.expected).toBe(4);
    expect(row(sheet, people.onBreak)).toBeUndefined();
    expect(row(sheet, people.noPm)).toBeUndefined();

    expect(sheet.groups.map((g) => [g.group, g.rows.map((r) => r.participantId)])).toEqual([
      ["HARD_HOLD", [people.hard]],
      ["SOFT_HOLD", [people.soft]],
      ["NO_HOLD", expect.arrayContaining([people.dosed, people.raised])],
    ]);
    expect(row(sheet, people.hard)!.holds).toEqual([{ kind: "HARD", reason: "hard hold: review the dose" }]);
    expect(row(sheet, people.raised)).toMatchObject({ doseMg: 150, route: "IM", lastDose: null, earliestNextDose: null, dateOfBirth: "1980-01-01" });
    expect(row(sheet, people.dosed)).toMatchObject({ doseMg: 120, lastDose: { at: at("08:42"), mg: 90 }, earliestNextDose: at("11:42"), status: "WAITING" });
    expect(sheet).toMatchObject({ session: { date: DAY, slot: "PM" }, window: { opensAt: at("15:00"), closesAt: at("18:00") }, minHoursBetweenDoses: 3 });
    expect(sheet.site.code).toBeTruthy();
  });

  it("for the session being worked shows its own doses in force and where each person is", async () => {
    const sheet = await run((tx) => downtimeSheet(tx, c.siteId, { date: DAY, slot: "AM" }, at("09:00")));
    expect(row(sheet, people.raised)).toMatchObject({ doseMg: 100 });
    expect(row(sheet, people.noPm)).toMatchObject({ doseMg: 100 });
    expect(row(sheet, people.dosed)).toMatchObject({ status: "OBSERVING", lastDose: { at: at("08:42"), mg: 90 } });
  });

  it("counts spacing from a dose drawn and not yet given", async () => {
    const id = await clinics.assessed(c, people.raised, at("09:10"));
    await clinics.draw(c, id, at("09:15"));
    const sheet = await run((tx) => downtimeSheet(tx, c.siteId, { date: DAY, slot: "PM" }, at("09:20")));
    expect(row(sheet, people.raised)).toMatchObject({ lastDose: null, earliestNextDose: at("12:15") });
  });

  it("is printed only for the session being worked or the next one, and says so", async () => {
    for (const session of [
      { date: "2026-03-09", slot: "PM" },
      { date: "2026-03-11", slot: "AM" },
    ] as const) {
      await expect(run((tx) => downtimeSheet(tx, c.siteId, session, at("09:00")))).rejects.toMatchObject({
        code: "downtime.session",
        message: expect.stringMatching(/^A downtime sheet is printed for the session being worked \(AM, .*\) or the next one \(PM, .*\)/),
      });
    }
  });

  it("is in the audit trail as a view of each participant's record on it", async () => {
    const sheet = await run((tx) => downtimeSheet(tx, c.siteId, { date: DAY, slot: "PM" }, at("09:00")));
    const ids = sheet.groups.flatMap((g) => g.rows.map((r) => r.participantId));
    await recordParticipantsViewed(c.nurse, "downtime-sheet", ids, { sessionDate: DAY, slot: "PM" });
    const views = await db.prisma.auditEvent.findMany({ where: { action: "participant.view", actorId: c.nurse.userId }, select: { participantId: true, siteId: true, actorRole: true, summary: true } });
    expect(views.map((v) => v.participantId).sort()).toEqual([...ids].sort());
    expect(views[0]).toMatchObject({ siteId: c.siteId, actorRole: "NURSE", summary: { page: "downtime-sheet", sessionDate: DAY, slot: "PM" } });
  });

  it("works out the clinic's own hours: a window set in the settings", async () => {
    const other = await clinics.clinic({ sessionWindows: { AM: { opens: "07:30", closes: "10:00" }, PM: { opens: "16:00", closes: "19:00" } } });
    const sheet = await run((tx) => downtimeSheet(tx, other.siteId, { date: DAY, slot: "PM" }, at("09:00")));
    expect(sheet.window).toEqual({ opensAt: clinicInstant(DAY, "16:00"), closesAt: clinicInstant(DAY, "19:00") });
    expect(sheet.groups).toEqual([]);
  });
});
