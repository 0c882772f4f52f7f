import { afterAll, beforeAll, describe, expect, it } from "vitest";
// First: it mocks the session for the actions imported after it.
import { actingAs, form, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { changeRoleAction, setClinicalLeadAction } from "@app/(staff)/admin/actions";
import { updateSettingAction } from "@app/(staff)/admin/settings/actions";
import { DEFAULT_SETTINGS } from "@/domain/settings";
import { reviewQueue } from "@/server/review-queue";
import { siteSettings } from "@/server/settings";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { NO_REVIEW_DUE, makeUser } from "../support/fixtures";

/**
 * Issue 15, finding 9, as reproduced on main: an administrator (a non-clinical role) could
 * switch the rails off (2000 mg single, 4000 mg daily, rises of 1000 %, no observation, no
 * spacing, dosing at sedation 4 and SpO₂ 0 %, a hold only after 14 days), and lowering the
 * hard maximum left higher prescriptions in force (400 mg drawn under a 300 mg limit).
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
});
afterAll(() => db?.close());

const { at, clinic, participant, assessed, draw, refusedAndUnchanged } = doseClinic(() => db);

/** A clinic with an administrator and a prescriber flagged as clinical lead. */
async function clinicWithLeads(settings: Record<string, unknown> = {}) {
  const c = await clinic(settings);
  const admin = await makeUser(db.prisma, c.siteId, "ADMIN");
  const lead = await makeUser(db.prisma, c.siteId, "PRESCRIBER");
  await db.prisma.user.update({ where: { id: lead.id }, data: { clinicalLead: true } });
  const asActor = (u: { id: string; name: string; role: Actor["role"] }): Actor => ({ userId: u.id, name: u.name, role: u.role, siteId: c.siteId });
  return { ...c, admin: asActor(admin), lead: asActor(lead) };
}

const save = (actor: Actor, key: string, value: Record<string, string | number> | string | number, reason = "Clinical governance meeting") => {
  const fields: Record<string, string | number> = { key, reason };
  if (typeof value === "object") for (const [path, v] of Object.entries(value)) fields[`value.${path}`] = v;
  else fields.value = value;
  return actingAs(actor, () => updateSettingAction(null, form(fields)));
};

const limits = (overrides: Record<string, number> = {}) => ({ ...DEFAULT_SETTINGS.doseLimits, ...overrides });
const policy = (overrides: Record<string, number> = {}) => ({ ...DEFAULT_SETTINGS.assessmentPolicy, ...overrides });
const missed = (days: number) => ({ consecutiveDaysWithoutDoseForHardHold: days, holdOnAnyMissDuringInduction: "true" });

describe("finding 9: the rails cannot be switched off", () => {
  it.each([
    ["a 2000 mg single maximum", "doseLimits", limits({ maxSingleMg: 2000, maxDailyMg: 4000 }), /At most 500 mg/],
    ["a 4000 mg daily maximum", "doseLimits", limits({ maxDailyMg: 4000 }), /At most 1000 mg/],
    ["rises of 1000 %", "doseLimits", limits({ maxIncreasePercent: 1000 }), /At most 100 %/],
    ["no observation", "observationMinutes", 0, /At least 15 minutes/],
    ["no spacing between doses", "minHoursBetweenDoses", 0, /At least 2 hours/],
    ["dosing at sedation score 4", "assessmentPolicy", policy({ maxSedationScore: 4 }), /At most 2/],
    ["dosing at SpO₂ 0 %", "assessmentPolicy", policy({ minSpo2: 0 }), /At least 85 %/],
    ["a hard hold only after 14 days", "missedDosePolicy", missed(14), /At most 5 days/],
  ])("refuses %s, even from a clinical lead, and changes nothing", async (_what, key, value, message) => {
    const c = await clinicWithLeads();
    const before = await siteSettings(db.prisma, c.siteId);
    const result = await save(c.lead, key, value);
    expect(result).toMatchObject({ ok: false, code: "rule" });
    expect(result.ok ? "" : result.error).toMatch(message);
    expect(await siteSettings(db.prisma, c.siteId)).toEqual(before);
  });

  it("ignores a stored value outside the bounds (written before they existed) and uses the default", async () => {
    const c = await clinicWithLeads({ observationMinutes: 0, minHoursBetweenDoses: 0, doseLimits: limits({ maxSingleMg: 2000, maxDailyMg: 4000 }) });
    const settings = await siteSettings(db.prisma, c.siteId);
    expect(settings.observationMinutes).toBe(DEFAULT_SETTINGS.observationMinutes);
    expect(settings.minHoursBetweenDoses).toBe(DEFAULT_SETTINGS.minHoursBetweenDoses);
    expect(settings.doseLimits).toEqual(DEFAULT_SETTINGS.doseLimits);
  });

  it("accepts a change at the bound from a clinical lead, and audits it", async () => {
    const c = await clinicWithLeads();
    expect(await save(c.lead, "observationMinutes", 15)).toMatchObject({ ok: true });
    expect(await save(c.lead, "doseLimits", limits({ maxSingleMg: 500, maxDailyMg: 1000, maxIncreasePercent: 100 }))).toMatchObject({ ok: true });
    const settings = await siteSettings(db.prisma, c.siteId);
    expect(settings.observationMinutes).toBe(15);
    expect(settings.doseLimits).toMatchObject({ maxSingleMg: 500, maxDailyMg: 1000, maxIncreasePercent: 100 });
    const events = await db.prisma.auditEvent.findMany({ where: { action: "setting.update", actorId: c.lead.userId } });
    expect(events).toHaveLength(2);
  });
});

describe("finding 9: clinical settings are changed by a clinical lead", () => {
  it.each(["doseLimits", "assessmentPolicy", "minHoursBetweenDoses", "observationMinutes", "missedDosePolicy", "doseTiming", "eligibility", "prescriptionReview", "titrationDays"])(
    "refuses %s from an administrator: a clinical lead must make the change",
    async (key) => {
      const c = await clinicWithLeads();
      const before = await siteSettings(db.prisma, c.siteId);
      const value = DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS];
      const flat = typeof value === "object" ? Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (typeof v === "object" ? Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, String(v2)]) : [[k, String(v)]]))) : value;
      const result = await save(c.admin, key, flat as Record<string, string>);
      expect(result).toMatchObject({ ok: false, code: "rule" });
      expect(result.ok ? "" : result.error).toMatch(/clinical lead/);
      expect(await siteSettings(db.prisma, c.siteId)).toEqual(before);
      expect(await db.prisma.auditEvent.count({ where: { action: "setting.update", actorId: c.admin.userId } })).toBe(0);
    },
  );

  it("refuses a clinical setting from a prescriber who is not a clinical lead", async () => {
    const c = await clinicWithLeads();
    const result = await save(c.prescriber, "observationMinutes", 30);
    expect(result).toMatchObject({ ok: false, code: "rule" });
    expect(result.ok ? "" : result.error).toMatch(/clinical lead/);
    expect((await siteSettings(db.prisma, c.siteId)).observationMinutes).toBe(20);
  });

  it("leaves operational settings to the administrator, not the clinical lead", async () => {
    const c = await clinicWithLeads();
    expect(await save(c.admin, "capacity", 12)).toMatchObject({ ok: true });
    expect(await save(c.admin, "sessionWindows", { "AM.opens": "08:00", "AM.closes": "11:00", "PM.opens": "15:30", "PM.closes": "18:30" })).toMatchObject({ ok: true });
    const result = await save(c.lead, "capacity", 10);
    expect(result).toMatchObject({ ok: false, code: "rule" });
    expect(result.ok ? "" : result.error).toMatch(/administrator/);
    expect((await siteSettings(db.prisma, c.siteId)).capacity).toBe(12);
  });

  it("lets an administrator flag a prescriber as clinical lead (audited), and only a prescriber", async () => {
    const c = await clinicWithLeads();
    const prescriber = c.prescriber.userId;
    expect(await actingAs(c.admin, () => setClinicalLeadAction(null, form({ userId: prescriber, clinicalLead: "true" })))).toMatchObject({ ok: true });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: prescriber } })).toMatchObject({ clinicalLead: true });
    expect(await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.setClinicalLead", entityId: prescriber } })).toMatchObject({
      actorId: c.admin.userId,
      summary: { before: false, after: true },
    });
    expect(await save(c.prescriber, "observationMinutes", 30)).toMatchObject({ ok: true });

    const refused = await actingAs(c.admin, () => setClinicalLeadAction(null, form({ userId: c.nurse.userId, clinicalLead: "true" })));
    expect(refused).toMatchObject({ ok: false, code: "rule" });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: c.nurse.userId } })).toMatchObject({ clinicalLead: false });
  });
});

describe("clinical lead: a prescriber's designation", () => {
  it("ends when they stop being a prescriber, and the audit trail says so", async () => {
    const c = await clinicWithLeads();
    expect(await actingAs(c.admin, () => changeRoleAction(null, form({ userId: c.lead.userId, role: "NURSE", siteId: c.siteId })))).toMatchObject({ ok: true });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: c.lead.userId } })).toMatchObject({ role: "NURSE", clinicalLead: false });
    expect(await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.changeRole", entityId: c.lead.userId } })).toMatchObject({
      summary: { before: { role: "PRESCRIBER", clinicalLead: true }, after: { role: "NURSE", clinicalLead: false } },
    });
  });
});

describe("finding 9: lowering a hard limit holds the prescriptions above it", () => {
  async function lowered(c: Clinic & { lead: Actor }, overrides: Record<string, number>) {
    const result = await save(c.lead, "doseLimits", limits(overrides), "Local deaths review: lower ceiling");
    expect(result).toMatchObject({ ok: true });
  }

  it("puts a soft hold naming the new limit on each prescription in force above it, audited, and lists them for review", async () => {
    const c = await clinicWithLeads();
    const single = await participant(c, { amMg: 400, pmMg: 100 });
    const daily = await participant(c, { amMg: 250, pmMg: 260 });
    const within = await participant(c, { amMg: 300, pmMg: 200 });
    await lowered(c, { maxSingleMg: 300, maxDailyMg: 500 });

    const holds = await db.prisma.hold.findMany({ where: { episode: { siteId: c.siteId } } });
    expect(holds).toHaveLength(2);
    expect(holds.find((h) => h.participantId === single.participantId)).toMatchObject({ kind: "SOFT", source: "LIMIT_LOWERED", reason: expect.stringContaining("300 mg") });
    expect(holds.find((h) => h.participantId === daily.participantId)).toMatchObject({ kind: "SOFT", source: "LIMIT_LOWERED", reason: expect.stringContaining("500 mg") });
    expect(holds.some((h) => h.participantId === within.participantId)).toBe(false);
    expect(await db.prisma.auditEvent.count({ where: { action: "hold.place", entityId: { in: holds.map((h) => h.id) } } })).toBe(2);

    const queue = await reviewQueue(db.prisma, c.siteId);
    expect(queue.queue.filter((e) => e.reasons.some((r) => r.kind === "LIMIT_HOLD")).map((e) => e.participantId).sort()).toEqual([single.participantId, daily.participantId].sort());
  });

  it("holds only the latest version of each open episode's prescription", async () => {
    const c = await clinicWithLeads();
    const reduced = await participant(c, { amMg: 400, pmMg: 100 });
    await db.prisma.prescription.create({
      data: { participantId: reduced.participantId, episodeId: reduced.episodeId, version: 2, amDoseMg: 200, pmDoseMg: 100, startsAt: at("07:00", "2026-02-01"), reason: "Reduced", prescriberId: c.prescriber.userId, reviewBy: NO_REVIEW_DUE },
    });
    const exited = await participant(c, { amMg: 400, pmMg: 100 });
    await db.prisma.episode.update({ where: { id: exited.episodeId }, data: { closedOn: new Date("2026-02-01") } });
    await lowered(c, { maxSingleMg: 300 });
    expect(await db.prisma.hold.count({ where: { episode: { siteId: c.siteId } } })).toBe(0);
  });

  it("refuses a draw above the current maximum single dose, even when the prescription is higher", async () => {
    const c = await clinicWithLeads();
    const { participantId } = await participant(c, { amMg: 400, pmMg: 100 });
    await lowered(c, { maxSingleMg: 300 });
    const id = await assessed(c, participantId, at("09:00"));
    await refusedAndUnchanged(id, () => draw(c, id, at("09:05"), { doseMg: "400", softHoldReason: "Seen by the prescriber" }), "dose.aboveHardLimit");
    await expect(draw(c, id, at("09:05"), { doseMg: "400", softHoldReason: "Seen by the prescriber" })).rejects.toThrow("maximum single dose of 300 mg");
    await draw(c, id, at("09:06"), { doseMg: "300", partialReason: "Clinic maximum lowered to 300 mg", softHoldReason: "Prescriber review booked today" });
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ drawnMg: 300 });
  });
});
