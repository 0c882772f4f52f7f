import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLocalDays, clinicInstant, localDateToDb, type LocalDate } from "@/domain/clinic-time";
import type { DoseStripCellKind } from "@/domain/dose-strip";
import type { SessionOutcome } from "@/generated/prisma/client";
import { participantSummary } from "@/server/participant-summary";
import { freshDatabase, type TestDatabase } from "../support/database";
import { makeEnrolledParticipant, makeSite, makeUser } from "../support/fixtures";

let db: TestDatabase;
let siteId: string;
let otherSiteId: string;
let prescriberId: string;
let nurseId: string;

/** The clinic's afternoon, after the PM window opened (15:00): every session up to today's PM has opened. */
const today: LocalDate = "2026-11-30";
const afternoon = clinicInstant(today, "16:30");
const morning = clinicInstant(today, "09:00");

beforeAll(async () => {
  db = await freshDatabase();
  const site = await makeSite(db.prisma);
  const other = await makeSite(db.prisma);
  siteId = site.id;
  otherSiteId = other.id;
  prescriberId = (await makeUser(db.prisma, siteId, "PRESCRIBER")).id;
  nurseId = (await makeUser(db.prisma, siteId, "NURSE")).id;
});
afterAll(() => db?.close());

async function enrolled(enrolledOn: LocalDate = "2026-06-01") {
  const { participant, episode } = await makeEnrolledParticipant(db.prisma, siteId, nurseId, enrolledOn);
  return { participantId: participant.id, episodeId: episode.id };
}

async function session(p: { participantId: string; episodeId: string }, date: LocalDate, slot: "AM" | "PM", outcome: SessionOutcome | null, givenMg: number | null = null) {
  await db.prisma.doseSession.create({
    data: {
      siteId,
      participantId: p.participantId,
      episodeId: p.episodeId,
      sessionDate: localDateToDb(date),
      slot,
      stage: outcome === null ? "CHECKED_IN" : outcome === "DOSED" || outcome === "PARTIAL" ? "SIGNED_OFF" : "CLOSED",
      outcome,
      givenMg,
    },
  });
}

async function prescription(p: { participantId: string; episodeId: string }, version: number, amDoseMg: number, pmDoseMg: number, startsOn: LocalDate, reviewBy: LocalDate) {
  return db.prisma.prescription.create({
    data: {
      participantId: p.participantId,
      episodeId: p.episodeId,
      version,
      amDoseMg,
      pmDoseMg,
      startsAt: clinicInstant(startsOn, "07:00"),
      reviewBy: localDateToDb(reviewBy),
      reason: "Test",
      prescriberId,
    },
  });
}

const kinds = (strip: { date: string; cells: { AM: { kind: DoseStripCellKind }; PM: { kind: DoseStripCellKind } } }[], date: string) => {
  const day = strip.find((d) => d.date === date)!;
  return [day.cells.AM.kind, day.cells.PM.kind];
};

describe("participantSummary: the last fourteen days of doses", () => {
  it("shows each recorded session's outcome, with the milligrams given, from 17 to 30 November", async () => {
    const p = await enrolled();
    await session(p, "2026-11-17", "AM", "DOSED", 60);
    await session(p, "2026-11-16", "PM", "DOSED", 60); // the day before the strip
    await session(p, "2026-11-28", "AM", "PARTIAL", 40);
    await session(p, "2026-11-28", "PM", "MISSED");
    await session(p, "2026-11-29", "AM", "WITHHELD", 0);
    await session(p, "2026-11-29", "PM", "DECLINED", 0);
    await session(p, today, "AM", "DOSED", 60);
    await session(p, today, "PM", null);

    const summary = await participantSummary(db.prisma, siteId, p.participantId, afternoon);
    const strip = summary!.strip;
    expect(strip.map((d) => d.date)).toEqual(Array.from({ length: 14 }, (_, i) => addLocalDays("2026-11-17", i)));
    expect(strip[0]!.cells.AM).toMatchObject({ kind: "GIVEN", givenMg: 60, label: "Given: 60 mg" });
    expect(strip.find((d) => d.date === "2026-11-28")!.cells.AM).toMatchObject({ kind: "PARTIAL", givenMg: 40, label: "Partial: 40 mg" });
    expect(kinds(strip, "2026-11-28")).toEqual(["PARTIAL", "MISSED"]);
    expect(kinds(strip, "2026-11-29")).toEqual(["WITHHELD", "DECLINED"]);
    expect(kinds(strip, today)).toEqual(["GIVEN", "IN_PROGRESS"]);
    // Nothing recorded for a session that has opened: not recorded yet (closing records the missed).
    expect(kinds(strip, "2026-11-20")).toEqual(["NOT_RECORDED", "NOT_RECORDED"]);
  });

  it("shows this afternoon's session as not yet due in the morning", async () => {
    const p = await enrolled();
    const summary = await participantSummary(db.prisma, siteId, p.participantId, morning);
    expect(kinds(summary!.strip, today)).toEqual(["NOT_RECORDED", "NOT_YET_DUE"]);
  });

  it("shows days before enrolment and from the exit day as not in treatment", async () => {
    const p = await enrolled("2026-11-25");
    await db.prisma.episode.update({ where: { id: p.episodeId }, data: { closedOn: localDateToDb("2026-11-29") } });
    const summary = await participantSummary(db.prisma, siteId, p.participantId, afternoon);
    expect(kinds(summary!.strip, "2026-11-24")).toEqual(["NOT_IN_TREATMENT", "NOT_IN_TREATMENT"]);
    expect(kinds(summary!.strip, "2026-11-25")).toEqual(["NOT_RECORDED", "NOT_RECORDED"]);
    expect(kinds(summary!.strip, "2026-11-29")).toEqual(["NOT_IN_TREATMENT", "NOT_IN_TREATMENT"]);
  });
});

describe("participantSummary: the dose in force and the holds on the next dose", () => {
  it("gives the version in force now (not one starting later), its prescriber and review date", async () => {
    const p = await enrolled();
    await prescription(p, 1, 50, 60, "2026-11-10", "2026-12-05");
    await prescription(p, 2, 70, 80, "2026-12-01", "2026-12-20");
    const summary = await participantSummary(db.prisma, siteId, p.participantId, afternoon);
    const prescriber = await db.prisma.user.findUniqueOrThrow({ where: { id: prescriberId } });
    expect(summary!.prescription).toEqual({ version: 1, amMg: 50, pmMg: 60, route: "IV", prescriber: prescriber.name, review: { state: "IN_DATE", reviewBy: "2026-12-05" } });
    expect(summary!.holds).toEqual([]);
  });

  it("lists the holds not cleared, and the review hold once the review date has passed", async () => {
    const p = await enrolled();
    const v1 = await prescription(p, 1, 50, 60, "2026-10-20", "2026-11-17");
    const kept = await db.prisma.hold.create({ data: { participantId: p.participantId, episodeId: p.episodeId, kind: "HARD", source: "MISSED_DOSES", reason: "Three days without a dose", placedById: nurseId } });
    const cleared = await db.prisma.hold.create({ data: { participantId: p.participantId, episodeId: p.episodeId, kind: "SOFT", source: "MANUAL", reason: "Cleared since", placedById: prescriberId } });
    await db.prisma.holdClearance.create({ data: { holdId: cleared.id, clearedById: prescriberId, note: "Reviewed" } });

    const summary = await participantSummary(db.prisma, siteId, p.participantId, afternoon);
    expect(summary!.prescription!.review).toEqual({ state: "LAPSED", reviewBy: "2026-11-17" });
    expect(summary!.holds).toEqual([
      { id: kept.id, kind: "HARD", source: "MISSED_DOSES", reason: "Three days without a dose", placedAt: kept.placedAt },
      { id: `review-${v1.id}`, kind: "HARD", source: "PRESCRIPTION_REVIEW", reason: expect.stringContaining("Prescription lapsed"), placedAt: null },
    ]);
  });

  it("has no dose in force and no holds once the person has exited", async () => {
    const p = await enrolled();
    await prescription(p, 1, 50, 60, "2026-10-20", "2026-11-17");
    await db.prisma.hold.create({ data: { participantId: p.participantId, episodeId: p.episodeId, kind: "HARD", source: "MANUAL", reason: "Before the exit", placedById: prescriberId } });
    await db.prisma.episode.update({ where: { id: p.episodeId }, data: { closedOn: localDateToDb("2026-11-20") } });
    const summary = await participantSummary(db.prisma, siteId, p.participantId, afternoon);
    expect(summary!.prescription).toBeNull();
    expect(summary!.holds).toEqual([]);
  });
});

describe("participantSummary: the last screen and the next TOP", () => {
  it("gives the newest screen, whether it showed street heroin and what was positive", async () => {
    const p = await enrolled();
    const screen = (collectedOn: LocalDate, positives: ("PAPAVERINE" | "COCAINE" | "MORPHINE_6MAM")[]) =>
      db.prisma.urineScreen.create({
        data: {
          siteId,
          participantId: p.participantId,
          collectedOn: localDateToDb(collectedOn),
          supervised: true,
          results: {
            create: (["PAPAVERINE", "COCAINE", "MORPHINE_6MAM", "ACETYLCODEINE", "NOSCAPINE"] as const).map((substance) => ({
              substance,
              result: (positives as string[]).includes(substance) ? ("POSITIVE" as const) : ("NEGATIVE" as const),
            })),
          },
        },
      });
    await screen("2026-11-02", ["PAPAVERINE"]);
    await screen("2026-11-23", ["COCAINE", "MORPHINE_6MAM"]);
    const summary = await participantSummary(db.prisma, siteId, p.participantId, afternoon);
    expect(summary!.lastScreen).toEqual({ collectedOn: "2026-11-23", streetHeroin: "NEGATIVE", positives: expect.arrayContaining(["COCAINE", "MORPHINE_6MAM"]) });
    expect(summary!.lastScreen!.positives).toHaveLength(2);
  });

  it("has no screen for someone never screened, and a Start TOP due at enrolment", async () => {
    const p = await enrolled("2026-11-25");
    const summary = await participantSummary(db.prisma, siteId, p.participantId, afternoon);
    expect(summary!.lastScreen).toBeNull();
    expect(summary!.topDue).toEqual({ stage: "START", dueOn: "2026-11-25", status: "due" });
  });
});

describe("participantSummary: whose record", () => {
  it("answers null for a participant of another site, or none", async () => {
    const p = await enrolled();
    expect(await participantSummary(db.prisma, otherSiteId, p.participantId, afternoon)).toBeNull();
    expect(await participantSummary(db.prisma, siteId, "no-such-participant", afternoon)).toBeNull();
  });
});
