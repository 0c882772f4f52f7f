import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
// First: it replaces the session lookup for the actions imported below.
import { form, signedInAs, useTestDatabase } from "../support/actions";
import type { Actor } from "@/auth/actor";
import { localDateToDb } from "@/domain/clinic-time";
import { recordAdverseEvent } from "@/server/dose-sessions";
import { AdverseEventInput } from "@/server/dose-sessions.input";
import { recordAdverseEventAction } from "@app/(staff)/today/actions";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

/**
 * No entry lost (issue 8), on the server: an adverse event pressed twice, or sent again
 * after the answer was lost, is recorded once; an action whose session has ended answers
 * "unauthenticated" as a result the form can show, never by throwing.
 */

let db: TestDatabase;

beforeAll(async () => {
  db = await freshDatabase();
  useTestDatabase(db);
});
afterAll(() => db?.close());
beforeEach(() => {
  signedInAs.actor = null;
});

let day = 0;
/** A nurse and a checked-in participant at a clinic of their own. */
async function checkedIn() {
  const site = await makeSite(db.prisma);
  const user = await makeUser(db.prisma, site.id, "NURSE");
  const nurse: Actor = { userId: user.id, name: user.name, role: "NURSE", siteId: site.id };
  const { participant, episode } = await makeEnrolledParticipant(db.prisma, site.id, user.id);
  const session = await db.prisma.doseSession.create({
    data: { siteId: site.id, participantId: participant.id, episodeId: episode.id, sessionDate: localDateToDb(`2026-03-${String(++day).padStart(2, "0")}`), slot: "AM", stage: "CHECKED_IN" },
  });
  return { nurse, participantId: participant.id, doseSessionId: session.id };
}

const fainted = (doseSessionId: string, submissionKey?: string) =>
  ({ doseSessionId, kind: "OTHER", description: "Felt faint in the waiting room; recovered sitting down", ...(submissionKey ? { submissionKey } : {}) }) as const;

async function recorded(doseSessionId: string) {
  const events = await db.prisma.adverseEvent.findMany({ where: { doseSessionId }, select: { id: true } });
  const audits = await db.prisma.auditEvent.count({ where: { action: "adverseEvent.record", entityId: { in: events.map((e) => e.id) } } });
  return { events: events.length, audits };
}

describe("an adverse event sent more than once", () => {
  it("is recorded once when the same form is pressed twice (one submission key), and both presses are told it is saved", async () => {
    const { nurse, doseSessionId } = await checkedIn();
    signedInAs.actor = nurse;
    const key = randomUUID();
    const first = await recordAdverseEventAction(null, form(fainted(doseSessionId, key)));
    const again = await recordAdverseEventAction(null, form(fainted(doseSessionId, key)));
    expect(first).toMatchObject({ ok: true });
    expect(again).toMatchObject({ ok: true });
    expect(again.ok && first.ok && again.data.id).toBe(first.ok && first.data.id);
    expect(await recorded(doseSessionId)).toEqual({ events: 1, audits: 1 });
  });

  it("is recorded again when the nurse records a second event (the form's key is renewed after a success)", async () => {
    const { nurse, doseSessionId } = await checkedIn();
    signedInAs.actor = nurse;
    await recordAdverseEventAction(null, form(fainted(doseSessionId, randomUUID())));
    await recordAdverseEventAction(null, form(fainted(doseSessionId, randomUUID())));
    expect(await recorded(doseSessionId)).toEqual({ events: 2, audits: 2 });
  });

  it("returns the record already made, under the lock, when the retry reaches the service", async () => {
    const { nurse, doseSessionId, participantId } = await checkedIn();
    const key = randomUUID();
    const input = AdverseEventInput.parse(fainted(doseSessionId, key));
    const first = await db.prisma.$transaction((tx) => recordAdverseEvent(tx, nurse, input));
    const again = await db.prisma.$transaction((tx) => recordAdverseEvent(tx, nurse, input));
    expect(again).toEqual({ ...first, alreadyRecorded: true });
    expect(first).toMatchObject({ participantId, alreadyRecorded: false });
    expect(await db.prisma.adverseEvent.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ submissionKey: key });
  });

  it("refuses a key already used for another participant's session, and records nothing", async () => {
    const one = await checkedIn();
    const other = await checkedIn();
    const key = randomUUID();
    signedInAs.actor = one.nurse;
    await recordAdverseEventAction(null, form(fainted(one.doseSessionId, key)));
    signedInAs.actor = other.nurse;
    const refused = await recordAdverseEventAction(null, form(fainted(other.doseSessionId, key)));
    expect(refused).toMatchObject({ ok: false, code: "rule" });
    expect(await recorded(other.doseSessionId)).toEqual({ events: 0, audits: 0 });
  });

  it("refuses a submission key that is not one the form makes", () => {
    expect(AdverseEventInput.safeParse(fainted("s1", "not-a-key")).success).toBe(false);
    expect(AdverseEventInput.safeParse(fainted("s1")).success).toBe(true);
  });
});

describe("an action whose session has ended", () => {
  it("answers unauthenticated as a result, without throwing, and records nothing", async () => {
    const { doseSessionId } = await checkedIn();
    signedInAs.actor = null;
    const result = await recordAdverseEventAction(null, form(fainted(doseSessionId, randomUUID())));
    expect(result).toEqual({ ok: false, code: "unauthenticated", error: expect.stringMatching(/^Not saved: your session has ended\./) });
    expect(await recorded(doseSessionId)).toEqual({ events: 0, audits: 0 });
  });
});
