import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLocalDays, localDateToDb } from "@/domain/clinic-time";
import { endBreak } from "@/server/participants";
import { clearHold, prescribe } from "@/server/prescriptions";
import { PrescribeInput } from "@/server/prescriptions.input";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";

/**
 * Issue 15, findings 1 and 3: a restart after lost tolerance cannot be walked around. A
 * missed-dose hold was cleared with a note alone, or by a "review" at the full pre-gap dose;
 * a return from 10 days on custodial remand had no hold at all.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db?.close());

const { run, DAY, at, clinic, participant, assessed, draw, refusedAndUnchanged } = doseClinic(() => db);

/** Dosed 150/150 until three days before DAY, then nothing: the engine's hard hold stands. */
async function missedThreeDays(c: Clinic) {
  const p = await participant(c, { amMg: 150, pmMg: 150 });
  const lastDay = addLocalDays(DAY, -4);
  for (const slot of ["AM", "PM"] as const) {
    await db.prisma.doseSession.create({
      data: { siteId: c.siteId, participantId: p.participantId, episodeId: p.episodeId, sessionDate: localDateToDb(lastDay), slot, stage: "SIGNED_OFF", outcome: "DOSED", givenMg: 150, administeredAt: at(slot === "AM" ? "09:00" : "16:00", lastDay) },
    });
  }
  const hold = await db.prisma.hold.create({
    data: { participantId: p.participantId, episodeId: p.episodeId, kind: "HARD", source: "MISSED_DOSES", reason: "No dose for 3 consecutive days: prescriber review before the next dose." },
  });
  return { ...p, holdId: hold.id };
}

const restart = (c: Clinic, participantId: string, holdId: string, mg: number, overrideReason?: string) =>
  run((tx) => prescribe(tx, c.prescriber, PrescribeInput.parse({ participantId, amDoseMg: String(mg), pmDoseMg: String(mg), reason: "Restart after missed days", clearHoldId: holdId, overrideReason }), at("09:00")));

describe("restarting after lost tolerance", () => {
  it("refuses to clear a missed-dose hold with a note alone", async () => {
    const c = await clinic();
    const { holdId } = await missedThreeDays(c);
    await expect(run((tx) => clearHold(tx, c.prescriber, { holdId, note: "Seen, fine" }))).rejects.toMatchObject({ code: "hold.needsPrescription" });
    expect(await db.prisma.holdClearance.count({ where: { holdId } })).toBe(0);
  });

  it("refuses a restart at the pre-gap dose without a reason, and takes a reduced one", async () => {
    const c = await clinic();
    const { participantId, holdId } = await missedThreeDays(c);
    await expect(restart(c, participantId, holdId, 150)).rejects.toMatchObject({
      code: "prescription.reasonRequired",
      message: expect.stringContaining("restarts at or above the 150 mg given before the gap"),
    });
    expect(await db.prisma.prescription.count({ where: { participantId } })).toBe(1);

    await restart(c, participantId, holdId, 75);
    expect(await db.prisma.holdClearance.count({ where: { holdId } })).toBe(1);
    const id = await assessed(c, participantId, at("09:10"));
    await refusedAndUnchanged(id, () => draw(c, id, at("09:15"), { doseMg: "150" }), "dose.notAsPrescribed");
    await draw(c, id, at("09:15"), { doseMg: "75" });
  });

  it("takes a full-dose restart only with the prescriber's reason", async () => {
    const c = await clinic();
    const { participantId, holdId } = await missedThreeDays(c);
    await restart(c, participantId, holdId, 150, "Used street heroin daily while away: tolerance kept");
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "prescription.create", participantId } });
    expect(audit.summary).toMatchObject({ softLimitsExceeded: ["restart", "restart"] });
  });
});

describe("returning from a break", () => {
  async function onBreak(c: Clinic, reason: "CUSTODY_REMAND" | "HOSPITAL" | "OTHER", days: number) {
    const p = await participant(c);
    await db.prisma.break.create({ data: { episodeId: p.episodeId, participantId: p.participantId, reason, startedOn: localDateToDb(addLocalDays(DAY, -days)), startedById: c.prescriber.userId } });
    await run((tx) => endBreak(tx, c.prescriber, { participantId: p.participantId, endedOn: DAY }));
    return p;
  }

  it("puts a hard hold on the next dose after 10 days on custodial remand, cleared only by a restart prescription", async () => {
    const c = await clinic();
    const { participantId } = await onBreak(c, "CUSTODY_REMAND", 10);
    const [hold] = await db.prisma.hold.findMany({ where: { participantId }, include: { clearance: true } });
    expect(hold).toMatchObject({ kind: "HARD", source: "BREAK_RETURN", clearance: null });
    expect(hold!.reason).toContain("Back from a 10-day break (custody on remand)");
    const id = await assessed(c, participantId, at("09:00"));
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05")), "dose.hardHold");
    await expect(run((tx) => clearHold(tx, c.prescriber, { holdId: hold!.id, note: "Back" }))).rejects.toMatchObject({ code: "hold.needsPrescription" });
  });

  it.each([
    ["a night in hospital", "HOSPITAL", 1, 1],
    ["three days away for another reason", "OTHER", 3, 1],
    ["two days away for another reason", "OTHER", 2, 0],
  ] as const)("after %s, places %i hold(s)", async (_, reason, days, holds) => {
    const c = await clinic();
    const { participantId } = await onBreak(c, reason, days);
    expect(await db.prisma.hold.count({ where: { participantId, source: "BREAK_RETURN" } })).toBe(holds);
  });
});
