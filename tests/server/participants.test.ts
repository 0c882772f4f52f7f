import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/auth/actor";
import { RuleError } from "@/server/errors";
import { endBreak, enrolParticipant, exitParticipant, recordAssessment, referNewParticipant, reReferParticipant, startBreak } from "@/server/participants";
import { AssessInput, ExitInput, ReferNewInput, StartBreakInput } from "@/server/participants.input";
import { participantProfile } from "@/server/participant-views";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let prescriber: Actor;

beforeAll(async () => {
  db = await freshDatabase();
  const site = await makeSite(db.prisma);
  const user = await makeUser(db.prisma, site.id, "PRESCRIBER");
  prescriber = { userId: user.id, name: user.name, role: "PRESCRIBER", siteId: site.id };
  await db.prisma.setting.create({ data: { siteId: site.id, key: "capacity", value: 2 } });
});
afterAll(() => db?.close());

const run = <T>(fn: Parameters<typeof db.prisma.$transaction>[0] extends never ? never : (tx: Parameters<Parameters<typeof db.prisma.$transaction>[0]>[0]) => Promise<T>) =>
  db.prisma.$transaction(fn);

async function waitingParticipant(familyName: string) {
  const referred = await run((tx) =>
    referNewParticipant(tx, prescriber, ReferNewInput.parse({ givenName: "Sam", familyName, dateOfBirth: "1980-05-01", referredOn: "2026-01-02", agency: "PROBATION", reason: "Repeated failure of oral treatment" })),
  );
  const referral = await db.prisma.referral.findFirstOrThrow({ where: { participantId: referred.id } });
  await run((tx) =>
    recordAssessment(
      tx,
      prescriber,
      AssessInput.parse({ referralId: referral.id, assessedOn: "2026-01-05", yearsDependent: "12", failedTreatments: "3", failedTreatmentNotes: "Methadone twice, buprenorphine once", injectingDaysLast90: "80", outcome: "ACCEPTED" }),
    ),
  );
  return referred.id;
}

const enrol = (participantId: string) => run((tx) => enrolParticipant(tx, prescriber, { participantId, enrolledOn: "2026-01-10" }));
const status = async (participantId: string) => (await participantProfile(db.prisma, prescriber.siteId, participantId))!.status;

describe("referral to exit", () => {
  it("refers, assesses and puts a person on the waiting list with a pseudonymous reference and an audit trail", async () => {
    const id = await waitingParticipant("Walker");
    const participant = await db.prisma.participant.findUniqueOrThrow({ where: { id } });
    expect(participant.reference).toMatch(/^HAT-\d{4}$/);
    expect(await status(id)).toBe("WAITING");
    const actions = (await db.prisma.auditEvent.findMany({ where: { participantId: id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["participant.refer", "participant.assess"]);
  });

  it("refuses to accept someone outside the clinic's criteria without a clinical reason, and writes nothing", async () => {
    const referred = await run((tx) =>
      referNewParticipant(tx, prescriber, ReferNewInput.parse({ givenName: "Young", familyName: "Person", dateOfBirth: "2010-01-01", referredOn: "2026-01-02", agency: "GP", reason: "r" })),
    );
    const referral = await db.prisma.referral.findFirstOrThrow({ where: { participantId: referred.id } });
    const input = { referralId: referral.id, assessedOn: "2026-01-05", yearsDependent: "1", failedTreatments: "0", failedTreatmentNotes: "none", injectingDaysLast90: "10", outcome: "ACCEPTED" };
    await expect(run((tx) => recordAssessment(tx, prescriber, AssessInput.parse(input)))).rejects.toMatchObject({ code: "assessment.criteriaUnmet" });
    expect(await db.prisma.assessment.count({ where: { referralId: referral.id } })).toBe(0);
    await run((tx) => recordAssessment(tx, prescriber, AssessInput.parse({ ...input, overrideReason: "Exceptional harm: multidisciplinary team agreed" })));
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { participantId: referred.id, action: "participant.assess" } });
    expect(event.reason).toBe("Exceptional harm: multidisciplinary team agreed");
  });

  // Many simultaneous enrolments for fewer places: tests/server/concurrency.test.ts.
  it("enrols from the waiting list while a place is free, then says the clinic is full", async () => {
    const [first, second, third] = [await waitingParticipant("First"), await waitingParticipant("Second"), await waitingParticipant("Third")];
    await enrol(first);
    await enrol(second);
    await expect(enrol(third)).rejects.toMatchObject({ code: "enrol.full", message: "All 2 places are taken. Enrol when someone exits." });
    expect(await status(third)).toBe("WAITING");
    expect(await db.prisma.episode.count({ where: { siteId: prescriber.siteId, closedOn: null } })).toBe(2);
  });

  it("runs a break and a return, then an exit that closes the episode and the open break", async () => {
    const [active] = await db.prisma.episode.findMany({ where: { siteId: prescriber.siteId, closedOn: null }, take: 1 });
    const participantId = active!.participantId;
    await run((tx) => startBreak(tx, prescriber, StartBreakInput.parse({ participantId, reason: "HOSPITAL", startedOn: "2026-02-01", expectedReturnOn: "2026-02-10" })));
    expect(await status(participantId)).toBe("ON_BREAK");
    await expect(run((tx) => startBreak(tx, prescriber, StartBreakInput.parse({ participantId, reason: "OTHER", startedOn: "2026-02-02" })))).rejects.toMatchObject({
      code: "participant.wrongStatus",
    });
    await run((tx) => endBreak(tx, prescriber, { participantId, endedOn: "2026-02-09" }));
    expect(await status(participantId)).toBe("ACTIVE");
    await run((tx) => startBreak(tx, prescriber, StartBreakInput.parse({ participantId, reason: "CUSTODY_REMAND", startedOn: "2026-03-01" })));

    await run((tx) => exitParticipant(tx, prescriber, ExitInput.parse({ participantId, exitedOn: "2026-03-20", reason: "CUSTODIAL_SENTENCE", planned: "no" })));
    expect(await status(participantId)).toBe("EXITED");
    const episode = await db.prisma.episode.findUniqueOrThrow({ where: { id: active!.id }, include: { breaks: true, exit: true } });
    expect(episode.closedOn?.toISOString().slice(0, 10)).toBe("2026-03-20");
    expect(episode.breaks.every((b) => b.endedOn !== null)).toBe(true);
    expect(episode.exit).toMatchObject({ reason: "CUSTODIAL_SENTENCE", planned: false });
  });

  it("cannot exit twice or put an exited participant on a break", async () => {
    const exited = await db.prisma.exit.findFirstOrThrow();
    const participantId = exited.participantId;
    const before = await db.prisma.auditEvent.count();
    await expect(run((tx) => exitParticipant(tx, prescriber, ExitInput.parse({ participantId, exitedOn: "2026-03-21", reason: "OTHER", planned: "no" })))).rejects.toMatchObject({
      code: "participant.wrongStatus",
      message: "This participant has already exited.",
    });
    await expect(run((tx) => startBreak(tx, prescriber, StartBreakInput.parse({ participantId, reason: "OTHER", startedOn: "2026-03-22" })))).rejects.toBeInstanceOf(RuleError);
    expect(await db.prisma.auditEvent.count()).toBe(before);
  });

  it("re-admits an exited participant into a new episode and keeps the history", async () => {
    const exited = await db.prisma.exit.findFirstOrThrow();
    const participantId = exited.participantId;
    await run((tx) => reReferParticipant(tx, prescriber, { participantId, referredOn: "2026-04-01", agency: "PRISON", reason: "Released; wants to return" }));
    expect(await status(participantId)).toBe("REFERRED");
    const referral = await db.prisma.referral.findFirstOrThrow({ where: { participantId }, orderBy: { createdAt: "desc" } });
    await run((tx) =>
      recordAssessment(tx, prescriber, AssessInput.parse({ referralId: referral.id, assessedOn: "2026-04-02", yearsDependent: "13", failedTreatments: "3", failedTreatmentNotes: "As before", injectingDaysLast90: "60", outcome: "ACCEPTED" })),
    );
    await run((tx) => enrolParticipant(tx, prescriber, { participantId, enrolledOn: "2026-04-03" }));
    expect(await status(participantId)).toBe("ACTIVE");
    expect(await db.prisma.episode.count({ where: { participantId } })).toBe(2);
    const timeline = (await participantProfile(db.prisma, prescriber.siteId, participantId))!.timeline.map((e) => e.kind);
    expect(timeline.filter((k) => k === "enrolment")).toHaveLength(2);
    expect(timeline).toContain("exit");
  });
});
