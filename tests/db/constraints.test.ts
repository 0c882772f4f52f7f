import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDateToDb } from "@/domain/clinic-time";
import { freshDatabase, type TestDatabase } from "../support/database";
import { NO_REVIEW_DUE, makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

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
        reviewBy: NO_REVIEW_DUE,
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

  it("never lets a prescriber's licence or its revocation be rewritten or removed", async () => {
    const licence = await db.prisma.prescriberLicence.create({
      data: {
        prescriberId: ids.nurseId,
        siteId: ids.siteId,
        number: "HO-1",
        validFrom: localDateToDb("2026-01-01"),
        expiresOn: localDateToDb("2026-12-31"),
        recordedById: ids.nurseId,
        confirmedById: ids.nurseId,
      },
    });
    await expect(db.sql(`UPDATE "PrescriberLicence" SET "expiresOn" = '2099-12-31' WHERE id = $1`, [licence.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`DELETE FROM "PrescriberLicence" WHERE id = $1`, [licence.id])).rejects.toThrow(/append-only/);
    const revocation = await db.prisma.prescriberLicenceRevocation.create({
      data: { licenceId: licence.id, reason: "Withdrawn", recordedById: ids.nurseId, confirmedById: ids.nurseId },
    });
    await expect(db.sql(`DELETE FROM "PrescriberLicenceRevocation" WHERE id = $1`, [revocation.id])).rejects.toThrow(/append-only/);
    await expect(db.sql(`UPDATE "PrescriberLicenceRevocation" SET reason = 'x' WHERE id = $1`, [revocation.id])).rejects.toThrow(/append-only/);
    await expect(db.prisma.prescriberLicenceRevocation.create({ data: { licenceId: licence.id, reason: "Twice", recordedById: ids.nurseId, confirmedById: ids.nurseId } })).rejects.toMatchObject({
      code: "P2002",
    });
    const { rows } = await db.sql(`SELECT "expiresOn"::text AS "expiresOn" FROM "PrescriberLicence" WHERE id = $1`, [licence.id]);
    expect(rows).toEqual([{ expiresOn: "2026-12-31" }]);
  });
});
