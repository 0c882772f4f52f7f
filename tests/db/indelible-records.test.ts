import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDateToDb } from "@/domain/clinic-time";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser, NO_REVIEW_DUE } from "../support/fixtures";

/**
 * Issue 16, finding 6, replayed as found: TRUNCATE emptied the prescriptions, the dose log,
 * the register and the dose sessions (the stock balance still showed 775 ampoules), and
 * finished sessions, stock checks, holds and adverse events took UPDATE and DELETE. Run as
 * the tables' owner (`db.sql`), whom the triggers bind as much as the app.
 */

let db: TestDatabase;
let ids: { siteId: string; participantId: string; episodeId: string; nurseId: string; productId: string };
let day = 0;

beforeAll(async () => {
  db = await freshDatabase();
  const site = await makeSite(db.prisma);
  const nurse = await makeUser(db.prisma, site.id, "NURSE");
  const { participant, episode } = await makeEnrolledParticipant(db.prisma, site.id, nurse.id);
  const product = await db.prisma.drugProduct.create({ data: { siteId: site.id, name: "Diamorphine", strengthMg: 100, form: "ampoule" } });
  ids = { siteId: site.id, participantId: participant.id, episodeId: episode.id, nurseId: nurse.id, productId: product.id };
  await db.prisma.controlledDrugEntry.create({
    data: { siteId: site.id, productId: product.id, kind: "RECEIPT", occurredAt: new Date("2026-01-05T09:00:00Z"), batch: "B1", quantity: 775, madeById: nurse.id },
  });
  await db.prisma.prescription.create({
    data: { participantId: participant.id, episodeId: episode.id, version: 1, amDoseMg: 30, pmDoseMg: 30, startsAt: new Date("2026-01-05T07:00:00Z"), reason: "Induction", prescriberId: nurse.id, reviewBy: NO_REVIEW_DUE },
  });
});
afterAll(() => db?.close());

/** A dose session on a day of its own, at the stage and outcome given. */
async function session(stage: "CHECKED_IN" | "ADMINISTERED" | "SIGNED_OFF" | "CLOSED", outcome: "DOSED" | "MISSED" | "WITHHELD" | null) {
  day += 1;
  const created = await db.prisma.doseSession.create({
    data: { siteId: ids.siteId, participantId: ids.participantId, episodeId: ids.episodeId, sessionDate: localDateToDb(`2026-02-${String(day).padStart(2, "0")}`), slot: "AM", stage, outcome, givenMg: outcome === "DOSED" ? 30 : null },
  });
  await db.prisma.doseSessionEvent.create({ data: { doseSessionId: created.id, step: "CHECK_IN", byId: ids.nurseId } });
  return created;
}

async function rowCount(table: string): Promise<number> {
  const { rows } = await db.sql(`SELECT count(*)::int AS n FROM "${table}"`);
  return rows[0]!.n as number;
}

describe("no clinical table can be emptied", () => {
  it("refuses TRUNCATE on every table, alone or with CASCADE, and keeps the rows", async () => {
    await session("SIGNED_OFF", "DOSED");
    const { rows } = await db.sql(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`);
    const tables = rows.map((r) => r.tablename as string);
    expect(tables).toEqual(expect.arrayContaining(["Prescription", "DoseSessionEvent", "ControlledDrugEntry", "DoseSession", "Hold", "HoldClearance", "AdverseEvent", "StockCheck", "AuditEvent"]));
    const before = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await rowCount(t)] as const)));
    for (const table of tables) {
      // A table others point at refuses a plain TRUNCATE for its foreign keys already; CASCADE reaches the trigger.
      await expect(db.sql(`TRUNCATE "${table}"`), table).rejects.toThrow(/TRUNCATE is not allowed|referenced in a foreign key/);
      await expect(db.sql(`TRUNCATE "${table}" CASCADE`), table).rejects.toThrow(/TRUNCATE is not allowed/);
    }
    const after = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await rowCount(t)] as const)));
    expect(after).toEqual(before);
    expect(before).toMatchObject({ Prescription: 1, ControlledDrugEntry: 1, DoseSession: expect.any(Number) });
    const { rows: balance } = await db.sql(`SELECT balance FROM "BatchBalance" WHERE "productId" = $1`, [ids.productId]);
    expect(balance).toEqual([{ balance: 775 }]);
  });
});

describe("a finished dose session keeps what happened", () => {
  it("refuses UPDATE and DELETE on a signed-off session and on a closed one", async () => {
    for (const finished of [await session("SIGNED_OFF", "DOSED"), await session("CLOSED", "WITHHELD"), await session("CLOSED", "MISSED")]) {
      await expect(db.sql(`UPDATE "DoseSession" SET outcome = 'MISSED', "givenMg" = 0 WHERE id = $1`, [finished.id])).rejects.toThrow(/append-only once finished/);
      await expect(db.sql(`UPDATE "DoseSession" SET stage = 'ADMINISTERED' WHERE id = $1`, [finished.id])).rejects.toThrow(/append-only once finished/);
      await expect(db.sql(`DELETE FROM "DoseSession" WHERE id = $1`, [finished.id])).rejects.toThrow(/append-only/);
      expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id: finished.id } })).toEqual(finished);
    }
  });

  it("lets a session in progress move through its stages to finished", async () => {
    const open = await session("CHECKED_IN", null);
    await db.sql(`UPDATE "DoseSession" SET stage = 'ADMINISTERED', outcome = 'DOSED', "givenMg" = 30 WHERE id = $1`, [open.id]);
    await db.sql(`UPDATE "DoseSession" SET "observationEndsAt" = now() WHERE id = $1`, [open.id]);
    await db.sql(`UPDATE "DoseSession" SET stage = 'SIGNED_OFF' WHERE id = $1`, [open.id]);
    await expect(db.sql(`UPDATE "DoseSession" SET stage = 'ADMINISTERED' WHERE id = $1`, [open.id])).rejects.toThrow(/append-only once finished/);
  });

  it("reopens a session marked missed only for a late-dose authorisation already in its dose log", async () => {
    const missed = await session("CLOSED", "MISSED");
    const reopen = `UPDATE "DoseSession" SET stage = 'CHECKED_IN', outcome = NULL, "givenMg" = NULL WHERE id = $1`;
    await expect(db.sql(reopen, [missed.id])).rejects.toThrow(/append-only once finished/);
    await db.prisma.doseSessionEvent.create({ data: { doseSessionId: missed.id, step: "AUTHORISE_LATE", byId: ids.nurseId, reason: "Arrived late" } });
    await expect(db.sql(`UPDATE "DoseSession" SET stage = 'CHECKED_IN', outcome = NULL, "sessionDate" = '2026-03-30' WHERE id = $1`, [missed.id])).rejects.toThrow(/append-only once finished/);
    await expect(db.sql(`UPDATE "DoseSession" SET stage = 'ADMINISTERED', outcome = 'DOSED' WHERE id = $1`, [missed.id])).rejects.toThrow(/append-only once finished/);
    await db.sql(reopen, [missed.id]);
    expect(await db.prisma.doseSession.findUniqueOrThrow({ where: { id: missed.id } })).toMatchObject({ stage: "CHECKED_IN", outcome: null });
  });
});

describe("holds, adverse events and stock checks are append-only", () => {
  it("refuses UPDATE and DELETE on a hold and on its clearance", async () => {
    const hold = await db.prisma.hold.create({ data: { participantId: ids.participantId, episodeId: ids.episodeId, kind: "HARD", source: "MANUAL", reason: "Drowsy", placedById: ids.nurseId } });
    await expect(db.sql(`UPDATE "Hold" SET kind = 'SOFT' WHERE id = $1`, [hold.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "Hold" WHERE id = $1`, [hold.id])).rejects.toThrow(/append-only/);
    const clearance = await db.prisma.holdClearance.create({ data: { holdId: hold.id, clearedById: ids.nurseId, note: "Reviewed" } });
    await expect(db.sql(`UPDATE "HoldClearance" SET note = 'rewritten' WHERE id = $1`, [clearance.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "HoldClearance" WHERE id = $1`, [clearance.id])).rejects.toThrow(/append-only/);
    await expect(db.prisma.holdClearance.create({ data: { holdId: hold.id, clearedById: ids.nurseId, note: "Twice" } })).rejects.toMatchObject({ code: "P2002" });
    expect(await db.prisma.hold.findUniqueOrThrow({ where: { id: hold.id }, include: { clearance: true } })).toEqual({ ...hold, clearance });
  });

  it("refuses UPDATE and DELETE on an adverse event", async () => {
    const event = await db.prisma.adverseEvent.create({
      data: { participantId: ids.participantId, kind: "OVERDOSE", naloxoneMg: "0.40", occurredAt: new Date("2026-02-01T10:00:00Z"), description: "Unresponsive", recordedById: ids.nurseId },
    });
    await expect(db.sql(`UPDATE "AdverseEvent" SET "naloxoneMg" = 0 WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "AdverseEvent" WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    expect(await db.prisma.adverseEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it("refuses UPDATE and DELETE on a stock check", async () => {
    const check = await db.prisma.stockCheck.create({
      data: { siteId: ids.siteId, productId: ids.productId, batch: "B1", expected: 775, counted: 770, checkedById: ids.nurseId, secondCheckerId: ids.nurseId },
    });
    await expect(db.sql(`UPDATE "StockCheck" SET counted = 775 WHERE id = $1`, [check.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "StockCheck" WHERE id = $1`, [check.id])).rejects.toThrow(/append-only/);
    expect(await db.prisma.stockCheck.findUniqueOrThrow({ where: { id: check.id } })).toEqual(check);
  });
});
