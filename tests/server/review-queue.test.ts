import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDateToDb, type LocalDate, type SessionSlot } from "@/domain/clinic-time";
import { doseOutcomes, reviewQueue } from "@/server/review-queue";
import { freshDatabase, type TestDatabase } from "../support/database";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { makeEnrolledParticipant } from "../support/fixtures";

/**
 * Issue 18, finding 5: the prescriber's queue was a set of lists each sorted by reference. It
 * is one list, each person once, most urgent first: late doses waiting and hard holds, then
 * reviews overdue (most days first), then due today, then due within the week.
 */
let db: TestDatabase;
const clinics = doseClinic(() => db);
const { at, DAY } = clinics;

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db.close();
});

describe("the prescriber's review queue", () => {
  let c: Clinic;
  const names = new Map<string, string>();

  /** A participant named `name`, whose prescription is reviewed by `reviewBy`. */
  async function person(name: string, reviewBy: LocalDate = "2099-12-31", options: Parameters<typeof clinics.participant>[1] = {}) {
    const { participantId, episodeId } = await clinics.participant(c, options);
    const [givenName, familyName] = name.split(" ");
    await db.prisma.participantIdentity.update({ where: { participantId }, data: { givenName, familyName } });
    // Prescriptions are append-only: the review date comes with a second version.
    await db.prisma.prescription.create({
      data: { participantId, episodeId, version: 2, amDoseMg: 100, pmDoseMg: 120, startsAt: at("07:00", "2026-03-06"), reason: "Reviewed", prescriberId: c.prescriber.userId, reviewBy: localDateToDb(reviewBy) },
    });
    names.set(participantId, name);
    return { participantId, episodeId };
  }

  beforeAll(async () => {
    c = await clinics.clinic();
    // Created least urgent first, so their references run against the urgency.
    await person("Nell Far", "2026-03-30");
    await person("Tom Titrating", "2099-12-31", { enrolledOn: "2026-03-05", titrating: true });
    await person("Sue Soon", "2026-03-14");
    await person("Dan Today", DAY);
    const limit = await person("Lou Limit");
    await db.prisma.hold.create({ data: { ...limit, kind: "SOFT", source: "LIMIT_LOWERED", reason: "Above the lowered maximum of 300 mg", placedAt: at("07:00", "2026-03-01") } });
    const { participant } = await makeEnrolledParticipant(db.prisma, c.siteId, c.prescriber.userId, "2026-03-09");
    await db.prisma.participantIdentity.update({ where: { participantId: participant.id }, data: { givenName: "Nia", familyName: "New" } });
    names.set(participant.id, "Nia New");
    await person("Ola One", "2026-03-09");
    await person("Tia Three", "2026-03-07");
    await person("Lee Lapsed", "2026-02-20");
    const later = await person("Hal Later");
    const earlier = await person("Hana Earlier", "2026-03-08");
    await db.prisma.hold.create({ data: { ...later, kind: "HARD", source: "MANUAL", reason: "Drowsy", placedAt: at("09:00") } });
    await db.prisma.hold.create({ data: { ...earlier, kind: "HARD", source: "MANUAL", reason: "Seizure", placedAt: at("08:00") } });
    const late = await person("Lara Late");
    await clinics.assessed(c, late.participantId, at("11:05"));
  });

  it("lists each person once, most urgent first, with every reason they wait", async () => {
    const queue = await reviewQueue(db.prisma, c.siteId, at("11:10"));
    expect(queue.queue.map((e) => names.get(e.participantId))).toEqual([
      "Lara Late",
      "Hana Earlier",
      "Hal Later",
      "Lee Lapsed",
      "Tia Three",
      "Ola One",
      "Nia New",
      "Lou Limit",
      "Dan Today",
      "Sue Soon",
      "Tom Titrating",
    ]);
    const reasons = new Map(queue.queue.map((e) => [names.get(e.participantId), e.reasons]));
    expect(reasons.get("Lara Late")).toEqual([{ kind: "LATE_DOSE", session: { date: DAY, slot: "AM" }, until: at("15:00") }]);
    expect(reasons.get("Hana Earlier")).toEqual([
      { kind: "HARD_HOLD", holdId: expect.any(String), reason: "Seizure", since: at("08:00") },
      { kind: "REVIEW_OVERDUE", reviewBy: "2026-03-08", daysOverdue: 2, hardFrom: "2026-03-16" },
    ]);
    expect(reasons.get("Lee Lapsed")).toEqual([{ kind: "REVIEW_OVERDUE", reviewBy: "2026-02-20", daysOverdue: 18, hardFrom: null }]);
    expect(reasons.get("Tia Three")).toEqual([{ kind: "REVIEW_OVERDUE", reviewBy: "2026-03-07", daysOverdue: 3, hardFrom: "2026-03-15" }]);
    expect(reasons.get("Nia New")).toEqual([{ kind: "NO_PRESCRIPTION" }]);
    expect(reasons.get("Lou Limit")).toEqual([{ kind: "LIMIT_HOLD", holdId: expect.any(String), reason: "Above the lowered maximum of 300 mg", since: at("07:00", "2026-03-01") }]);
    expect(reasons.get("Dan Today")).toEqual([{ kind: "REVIEW_DUE", reviewBy: DAY, daysLeft: 0 }]);
    expect(reasons.get("Sue Soon")).toEqual([{ kind: "REVIEW_DUE", reviewBy: "2026-03-14", daysLeft: 4 }]);
    expect(reasons.get("Tom Titrating")).toEqual([{ kind: "TITRATING", since: at("07:00", "2026-03-05") }]);
  });

  it("leaves out a review more than a week away, and people at other sites", async () => {
    const other = await clinics.clinic();
    await clinics.participant(other);
    const queue = await reviewQueue(db.prisma, c.siteId, at("11:10"));
    expect(queue.queue.some((e) => names.get(e.participantId) === "Nell Far")).toBe(false);
    expect((await reviewQueue(db.prisma, other.siteId, at("11:10"))).queue).toEqual([]);
  });
});

describe("the dose chart's sessions", () => {
  it("reads the doses given, partial and not given in the range, and nothing else", async () => {
    const c = await clinics.clinic();
    const { participantId, episodeId } = await clinics.participant(c);
    const earlier = await makeEnrolledParticipant(db.prisma, c.siteId, c.prescriber.userId, "2025-01-05");
    const session = (date: LocalDate, slot: SessionSlot, fields: { outcome?: "DOSED" | "PARTIAL" | "WITHHELD" | "DECLINED" | "MISSED" | "NOT_EXPECTED"; givenMg?: number; administeredAt?: Date }, episode = { participantId, episodeId }) =>
      db.prisma.doseSession.create({ data: { siteId: c.siteId, ...episode, sessionDate: localDateToDb(date), slot, stage: fields.outcome ? "CLOSED" : "CHECKED_IN", ...fields } });
    await session("2026-03-02", "AM", { outcome: "DOSED", givenMg: 100, administeredAt: at("09:10", "2026-03-02") });
    await session("2026-03-02", "PM", { outcome: "PARTIAL", givenMg: 60, administeredAt: at("16:10", "2026-03-02") });
    await session("2026-03-03", "AM", { outcome: "MISSED" });
    await session("2026-03-03", "PM", { outcome: "WITHHELD", givenMg: 0 });
    await session("2026-03-04", "AM", { outcome: "DECLINED" });
    await session("2026-03-04", "PM", { outcome: "NOT_EXPECTED" });
    await session("2026-03-05", "AM", {});
    await session("2026-03-01", "PM", { outcome: "DOSED", givenMg: 120, administeredAt: at("16:00", "2026-03-01") });
    await session("2026-03-06", "AM", { outcome: "DOSED", givenMg: 100, administeredAt: at("09:00", "2026-03-06") });
    await session("2026-03-03", "AM", { outcome: "DOSED", givenMg: 90, administeredAt: at("09:00", "2026-03-03") }, { participantId: earlier.participant.id, episodeId: earlier.episode.id });

    const sessions = await doseOutcomes(db.prisma, episodeId, "2026-03-02", "2026-03-05");
    expect(sessions.sort((a, b) => `${a.date}${a.slot}`.localeCompare(`${b.date}${b.slot}`))).toEqual([
      { date: "2026-03-02", slot: "AM", outcome: "DOSED", givenMg: 100, administeredAt: at("09:10", "2026-03-02") },
      { date: "2026-03-02", slot: "PM", outcome: "PARTIAL", givenMg: 60, administeredAt: at("16:10", "2026-03-02") },
      { date: "2026-03-03", slot: "AM", outcome: "MISSED", givenMg: null, administeredAt: null },
      { date: "2026-03-03", slot: "PM", outcome: "WITHHELD", givenMg: 0, administeredAt: null },
      { date: "2026-03-04", slot: "AM", outcome: "DECLINED", givenMg: null, administeredAt: null },
    ]);
  });
});
