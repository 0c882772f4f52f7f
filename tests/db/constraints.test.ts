import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDateToDb } from "@/domain/clinic-time";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let ids: { siteId: string; participantId: string; episodeId: string; nurseId: string };

beforeAll(async () => {
  db = await freshDatabase();
  const site = await makeSite(db.prisma);
  const nurse = await makeUser(db.prisma, site.id, "NURSE");
  const { participant, episode } = await makeEnrolledParticipant(db.prisma, site.id, nurse.id);
  ids = { siteId: site.id, participantId: participant.id, episodeId: episode.id, nurseId: nurse.id };
});
afterAll(() => db?.close());

describe("database guarantees", () => {
  it("refuses a second dose session for the same participant, date and slot", async () => {
    const session = {
      siteId: ids.siteId,
      participantId: ids.participantId,
      episodeId: ids.episodeId,
      sessionDate: localDateToDb("2026-03-29"),
      slot: "AM" as const,
      stage: "CHECKED_IN" as const,
    };
    await db.prisma.doseSession.create({ data: session });
    await expect(db.prisma.doseSession.create({ data: session })).rejects.toMatchObject({ code: "P2002" });
    await db.prisma.doseSession.create({ data: { ...session, slot: "PM" } });
    const count = await db.prisma.doseSession.count({ where: { participantId: ids.participantId } });
    expect(count).toBe(2);
  });

  it("never lets an audit event be updated, deleted or truncated", async () => {
    const event = await db.prisma.auditEvent.create({
      data: { action: "test.write", entity: "Site", entityId: ids.siteId, actorId: ids.nurseId, actorRole: "NURSE" },
    });
    await expect(db.sql(`UPDATE "AuditEvent" SET action = 'rewritten' WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "AuditEvent" WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    const { rows } = await db.sql(`SELECT action FROM "AuditEvent" WHERE id = $1`, [event.id]);
    expect(rows).toEqual([{ action: "test.write" }]);
  });

  it("never lets a prescription be rewritten or removed", async () => {
    const prescription = await db.prisma.prescription.create({
      data: {
        participantId: ids.participantId,
        episodeId: ids.episodeId,
        version: 1,
        amDoseMg: 30,
        pmDoseMg: 30,
        startsAt: new Date("2026-01-05T07:00:00Z"),
        reason: "Induction",
        prescriberId: ids.nurseId,
      },
    });
    await expect(db.sql(`UPDATE "Prescription" SET "amDoseMg" = 450 WHERE id = $1`, [prescription.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "Prescription" WHERE id = $1`, [prescription.id])).rejects.toThrow(/append-only/);
    const { rows } = await db.sql(`SELECT "amDoseMg" FROM "Prescription" WHERE id = $1`, [prescription.id]);
    expect(rows).toEqual([{ amDoseMg: 30 }]);
  });

  it("never lets a dose session disappear", async () => {
    const session = await db.prisma.doseSession.findFirstOrThrow({ where: { participantId: ids.participantId } });
    await expect(db.sql(`DELETE FROM "DoseSession" WHERE id = $1`, [session.id])).rejects.toThrow(/append-only/);
  });
});
