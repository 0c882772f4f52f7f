import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { form, signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { prescribeAction, clearHoldAction, placeHoldAction } from "@app/(staff)/prescribing/actions";
import { freshDatabase, type TestDatabase } from "../support/database";
import { licensePrescriber, makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let prescriber: Actor;
let nurse: Actor;
let participantId: string;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  const site = await makeSite(db.prisma);
  const p = await makeUser(db.prisma, site.id, "PRESCRIBER");
  await licensePrescriber(db.prisma, p.id, site.id);
  const n = await makeUser(db.prisma, site.id, "NURSE");
  prescriber = { userId: p.id, name: p.name, role: "PRESCRIBER", siteId: site.id };
  nurse = { userId: n.id, name: n.name, role: "NURSE", siteId: site.id };
  participantId = (await makeEnrolledParticipant(db.prisma, site.id, p.id)).participant.id;
});
afterAll(() => db?.close());

const write = (fields: Record<string, string | number>) => prescribeAction(null, form({ participantId, reason: "Titration", ...fields }));
const versions = () => db.prisma.prescription.findMany({ where: { participantId }, orderBy: { version: "asc" } });

describe("prescribing", () => {
  it("does not let a nurse create a prescription, and writes nothing", async () => {
    signedInAs.actor = nurse;
    expect(await write({ amDoseMg: 10, pmDoseMg: 20 })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await versions()).toHaveLength(0);
  });

  it("writes a first induction prescription within the induction limits", async () => {
    signedInAs.actor = prescriber;
    // Two days ago: later changes are measured against it (what was prescribed a day earlier).
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    vi.setSystemTime(new Date(Date.now() - 2 * 86_400_000));
    try {
      expect(await write({ amDoseMg: 15, pmDoseMg: 30, reason: "Induction" })).toMatchObject({ ok: true, data: { version: 1 } });
    } finally {
      vi.useRealTimers();
    }
  });

  it("prescribes the route the dose is given by, IV unless the prescriber says otherwise", async () => {
    const [v1] = await versions();
    expect(v1).toMatchObject({ route: "IV" });
    expect(await write({ amDoseMg: 15, pmDoseMg: 30, route: "BY_MOUTH" })).toMatchObject({ ok: false, code: "invalid", fieldErrors: { route: expect.any(String) } });
    expect(await versions()).toHaveLength(1);
  });

  it("refuses a hard limit with a message naming it, whatever the reason given", async () => {
    const result = await write({ amDoseMg: 451, pmDoseMg: 30, overrideReason: "Tolerance very high" });
    expect(result).toMatchObject({ ok: false, code: "rule" });
    expect(result.ok ? "" : result.error).toMatch(/maximum single dose of 450 mg/);
    expect(await versions()).toHaveLength(1);
  });

  it("refuses a rise over 50% without a reason, accepts it with one and audits the reason", async () => {
    const refused = await write({ amDoseMg: 30, pmDoseMg: 60 });
    expect(refused).toMatchObject({ ok: false, code: "rule", fieldErrors: { overrideReason: expect.any(String) } });
    expect(refused.ok ? "" : refused.error).toMatch(/more than 50% above/);
    expect(await versions()).toHaveLength(1);

    const accepted = await write({ amDoseMg: 30, pmDoseMg: 60, overrideReason: "Severe withdrawal at 30 mg; observed closely" });
    expect(accepted).toMatchObject({ ok: true, data: { version: 2 } });
    const [v1, v2] = await versions();
    expect(v2).toMatchObject({ supersedesId: v1!.id, amDoseMg: 30, pmDoseMg: 60, overrideReason: "Severe withdrawal at 30 mg; observed closely" });
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: v2!.id } });
    expect(event).toMatchObject({ action: "prescription.create", reason: "Severe withdrawal at 30 mg; observed closely", actorId: prescriber.userId });
  });

  it("measures a change against the day before, so rises cannot be chained without a reason", async () => {
    // v2 (30/60) was saved minutes ago; the reference is still v1 (15/30), prescribed a day earlier.
    const chained = await write({ amDoseMg: 40, pmDoseMg: 60 });
    expect(chained).toMatchObject({ ok: false, code: "rule", fieldErrors: { overrideReason: expect.any(String) } });
    expect(chained.ok ? "" : chained.error).toMatch(/AM dose 40 mg is more than 50% above the previous AM dose of 15 mg/);
    expect(await versions()).toHaveLength(2);
  });

  it("keeps versions immutable: the database refuses to update or delete one", async () => {
    const [v1] = await versions();
    await expect(db.sql(`UPDATE "Prescription" SET "pmDoseMg" = 900 WHERE id = $1`, [v1!.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "Prescription" WHERE id = $1`, [v1!.id])).rejects.toThrow(/append-only/);
  });

  it("clears a hard hold with a reduced dose in one step", async () => {
    expect(await placeHoldAction(null, form({ participantId, kind: "HARD", reason: "Drowsy after PM dose" }))).toMatchObject({ ok: true });
    const hold = await db.prisma.hold.findFirstOrThrow({ where: { participantId, clearance: { is: null } } });
    // No dose given yet in this episode: still the induction day's limits (15 mg, then 30 mg).
    const result = await write({ amDoseMg: 15, pmDoseMg: 30, reason: "Reduced after review", clearHoldId: hold.id });
    expect(result).toMatchObject({ ok: true, data: { version: 3 } });
    const cleared = await db.prisma.holdClearance.findUniqueOrThrow({ where: { holdId: hold.id } });
    expect(cleared.clearedById).toBe(prescriber.userId);
    expect(cleared.prescriptionId).toBe((await versions())[2]!.id);
    expect(await db.prisma.hold.findUniqueOrThrow({ where: { id: hold.id } })).toEqual(hold);
  });

  it("refuses to clear a hold twice", async () => {
    const hold = await db.prisma.hold.findFirstOrThrow({ where: { participantId } });
    expect(await clearHoldAction(null, form({ holdId: hold.id, note: "again" }))).toMatchObject({ ok: false, code: "rule", error: "This hold has already been cleared." });
  });

  it("rejects bad input with field messages and writes nothing", async () => {
    const before = (await versions()).length;
    const result = await write({ amDoseMg: -5, pmDoseMg: "12.5", reason: "" });
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    expect(result.ok ? {} : result.fieldErrors).toMatchObject({ amDoseMg: expect.any(String), pmDoseMg: expect.any(String), reason: expect.any(String) });
    expect(await versions()).toHaveLength(before);
  });
});
