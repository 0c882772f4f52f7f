import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/auth/actor";
import { audit } from "@/server/audit";
import { auditCsv, listAuditEvents } from "@/server/audit-log";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let nurse: Actor;
let admin: Actor;
let reference: string;

beforeAll(async () => {
  db = await freshDatabase();
  const site = await makeSite(db.prisma);
  const n = await makeUser(db.prisma, site.id, "NURSE");
  const a = await makeUser(db.prisma, site.id, "ADMIN");
  nurse = { userId: n.id, name: n.name, role: "NURSE", siteId: site.id };
  admin = { userId: a.id, name: a.name, role: "ADMIN", siteId: site.id };
  const { participant } = await makeEnrolledParticipant(db.prisma, site.id, n.id);
  reference = participant.reference;
  await db.prisma.$transaction(async (tx) => {
    await audit(tx, nurse, { action: "dose.administer", entity: "DoseSession", entityId: "d1", participantId: participant.id, summary: { doseMg: 120 } });
    await audit(tx, admin, { action: "user.create", entity: "User", entityId: "u1", summary: { role: "NURSE" } });
    await audit(tx, admin, { action: "setting.update", entity: "Setting", entityId: "s1", summary: { key: "capacity" }, reason: "=HYPERLINK(\"x\")" });
  });
});
afterAll(() => db?.close());

describe("the audit trail for administrators", () => {
  it("filters by user, participant reference and action", async () => {
    expect((await listAuditEvents(db.prisma, { userId: nurse.userId })).map((e) => e.action)).toEqual(["dose.administer"]);
    expect((await listAuditEvents(db.prisma, { participantReference: reference })).map((e) => e.action)).toEqual(["dose.administer"]);
    expect((await listAuditEvents(db.prisma, { action: "user." })).map((e) => e.action)).toEqual(["user.create"]);
    expect(await listAuditEvents(db.prisma, { participantReference: "NO-SUCH" })).toEqual([]);
  });

  it("filters by dates in the clinic's zone", async () => {
    expect(await listAuditEvents(db.prisma, { from: "2000-01-01", to: "2000-01-02" })).toEqual([]);
    expect((await listAuditEvents(db.prisma, { from: "2000-01-01" })).length).toBe(3);
    expect((await listAuditEvents(db.prisma, { to: "2000-01-01" })).length).toBe(0);
  });

  it("exports CSV, newest first, with formula-like cells neutralised", async () => {
    const csv = auditCsv(await listAuditEvents(db.prisma, {}));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,at (Europe/London),actor,role,action,entity,entity id,participant,summary,reason");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain("setting.update");
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[3]).toContain(reference);
  });
});
