import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { form, signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { updateSettingAction } from "@app/(staff)/admin/settings/actions";
import { prescribeAction } from "@app/(staff)/prescribing/actions";
import { prescribe } from "@/server/prescriptions";
import { PrescribeInput } from "@/server/prescriptions.input";
import { siteSettings } from "@/server/settings";
import { todayBoard } from "@/server/today-board";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic } from "../support/dose-clinic";
import { NO_REVIEW_DUE, licensePrescriber, makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

/**
 * Issue 15, finding 8: "Oral co-prescriptions are unchecked and invisible: methadone
 * 1000 mg/day and slow-release oral morphine 1000 mg/day on top of IV 450/450 were accepted
 * without a reason; nurses never see them." Replayed through the prescribing action.
 */

let db: TestDatabase;
let siteId: string;
let prescriber: Actor;
let admin: Actor;
let participantId: string;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  siteId = (await makeSite(db.prisma)).id;
  const p = await makeUser(db.prisma, siteId, "PRESCRIBER");
  const a = await makeUser(db.prisma, siteId, "ADMIN");
  prescriber = { userId: p.id, name: p.name, role: "PRESCRIBER", siteId };
  // A licensed prescriber who is also the clinic's clinical lead (oral limits are clinical settings).
  await licensePrescriber(db.prisma, p.id, siteId);
  await db.prisma.user.update({ where: { id: p.id }, data: { clinicalLead: true } });
  admin = { userId: a.id, name: a.name, role: "ADMIN", siteId };
});
afterAll(() => db?.close());

/** A participant on IV 450/450 (the daily maximum), no oral co-prescription: where the finding started. */
beforeEach(async () => {
  const { participant, episode } = await makeEnrolledParticipant(db.prisma, siteId, prescriber.userId);
  participantId = participant.id;
  await db.prisma.prescription.create({
    data: { participantId, episodeId: episode.id, version: 1, amDoseMg: 450, pmDoseMg: 450, startsAt: new Date("2026-01-05T07:00:00Z"), reason: "Stable", prescriberId: prescriber.userId, reviewBy: NO_REVIEW_DUE },
  });
  signedInAs.actor = prescriber;
});

const write = (fields: Record<string, string | number>) => prescribeAction(null, form({ participantId, amDoseMg: 450, pmDoseMg: 450, reason: "Overnight cover", ...fields }));
const versions = () => db.prisma.prescription.findMany({ where: { participantId }, orderBy: { version: "asc" } });
const lastAudit = () => db.prisma.auditEvent.findFirstOrThrow({ where: { action: "prescription.create", participantId }, orderBy: { id: "desc" } });

describe("oral co-prescriptions on IV 450/450 (issue 15, finding 8)", () => {
  it("refuses methadone 1000 mg a day, with or without a reason, naming the limit", async () => {
    const without = await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 1000 });
    expect(without).toMatchObject({ ok: false, code: "rule", fieldErrors: { oralDoseMgPerDay: expect.any(String) } });
    expect(without.ok ? "" : without.error).toBe("Methadone 1000 mg a day is above the maximum of 200 mg a day. This limit cannot be exceeded.");

    const withReason = await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 1000, overrideReason: "Very high tolerance" });
    expect(withReason).toMatchObject({ ok: false, code: "rule" });
    expect(withReason.ok ? "" : withReason.error).toMatch(/maximum of 200 mg a day/);
    expect(await versions()).toHaveLength(1);
  });

  it("refuses slow-release oral morphine 1000 mg a day without a reason, and accepts it with one, audited", async () => {
    const without = await write({ oralDrug: "SLOW_RELEASE_ORAL_MORPHINE", oralDoseMgPerDay: 1000 });
    expect(without).toMatchObject({ ok: false, code: "rule", fieldErrors: { oralDoseMgPerDay: expect.any(String), overrideReason: expect.any(String) } });
    expect(without.ok ? "" : without.error).toMatch(/^Slow-release oral morphine 1000 mg a day is above the usual maximum of 800 mg a day; .*To go ahead, record the clinical reason\.$/);
    expect(await versions()).toHaveLength(1);

    const reason = "Transferred from a Swiss programme on SROM 1000 mg a day; confirmed with the previous prescriber";
    expect(await write({ oralDrug: "SLOW_RELEASE_ORAL_MORPHINE", oralDoseMgPerDay: 1000, overrideReason: reason })).toMatchObject({ ok: true, data: { version: 2 } });
    const v2 = (await versions())[1]!;
    expect(v2).toMatchObject({ oralDrug: "SLOW_RELEASE_ORAL_MORPHINE", oralDoseMgPerDay: 1000, overrideReason: reason });
    expect(await lastAudit()).toMatchObject({
      entityId: v2.id,
      reason,
      summary: {
        softLimitsExceeded: ["oralUsualDaily", "oralRise"],
        oral: { before: null, after: { drug: "SLOW_RELEASE_ORAL_MORPHINE", mgPerDay: 1000 } },
      },
    });
  });

  it("accepts methadone up to the maximum only with a reason, and refuses one mg more whatever the reason", async () => {
    expect(await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 200 })).toMatchObject({ ok: false, code: "rule", fieldErrors: { overrideReason: expect.any(String) } });
    expect(await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 201, overrideReason: "High tolerance" })).toMatchObject({ ok: false, code: "rule" });
    expect(await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 200, overrideReason: "High tolerance; specialist review" })).toMatchObject({ ok: true, data: { version: 2 } });
  });

  it("refuses SROM one mg over the maximum whatever the reason", async () => {
    const result = await write({ oralDrug: "SLOW_RELEASE_ORAL_MORPHINE", oralDoseMgPerDay: 1201, overrideReason: "High tolerance" });
    expect(result.ok ? "" : result.error).toMatch(/above the maximum of 1200 mg a day/);
    expect(await versions()).toHaveLength(1);
  });
});

describe("a rise in the oral dose", () => {
  it("needs a reason for any rise over the version in force, none to keep or lower it", async () => {
    expect(await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 60, overrideReason: "Overnight withdrawal" })).toMatchObject({ ok: true, data: { version: 2 } });

    const rise = await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 70 });
    expect(rise).toMatchObject({ ok: false, code: "rule", fieldErrors: { overrideReason: expect.any(String), oralDoseMgPerDay: "Methadone 70 mg a day is a rise from 60 mg a day." } });
    expect(await versions()).toHaveLength(2);

    expect(await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 60 })).toMatchObject({ ok: true, data: { version: 3 } });
    expect(await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 50 })).toMatchObject({ ok: true, data: { version: 4 } });
    expect((await versions())[3]).toMatchObject({ oralDoseMgPerDay: 50, overrideReason: null });
    expect(await lastAudit()).toMatchObject({ reason: null, summary: { softLimitsExceeded: [], oral: { before: { drug: "METHADONE", mgPerDay: 60 }, after: { drug: "METHADONE", mgPerDay: 50 } } } });

    expect(await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 70, overrideReason: "Still waking in withdrawal" })).toMatchObject({ ok: true, data: { version: 5 } });
    expect(await lastAudit()).toMatchObject({ reason: "Still waking in withdrawal", summary: { softLimitsExceeded: ["oralRise"] } });
  });
});

describe("oral limits are clinic settings", () => {
  it("are changed by the clinical lead with a reason, never by an administrator alone nor with the usual maximum above the maximum, and then applied", async () => {
    signedInAs.actor = admin;
    const byAdmin = await updateSettingAction(
      null,
      form({
        key: "oralLimits",
        reason: "r",
        "value.METHADONE.softDailyMg": "100",
        "value.METHADONE.hardDailyMg": "150",
        "value.SLOW_RELEASE_ORAL_MORPHINE.softDailyMg": "800",
        "value.SLOW_RELEASE_ORAL_MORPHINE.hardDailyMg": "1200",
      }),
    );
    expect(byAdmin).toMatchObject({ ok: false, code: "rule", error: expect.stringMatching(/clinical lead/) });
    signedInAs.actor = prescriber;
    const bad = await updateSettingAction(
      null,
      form({
        key: "oralLimits",
        reason: "r",
        "value.METHADONE.softDailyMg": "150",
        "value.METHADONE.hardDailyMg": "100",
        "value.SLOW_RELEASE_ORAL_MORPHINE.softDailyMg": "800",
        "value.SLOW_RELEASE_ORAL_MORPHINE.hardDailyMg": "1200",
      }),
    );
    expect(bad).toMatchObject({ ok: false, code: "rule" });
    expect(bad.ok ? "" : bad.error).toMatch(/usual maximum.*must not be above/i);
    expect((await siteSettings(db.prisma, siteId)).oralLimits.METHADONE).toEqual({ softDailyMg: 120, hardDailyMg: 200 });

    const good = await updateSettingAction(
      null,
      form({
        key: "oralLimits",
        reason: "Specialist review above 100 mg (Orange Book 2017)",
        "value.METHADONE.softDailyMg": "100",
        "value.METHADONE.hardDailyMg": "150",
        "value.SLOW_RELEASE_ORAL_MORPHINE.softDailyMg": "800",
        "value.SLOW_RELEASE_ORAL_MORPHINE.hardDailyMg": "1200",
      }),
    );
    expect(good).toMatchObject({ ok: true });

    signedInAs.actor = prescriber;
    const result = await write({ oralDrug: "METHADONE", oralDoseMgPerDay: 151, overrideReason: "High tolerance" });
    expect(result.ok ? "" : result.error).toMatch(/above the maximum of 150 mg a day/);
  });
});

describe("the Today card", () => {
  const { DAY, at, clinic, participant } = doseClinic(() => db);

  it("carries the oral co-prescription in force, drug and mg a day, and none for someone without one", async () => {
    const c = await clinic();
    const withOral = await participant(c);
    const without = await participant(c);
    await db.prisma.$transaction((tx) =>
      prescribe(
        tx,
        c.prescriber,
        PrescribeInput.parse({ participantId: withOral.participantId, amDoseMg: 100, pmDoseMg: 120, oralDrug: "METHADONE", oralDoseMgPerDay: 60, reason: "Overnight cover", overrideReason: "Waking in withdrawal" }),
        at("07:00"),
      ),
    );

    const board = await todayBoard(db.prisma, c.siteId, at("09:10"));
    expect(board.session).toEqual({ date: DAY, slot: "AM" });
    const row = (id: string) => board.rows.find((r) => r.participantId === id);
    expect(row(withOral.participantId)).toMatchObject({ prescribedMg: 100, oral: { drug: "METHADONE", mgPerDay: 60 } });
    expect(row(without.participantId)).toMatchObject({ prescribedMg: 100, oral: null });
  });
});
