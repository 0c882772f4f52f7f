import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { GET } from "@app/api/ndtms/top/route";
import { localDateToDb } from "@/domain/clinic-time";
import { NDTMS_TOP_HEADER } from "@/domain/ndtms-top";
import { TOP_FIELDS, type TopAnswers } from "@/domain/top";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let nurse: Actor;
let reference: string;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  const site = await makeSite(db.prisma);
  const other = await makeSite(db.prisma);
  const n = await makeUser(db.prisma, site.id, "NURSE");
  nurse = { userId: n.id, name: n.name, role: "NURSE", siteId: site.id };
  const { participant } = await makeEnrolledParticipant(db.prisma, site.id, n.id);
  const elsewhere = await makeEnrolledParticipant(db.prisma, other.id, n.id);
  reference = participant.reference;
  const zeros = Object.fromEntries(TOP_FIELDS.map((f) => [f.name, f.kind === "yesNo" ? false : 0])) as TopAnswers;
  for (const [participantId, assessedOn, stage, changes] of [
    [participant.id, "2026-01-05", "START", { opiateDays: 28, injectedDays: 27, sharedNeedles: true, acuteHousingProblem: true, psychologicalHealth: 6 }],
    [participant.id, "2026-07-03", "REVIEW", { opiateDays: 3, psychologicalHealth: 13 }],
    [elsewhere.participant.id, "2026-02-01", "START", {}],
  ] as const) {
    await db.prisma.topAssessment.create({ data: { ...zeros, ...changes, participantId, assessedOn: localDateToDb(assessedOn), stage, recordedById: n.id } });
  }
});
afterAll(() => db?.close());

describe("NDTMS TOP export", () => {
  it("sends this clinic's TOPs in NDTMS field naming, oldest first, by pseudonym only", async () => {
    signedInAs.actor = nurse;
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const [header, ...rows] = (await response.text()).trimEnd().split("\r\n").map((line) => line.split(","));
    expect(header).toEqual(NDTMS_TOP_HEADER);
    const field = (row: string[], name: string) => row[NDTMS_TOP_HEADER.indexOf(name)];
    expect(rows.map((r) => [field(r, "CLIENTID"), field(r, "TOPDATE"), field(r, "TRSTAGE"), field(r, "OPIUSE"), field(r, "SHARING"), field(r, "ACUTHPBM"), field(r, "PSYHSTAT")])).toEqual([
      [reference, "2026-01-05", "S", "28", "Y", "Y", "6"],
      [reference, "2026-07-03", "R", "3", "N", "N", "13"],
    ]);
  });

  it("refuses roles without clinical access, and the signed-out", async () => {
    signedInAs.actor = { ...nurse, role: "BOARD" };
    expect((await GET()).status).toBe(403);
    signedInAs.actor = null;
    expect((await GET()).status).toBe(401);
  });
});
