import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/auth/actor";
import { actingAs, form, signedInAs, useTestDatabase } from "../support/actions";
import { updateSettingAction } from "@app/(staff)/admin/settings/actions";
import { DEFAULT_SETTINGS, isClinicalSetting, type SettingKey } from "@/domain/settings";
import { siteSettings } from "@/server/settings";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let siteId: string;
/** A prescriber named clinical lead: clinical settings are theirs to change (clinical-settings.test.ts). */
let lead: Actor;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  siteId = (await makeSite(db.prisma)).id;
  const admin = await makeUser(db.prisma, siteId, "ADMIN");
  signedInAs.actor = { userId: admin.id, name: admin.name, role: "ADMIN", siteId };
  const prescriber = await db.prisma.user.update({ where: { id: (await makeUser(db.prisma, siteId, "PRESCRIBER")).id }, data: { clinicalLead: true } });
  lead = { userId: prescriber.id, name: prescriber.name, role: "PRESCRIBER", siteId };
});

/** Saves as whoever may: the administrator for operational settings, the clinical lead for clinical ones. */
const save = (fields: Record<string, string>) => {
  const call = () => updateSettingAction(null, form(fields));
  return isClinicalSetting(fields.key as SettingKey) ? actingAs(lead, call) : call();
};
afterAll(() => db?.close());

describe("clinic settings", () => {
  it("uses the DOMAIN.md defaults until a setting is changed", async () => {
    expect(await siteSettings(db.prisma, siteId)).toEqual(DEFAULT_SETTINGS);
  });

  it("changes a setting and audits who, the old and new value, and why", async () => {
    const result = await updateSettingAction(null, form({ key: "capacity", value: "12", reason: "Two rooms closed for refurbishment" }));
    expect(result).toMatchObject({ ok: true });
    expect((await siteSettings(db.prisma, siteId)).capacity).toBe(12);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "setting.update" } });
    expect(event).toMatchObject({ reason: "Two rooms closed for refurbishment", summary: { key: "capacity", before: 15, after: 12 } });
  });

  it("saves nested settings from their fields", async () => {
    const fields = { key: "sessionWindows", reason: "Later PM on weekdays", "value.AM.opens": "08:00", "value.AM.closes": "11:00", "value.PM.opens": "15:30", "value.PM.closes": "18:30" };
    expect(await updateSettingAction(null, form(fields))).toMatchObject({ ok: true });
    expect((await siteSettings(db.prisma, siteId)).sessionWindows.PM).toEqual({ opens: "15:30", closes: "18:30" });
  });

  it.each([
    [{ key: "capacity", value: "0", reason: "r" }, "At least 1 place."],
    [{ key: "sessionWindows", reason: "r", "value.AM.opens": "12:00", "value.AM.closes": "11:00", "value.PM.opens": "15:00", "value.PM.closes": "18:00" }, /in order/],
    [{ key: "doseLimits", reason: "r", "value.maxSingleMg": "500", "value.maxDailyMg": "450", "value.maxIncreasePercent": "50", "value.inductionFirstDoseMg": "15", "value.inductionLaterDoseMg": "30" }, /single/i],
  ])("refuses an impossible value and changes nothing (%#)", async (fields, message) => {
    const before = await siteSettings(db.prisma, siteId);
    const result = await save(fields);
    expect(result).toMatchObject({ ok: false, code: "rule" });
    expect(result.ok ? "" : result.error).toMatch(message);
    expect(await siteSettings(db.prisma, siteId)).toEqual(before);
  });

  it("counts controlled-drug stock weekly until an administrator sets another interval, from 1 to 28 days", async () => {
    expect((await siteSettings(db.prisma, siteId)).stockCheckIntervalDays).toBe(7);
    for (const value of ["0", "29", "3.5"]) {
      expect(await updateSettingAction(null, form({ key: "stockCheckIntervalDays", value, reason: "SOP review" }))).toMatchObject({ ok: false, code: "rule" });
    }
    expect(await actingAs(lead, () => updateSettingAction(null, form({ key: "stockCheckIntervalDays", value: "14", reason: "SOP review" })))).toMatchObject({ ok: false, code: "rule", error: expect.stringContaining("an administrator makes this change") });
    expect(await updateSettingAction(null, form({ key: "stockCheckIntervalDays", value: "14", reason: "SOP review: fortnightly counts" }))).toMatchObject({ ok: true });
    expect((await siteSettings(db.prisma, siteId)).stockCheckIntervalDays).toBe(14);
    expect(await updateSettingAction(null, form({ key: "stockCheckIntervalDays", value: "7", reason: "Back to weekly" }))).toMatchObject({ ok: true });
  });

  it("refuses an unknown setting and a change without a reason", async () => {
    expect(await updateSettingAction(null, form({ key: "isAdmin", value: "true", reason: "r" }))).toMatchObject({ ok: false, code: "invalid" });
    expect(await updateSettingAction(null, form({ key: "capacity", value: "10" }))).toMatchObject({ ok: false, code: "invalid", fieldErrors: { reason: expect.any(String) } });
  });

  it("ignores field names that try to reach an object's prototype", async () => {
    const fields = { key: "assessmentPolicy", reason: "r", "value.maxSedationScore": "1", "value.breathAlcoholWithholdMgPerL": "0.2", "value.minSpo2": "94" };
    const result = await save({ ...fields, "value.__proto__.polluted": "yes", "value.constructor.prototype.polluted": "yes" });
    expect(result).toMatchObject({ ok: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
