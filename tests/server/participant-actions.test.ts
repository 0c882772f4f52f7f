import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { form, signedInAs, useTestDatabase } from "../support/actions";
import { exitParticipantAction, referParticipantAction, startBreakAction } from "@app/(staff)/participants/actions";
import { addLocalDays, clinicDate } from "@/domain/clinic-time";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let participantId: string;
const tomorrow = addLocalDays(clinicDate(new Date()), 1);

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
  const site = await makeSite(db.prisma);
  const user = await makeUser(db.prisma, site.id, "PRESCRIBER");
  signedInAs.actor = { userId: user.id, name: user.name, role: "PRESCRIBER", siteId: site.id };
  participantId = (await makeEnrolledParticipant(db.prisma, site.id, user.id)).participant.id;
});
afterAll(() => db?.close());

async function writes() {
  const [participants, breaks, exits, audits] = await Promise.all([db.prisma.participant.count(), db.prisma.break.count(), db.prisma.exit.count(), db.prisma.auditEvent.count()]);
  return { participants, breaks, exits, audits };
}

describe("bad input to the participant journey", () => {
  it.each([
    ["missing fields", {}, ["givenName", "familyName", "dateOfBirth", "referredOn", "agency", "reason"]],
    ["a referral dated tomorrow", { givenName: "A", familyName: "B", dateOfBirth: "1980-01-01", referredOn: tomorrow, agency: "POLICE", reason: "r" }, ["referredOn"]],
    ["an unknown agency", { givenName: "A", familyName: "B", dateOfBirth: "1980-01-01", referredOn: "2026-01-01", agency: "MI5", reason: "r" }, ["agency"]],
    ["an impossible date of birth", { givenName: "A", familyName: "B", dateOfBirth: "1980-02-30", referredOn: "2026-01-01", agency: "GP", reason: "r" }, ["dateOfBirth"]],
    ["a malformed NHS number", { givenName: "A", familyName: "B", dateOfBirth: "1980-01-01", nhsNumber: "12345", referredOn: "2026-01-01", agency: "GP", reason: "r" }, ["nhsNumber"]],
  ])("refuses a referral with %s, naming each field, and writes nothing", async (_, fields, named) => {
    const before = await writes();
    const result = await referParticipantAction(null, form(fields));
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    expect(Object.keys(result.ok ? {} : (result.fieldErrors ?? {})).sort()).toEqual([...named].sort());
    expect(await writes()).toEqual(before);
  });

  it.each([
    ["an unknown break reason", () => startBreakAction(null, form({ participantId, reason: "HOLIDAY", startedOn: "2026-02-01" })), "reason"],
    ["a break starting tomorrow", () => startBreakAction(null, form({ participantId, reason: "HOSPITAL", startedOn: tomorrow })), "startedOn"],
    ["a return before the break starts", () => startBreakAction(null, form({ participantId, reason: "HOSPITAL", startedOn: "2026-02-10", expectedReturnOn: "2026-02-01" })), "expectedReturnOn"],
    ["an unknown exit reason", () => exitParticipantAction(null, form({ participantId, exitedOn: "2026-02-01", reason: "ABDUCTED", planned: "no" })), "reason"],
    ["an exit dated tomorrow", () => exitParticipantAction(null, form({ participantId, exitedOn: tomorrow, reason: "MOVED_AWAY", planned: "no" })), "exitedOn"],
    ["an exit without planned/unplanned", () => exitParticipantAction(null, form({ participantId, exitedOn: "2026-02-01", reason: "MOVED_AWAY" })), "planned"],
  ])("refuses %s with a field message and writes nothing", async (_, act, field) => {
    const before = await writes();
    const result = await act();
    expect(result).toMatchObject({ ok: false, code: "invalid", fieldErrors: { [field]: expect.any(String) } });
    expect(await writes()).toEqual(before);
  });

  it("refuses an exit dated before enrolment as a rule, naming the field", async () => {
    const result = await exitParticipantAction(null, form({ participantId, exitedOn: "2025-12-01", reason: "MOVED_AWAY", planned: "no" }));
    expect(result).toMatchObject({ ok: false, code: "rule", fieldErrors: { exitedOn: expect.any(String) } });
  });
});
