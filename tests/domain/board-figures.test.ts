import { describe, expect, it } from "vitest";
import { episode } from "../support/board-records";
import {
  boardFigures,
  costsForSite,
  forSite,
  financialYearOf,
  followUpEnd,
  kaplanMeier,
  median,
  metRiottOutcome,
  offenceWindows,
  offendingFigures,
  retentionFigures,
  riottUrineFigures,
  RIOTT_FIRST_DAY,
  RIOTT_LAST_DAY,
  type BoardData,
  type EpisodeRecord,
  type ExitReason,
  type TopPair,
  type TopScores,
} from "@/domain/board-figures";
import { addLocalMonths } from "@/domain/clinic-time";
import { DEFAULT_COST_ASSUMPTIONS } from "@/domain/costs";
import { financialYearLabel } from "@/domain/money";
import { figureRows, formatWholePounds, showRow } from "@/domain/board-report";
import type { StreetHeroinStatus } from "@/domain/urine";

/** The funding denominator's population: here, the same episodes. */
const spans = (episodes: EpisodeRecord[]) => episodes.map((e) => ({ site: e.site, enrolledOn: e.enrolledOn, exitedOn: e.exit?.on ?? null }));

const scores = (opiateDays: number, injectedDays: number, shopliftingDays: number, psych: number, phys: number, qol: number, housing: boolean): TopScores => ({
  opiateDays,
  injectedDays,
  shopliftingDays,
  psychologicalHealth: psych,
  physicalHealth: phys,
  qualityOfLife: qol,
  acuteHousingProblem: housing,
});

describe("calendar helpers", () => {
  it.each([
    ["2025-01-31", 1, "2025-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2025-04-01", 3, "2025-07-01"],
    ["2025-11-15", 3, "2026-02-15"],
    ["2025-04-01", 12, "2026-04-01"],
  ])("adds calendar months: %s + %i = %s", (date, months, expected) => {
    expect(addLocalMonths(date, months)).toBe(expected);
  });

  it.each([
    ["2025-03-31", 2024, "2024/25"],
    ["2025-04-01", 2025, "2025/26"],
    ["1999-12-31", 1999, "1999/00"],
  ])("puts %s in financial year %i (%s)", (date, year, label) => {
    expect(financialYearOf(date)).toBe(year);
    expect(financialYearLabel(year)).toBe(label);
  });

  it.each([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])("takes the median of %j as %s", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("a small cohort computed by hand", () => {
  // Six episodes, period 2025/26, followed up to its end. F's exit is after the period, so it is active here.
  const episodes = [
    episode("2025-04-01", { offencesBefore: [10, 20], offencesDuring: [5], offencesInPeriod: [5] }), // A
    episode("2025-04-01", { exit: { on: "2025-05-01", reason: "DROPPED_OUT", planned: false }, offencesBefore: [30] }), // B
    episode("2025-06-15", { breakReason: "PHYSICAL_HEALTH", offencesDuring: [8], offencesInPeriod: [8] }), // C
    episode("2025-10-01", { exit: { on: "2026-01-01", reason: "COMPLETED_TO_ORAL", planned: true }, offencesBefore: [4, 4, 4], offencesDuring: [2], offencesInPeriod: [2] }), // D
    episode("2024-12-01", { offencesBefore: [50] }), // E
    episode("2025-04-01", { exit: { on: "2026-06-01", reason: "MOVED_AWAY", planned: false } }), // F
  ];
  const data: BoardData = {
    site: "A",
    from: "2025-04-01",
    to: "2026-03-31",
    asOf: "2026-03-31",
    episodes,
    siteEpisodes: spans(episodes),
    sessions: [
      { site: "A", month: "2025-04", outcome: "DOSED", sessions: 50 },
      { site: "A", month: "2025-04", outcome: "PARTIAL", sessions: 2 },
      { site: "A", month: "2025-04", outcome: "MISSED", sessions: 4 },
      { site: "A", month: "2025-04", outcome: "NOT_EXPECTED", sessions: 10 },
      { site: "A", month: "2025-05", outcome: "DOSED", sessions: 30 },
      { site: "A", month: "2025-05", outcome: "WITHHELD", sessions: 5 },
      { site: "A", month: "2025-05", outcome: "DECLINED", sessions: 5 },
    ],
    screens: [
      { sites: ["A"], month: "2025-05", status: "POSITIVE", screens: 3 },
      { sites: ["A"], month: "2025-04", status: "NEGATIVE", screens: 8 },
      { sites: ["A"], month: "2025-04", status: "POSITIVE", screens: 2 },
      // Lab samples with no street-heroin marker reported: never negative, counted apart.
      { sites: ["A"], month: "2025-04", status: "NOT_TESTED", screens: 4 },
    ],
    top: [
      { sites: ["A"], start: scores(20, 18, 28, 6, 8, 5, true), review: scores(0, 0, 0, 10, 12, 12, false) },
      { sites: ["A"], start: scores(10, 10, 20, 8, 10, 7, false), review: scores(2, 4, 3, 9, 10, 9, false) },
      { sites: ["A"], start: scores(28, 28, 19, 4, 6, 4, true), review: scores(4, 2, 0, 12, 14, 13, true) },
    ],
    funding: [
      { site: "A", financialYear: 2025, kind: "FUNDING", source: "Probation", amountPence: 5_000_000 },
      { site: "A", financialYear: 2025, kind: "IN_KIND", source: "Council premises", amountPence: 2_000_000 },
      { site: "A", financialYear: 2024, kind: "FUNDING", source: "PCC", amountPence: 1_000_000 },
      { site: "A", financialYear: 2025, kind: "FUNDING", source: "PCC", amountPence: 10_000_000 },
    ],
    stockChecks: [
      // Before the period: a discrepancy that a recount inside the period settled.
      { site: "A", siteCode: "A", product: "Diamorphine 100 mg", batch: "A1", checkedOn: "2025-03-30", expected: 50, counted: 49 },
      { site: "A", siteCode: "A", product: "Diamorphine 100 mg", batch: "A1", checkedOn: "2025-04-02", expected: 49, counted: 49 },
      // In the period: B2 is short at its latest check; C3 was short, then agreed.
      { site: "A", siteCode: "A", product: "Diamorphine 100 mg", batch: "B2", checkedOn: "2025-06-01", expected: 40, counted: 40 },
      { site: "A", siteCode: "A", product: "Diamorphine 500 mg", batch: "C3", checkedOn: "2025-09-10", expected: 12, counted: 11 },
      { site: "A", siteCode: "A", product: "Diamorphine 500 mg", batch: "C3", checkedOn: "2025-09-11", expected: 11, counted: 11 },
      { site: "A", siteCode: "A", product: "Diamorphine 100 mg", batch: "B2", checkedOn: "2026-02-01", expected: 30, counted: 28 },
      // After the period: not yet known at its end.
      { site: "A", siteCode: "A", product: "Diamorphine 100 mg", batch: "B2", checkedOn: "2026-04-02", expected: 28, counted: 28 },
    ],
  };
  const figures = boardFigures(data, { A: { costPerOffencePence: 100_000, basis: "A round figure for the test" } });

  it("counts active, on a break and exited among everyone ever enrolled", () => {
    const r = figures.retention;
    expect(r.everEnrolled).toBe(6);
    expect(r.active).toEqual({ count: 3, of: 6, rate: 0.5 });
    expect(r.onBreak).toEqual({ count: 1, of: 6, rate: 1 / 6, byReason: [{ reason: "PHYSICAL_HEALTH", count: 1 }] });
    expect(r.exited).toEqual({
      count: 2,
      of: 6,
      rate: 2 / 6,
      planned: 1,
      unplanned: 1,
      byReason: [
        { reason: "COMPLETED_TO_ORAL", planned: true, count: 1 },
        { reason: "DROPPED_OUT", planned: false, count: 1 },
      ],
    });
  });

  it("retains at 3, 6 and 12 months only those enrolled long enough, counting an exit on the milestone as retained", () => {
    // Since entry, every milestone by 2026-03-31; in the period, those from 2025-04-01 (E's
    // 3-month milestone, 2025-03-01, is before it). Only B left before a milestone (dropped out).
    const count = (eligible: number, retained: number) => ({ eligible, retained, rate: retained / eligible, retainedInTreatment: retained, rateInTreatment: retained / eligible });
    expect(figures.retention.milestones).toEqual([
      { months: 3, ...count(6, 5), inPeriod: count(5, 4) },
      { months: 6, ...count(5, 4), inPeriod: count(5, 4) },
      { months: 12, ...count(1, 1), inPeriod: count(1, 1) },
    ]);
  });

  it("counts the episodes enrolled, exited and in treatment in the period", () => {
    // Enrolled: A, B, C, D, F (E in 2024). Exited: B and D (F's exit is after the period).
    expect(figures.retention.inPeriod).toEqual({ enrolled: 5, exited: 2, inTreatment: 6 });
  });

  it("draws a Kaplan–Meier curve per enrolment cohort and for all, censoring those still in treatment", () => {
    expect(figures.survival.map((c) => [c.cohort, c.people])).toEqual([
      ["2024/25", 1],
      ["2025/26", 5],
      ["All", 6],
    ]);
    expect(figures.survival[2]!.points).toEqual([
      { day: 0, survival: 1, atRisk: 6, events: 0, censored: 0 },
      { day: 30, survival: 5 / 6, atRisk: 6, events: 1, censored: 0 },
      { day: 92, survival: (5 / 6) * (4 / 5), atRisk: 5, events: 1, censored: 0 },
      { day: 289, survival: (5 / 6) * (4 / 5), atRisk: 4, events: 0, censored: 1 },
      { day: 364, survival: (5 / 6) * (4 / 5), atRisk: 3, events: 0, censored: 2 },
      { day: 485, survival: (5 / 6) * (4 / 5), atRisk: 1, events: 0, censored: 1 },
    ]);
    expect(figures.survival[1]!.points.map((p) => [p.day, p.survival, p.atRisk])).toEqual([
      [0, 1, 5],
      [30, 4 / 5, 5],
      [92, (4 / 5) * (3 / 4), 4],
      [289, (4 / 5) * (3 / 4), 3],
      [364, (4 / 5) * (3 / 4), 2],
    ]);
  });

  it("gives attendance per month as dosed or partial out of expected, leaving not-expected sessions out", () => {
    expect(figures.attendance.months).toEqual([
      { month: "2025-04", count: 52, of: 56, rate: 52 / 56 },
      { month: "2025-05", count: 30, of: 40, rate: 30 / 40 },
    ]);
    expect(figures.attendance.overall).toEqual({ count: 82, of: 96, rate: 82 / 96 });
  });

  it("gives the share of sessions attended: every expected session but the missed ones", () => {
    // April: 56 expected, 4 missed. May: 40 expected, the withheld and declined came.
    expect(figures.sessionsAttended.months).toEqual([
      { month: "2025-04", count: 52, of: 56, rate: 52 / 56 },
      { month: "2025-05", count: 40, of: 40, rate: 1 },
    ]);
    expect(figures.sessionsAttended.overall).toEqual({ count: 92, of: 96, rate: 92 / 96 });
  });

  it("gives the share of screens negative for street heroin per month, oldest first, and overall, leaving untested samples out", () => {
    expect(figures.urineNegative.months).toEqual([
      { month: "2025-04", count: 8, of: 10, rate: 0.8 },
      { month: "2025-05", count: 0, of: 3, rate: 0 },
    ]);
    expect(figures.urineNegative.overall).toEqual({ count: 8, of: 13, rate: 8 / 13 });
    expect(figures.urineNegative.notTested).toBe(4);
  });

  it("compares offending in the year before entry with time on programme", () => {
    // Days on programme: A 365, B 31, C 290, D 93, E 486, F 365 (its exit is after the period).
    const personYears = (365 + 31 + 290 + 93 + 486 + 365) / 365;
    // In the period: E's 121 days in 2024/25 are not in it: A 365, B 31, C 290, D 93, E 365, F 365.
    const inPeriodYears = (365 + 31 + 290 + 93 + 365 + 365) / 365;
    expect(figures.offending).toEqual({
      people: 6,
      offencesBefore: 7,
      offencesDuring: 3,
      perPersonBefore: 7 / 6,
      perPersonDuring: 0.5,
      // Six full years before entry (nobody was re-admitted).
      personYearsBefore: 6,
      perPersonYearBefore: 7 / 6,
      personYearsDuring: personYears,
      perPersonYearDuring: 3 / personYears,
      perPersonChange: (0.5 - 7 / 6) / (7 / 6),
      medianSeverityBefore: 10,
      medianSeverityDuring: 5,
      priorOffenders: 4,
      // A, C and D.
      offendersDuring: 3,
      // B and E: no offence on programme.
      stopped: { count: 2, of: 4, rate: 0.5 },
      // A (1 a year against 2), B, E; not D (1 in 93 days is about 3.9 a year against 3).
      reduced: { count: 3, of: 4, rate: 0.75 },
      inPeriod: { people: 6, offences: 3, personYears: inPeriodYears, perPersonYear: 3 / inPeriodYears, medianSeverity: 5 },
    });
  });

  it("compares TOP at Start with the latest Review", () => {
    expect(figures.top.people).toBe(3);
    const byMeasure = Object.fromEntries(figures.top.measures.map((m) => [m.measure, [m.startMean, m.reviewMean, m.change]]));
    const close = (values: (number | null)[]) => values.map((v) => Number(v!.toFixed(6)));
    expect(close(byMeasure.opiateDays!)).toEqual(close([58 / 3, 2, 2 - 58 / 3]));
    expect(close(byMeasure.injectedDays!)).toEqual(close([56 / 3, 2, 2 - 56 / 3]));
    expect(close(byMeasure.shopliftingDays!)).toEqual(close([67 / 3, 1, 1 - 67 / 3]));
    expect(close(byMeasure.psychologicalHealth!)).toEqual(close([6, 31 / 3, 31 / 3 - 6]));
    expect(close(byMeasure.physicalHealth!)).toEqual([8, 12, 4]);
    expect(close(byMeasure.qualityOfLife!)).toEqual(close([16 / 3, 34 / 3, 6]));
    expect(figures.top).toMatchObject({ housingProblemAtStart: 2, housingProblemAtReview: 1, dailyShopliftingAtStart: 2, dailyShopliftersNowNone: 1 });
  });

  it("totals funding and in-kind by financial year, with cost per participant-year and the estimated saving", () => {
    const [y2024, y2025] = figures.money.years;
    expect(y2024).toMatchObject({ financialYear: 2024, fundingPence: 1_000_000, inKindPence: 0, yearComplete: true, participantYears: 121 / 365 });
    expect(y2024!.fundingPerParticipantYearPence).toBe(Math.round(1_000_000 / (121 / 365)));
    expect(y2025).toMatchObject({ financialYear: 2025, fundingPence: 15_000_000, inKindPence: 2_000_000, participantYears: 1509 / 365 });
    expect(y2025!.lines.map((l) => l.source)).toEqual(["PCC", "Probation", "Council premises"]);
    expect(y2025!.fundingPerParticipantYearPence).toBe(Math.round((15_000_000 * 365) / 1509));
    expect(y2025!.fullCostPerParticipantYearPence).toBe(Math.round((17_000_000 * 365) / 1509));
    const avoided = (7 / 6) * (1630 / 365) - 3;
    expect(figures.money).toMatchObject({ fundingPence: 16_000_000, inKindPence: 2_000_000, offencesAvoided: avoided, costPerOffencePence: 100_000, costBasis: "A round figure for the test" });
    expect(figures.money.estimatedSavingPence).toBe(Math.round(avoided * 100_000));
    // In the period: the same before-rate over the 1509 person-days on programme in 2025/26, less its 3 offences.
    const avoidedInPeriod = (7 / 6) * (1509 / 365) - 3;
    expect(figures.money.inPeriod).toEqual({ offencesAvoided: avoidedInPeriod, estimatedSavingPence: Math.round(avoidedInPeriod * 100_000) });
  });

  it("counts stock checks in the period and keeps a discrepancy open until a recount agrees", () => {
    expect(figures.operations).toEqual({
      stockChecks: 5,
      stockChecksWithDiscrepancy: 2,
      openDiscrepancies: [{ product: "Diamorphine 100 mg", batch: "B2", checkedOn: "2026-02-01", expected: 30, counted: 28 }],
    });
    const rows = figureRows(figures, 3).filter((r) => r.section === "Operations");
    expect(rows.map((r) => [r.measure, r.group, showRow(r, 3)])).toEqual([
      ["Controlled-drug stock checks", "In the period", "5"],
      ["Stock checks with a discrepancy", "In the period", "2"],
      ["Open stock discrepancy", "Diamorphine 100 mg, batch B2, checked 2026-02-01", "register 30, counted 28 (-2)"],
    ]);
  });

  it("suppresses groups of one and two in every presented breakdown, and whatever would give them away", () => {
    const rows = figureRows(figures, 3);
    const value = (measure: string, group = "") => showRow(rows.find((r) => r.measure === measure && r.group === group), 3);
    expect(value("Ever enrolled (episodes)")).toBe("6");
    expect(value("Active (episodes)")).toBe("3");
    expect(value("Active (%)")).toBe("50.0%");
    expect(value("On a temporary break (episodes)", "Other reasons")).toBe("<3");
    expect(value("Exited (episodes)", "All reasons")).toBe("<3");
    expect(value("Exited (%)", "All reasons")).toBe("suppressed");
    // One of six left before 3 months: 5 retained would show it as 6 − 5.
    expect(value("Retained at 3 months: eligible (episodes)")).toBe("6");
    expect(value("Retained at 3 months (episodes)")).toBe("suppressed");
    expect(value("Retained at 12 months (episodes)")).toBe("<3");
    expect(value("Cohort 2024/25: at risk (episodes)", "Month 0")).toBe("<3");
    expect(value("Cohort 2024/25: still in treatment (%)", "Month 0")).toBe("suppressed");
    expect(value("Stopped offending (people)", "Of prior offenders")).toBe("<3");
    // 3 of 4 reduced: the one who did not would show as 4 − 3.
    expect(value("Reduced offending (people)", "Of prior offenders")).toBe("suppressed");
    // Every count of people is suppressed; Operations counts stock checks, not people.
    const people = rows.filter((r) => r.unit === "episodes" || r.unit === "people");
    expect(people.filter((r) => r.value === 1 || r.value === 2)).toEqual([]);
  });
});

describe("Kaplan–Meier edge cases", () => {
  it("starts at 100% with nobody at risk left out, and drops on day 0 for a same-day exit", () => {
    expect(kaplanMeier([], "2025-01-01")).toEqual([{ day: 0, survival: 1, atRisk: 0, events: 0, censored: 0 }]);
    const points = kaplanMeier(
      [episode("2025-01-01", { exit: { on: "2025-01-01", reason: "DIED", planned: false } }), episode("2025-01-01")],
      "2025-01-11",
    );
    expect(points).toEqual([
      { day: 0, survival: 0.5, atRisk: 2, events: 1, censored: 0 },
      { day: 10, survival: 0.5, atRisk: 1, events: 0, censored: 1 },
    ]);
  });

  it("reaches zero when the last person at risk leaves", () => {
    const points = kaplanMeier([episode("2025-01-01", { exit: { on: "2025-02-01", reason: "DROPPED_OUT", planned: false } })], "2025-12-31");
    expect(points.at(-1)).toEqual({ day: 31, survival: 0, atRisk: 1, events: 1, censored: 0 });
  });
});

describe("Middlesbrough year one (DOMAIN.md, 'Board figures to reproduce')", () => {
  // 14 people enrolled at the start of 2018/19; the report is at the end of that year.
  // Offences in the year before / on programme per person (42 → 17): twelve prior offenders.
  const offenceCounts: [number, number][] = [
    [5, 1], [5, 1], [4, 1], [4, 0], [4, 4], [4, 1], [3, 0], [3, 3], [3, 1], [3, 3], [2, 2], [2, 0], [0, 0], [0, 0],
  ];
  // Severities so that the median of 42 is (30 + 35) / 2 = 32.5 and of 17 is 13.
  const before = [...Array(20).fill(10), 30, 35, ...Array(20).fill(60)] as number[];
  const during = [...Array(8).fill(5), 13, ...Array(8).fill(20)] as number[];
  const exits: EpisodeRecord["exit"][] = [
    { on: "2018-09-10", reason: "CUSTODIAL_SENTENCE", planned: false },
    { on: "2018-11-20", reason: "CUSTODIAL_SENTENCE", planned: false },
    { on: "2018-07-02", reason: "DROPPED_OUT", planned: false },
    { on: "2019-01-15", reason: "DROPPED_OUT", planned: false },
    { on: "2019-02-28", reason: "MOVED_AWAY", planned: false },
  ];
  const episodes = offenceCounts.map(([b, d], i): EpisodeRecord => ({
    site: "MBR",
    enrolledOn: "2018-04-01",
    previousExitOn: null,
    offencesInPeriod: [],
    riottScreens: [],
    // People 1 and 2 are on a break; the five who left had no offence on programme.
    breakReason: i === 0 ? "PHYSICAL_HEALTH" : i === 1 ? "MENTAL_HEALTH" : null,
    exit: [3, 6, 11, 12, 13].includes(i) ? exits[[3, 6, 11, 12, 13].indexOf(i)]! : null,
    offencesBefore: before.splice(0, b),
    offencesDuring: during.splice(0, d),
  }));
  // 9 of 14 shoplifted daily at entry; 6 of those 9 not at all at review.
  const top: TopPair[] = Array.from({ length: 14 }, (_, i) => ({
    sites: ["MBR"],
    start: scores(25, 20, i < 9 ? 28 : 3, 6, 7, 5, i < 4),
    review: scores(3, 2, i < 6 ? 0 : i < 9 ? 5 : 1, 11, 12, 11, i < 1),
  }));
  const data: BoardData = {
    site: "MBR",
    from: "2018-04-01",
    to: "2019-03-31",
    asOf: "2019-03-31",
    episodes,
    siteEpisodes: spans(episodes),
    sessions: [
      { site: "MBR", month: "2018-04", outcome: "DOSED", sessions: 819 },
      { site: "MBR", month: "2018-04", outcome: "PARTIAL", sessions: 4 },
      { site: "MBR", month: "2018-04", outcome: "MISSED", sessions: 10 },
      { site: "MBR", month: "2018-04", outcome: "WITHHELD", sessions: 7 },
      { site: "MBR", month: "2018-04", outcome: "NOT_EXPECTED", sessions: 0 },
      { site: "MBR", month: "2018-05", outcome: "DOSED", sessions: 833 },
      { site: "MBR", month: "2018-05", outcome: "DECLINED", sessions: 17 },
      { site: "MBR", month: "2018-05", outcome: "NOT_EXPECTED", sessions: 18 },
    ],
    screens: [
      { sites: ["MBR"], month: "2018-04", status: "NEGATIVE", screens: 36 },
      { sites: ["MBR"], month: "2018-04", status: "POSITIVE", screens: 14 },
      { sites: ["MBR"], month: "2018-05", status: "NEGATIVE", screens: 44 },
      { sites: ["MBR"], month: "2018-05", status: "POSITIVE", screens: 6 },
    ],
    top,
    funding: [
      { site: "MBR", financialYear: 2018, kind: "FUNDING", source: "Office of the Police and Crime Commissioner", amountPence: 13_128_700 },
      { site: "MBR", financialYear: 2018, kind: "FUNDING", source: "Community Rehabilitation Company", amountPence: 4_500_000 },
      { site: "MBR", financialYear: 2018, kind: "FUNDING", source: "HM Prison and Probation Service (prisons)", amountPence: 1_000_000 },
      { site: "MBR", financialYear: 2018, kind: "IN_KIND", source: "Staff and premises", amountPence: 22_522_500 },
    ],
    stockChecks: [],
  };
  const figures = boardFigures(data, { MBR: DEFAULT_COST_ASSUMPTIONS });
  const rows = figureRows(figures, 3);
  const shown = (measure: string, group = "") => showRow(rows.find((r) => r.measure === measure && r.group === group), 3);

  it("has 14 people: 2 on a temporary break (14.3%) and 5 exited (35.7%)", () => {
    expect(figures.retention.everEnrolled).toBe(14);
    expect(figures.retention.onBreak.count).toBe(2);
    expect(figures.retention.exited.count).toBe(5);
    expect(figures.retention.onBreak.rate!.toFixed(3)).toBe("0.143");
    expect(figures.retention.exited.rate!.toFixed(3)).toBe("0.357");
    // Shown: 2 on a break is small, and 14 − 7 active − 5 exited would give it away, so the
    // exits are hidden too; each exit reason is small, so all are merged into "Other reasons".
    expect(shown("On a temporary break (episodes)", "All reasons")).toBe("<3");
    expect(shown("Active (episodes)")).toBe("7");
    expect(shown("Exited (episodes)", "All reasons")).toBe("suppressed");
    expect(shown("Exited (episodes)", "Unplanned")).toBe("suppressed");
    expect(shown("Exited (episodes)", "Other reasons")).toBe("suppressed");
    expect(rows.some((r) => r.group.startsWith("Custodial sentence"))).toBe(false);
  });

  it("reports offences 42 → 17 (3.0 → 1.2 per person, −60%) and median severity 32.5 → 13.0", () => {
    expect(figures.offending).toMatchObject({ people: 14, offencesBefore: 42, offencesDuring: 17, medianSeverityBefore: 32.5, medianSeverityDuring: 13 });
    expect(shown("Offences per person", "12 months before entry")).toBe("3.0");
    expect(shown("Offences per person", "On programme")).toBe("1.2");
    expect(shown("Offences per person: change (%)")).toBe("-59.5%");
    expect(shown("Median severity (Crime Harm Index days)", "12 months before entry")).toBe("32.5");
    expect(shown("Median severity (Crime Harm Index days)", "On programme")).toBe("13.0");
  });

  it("has 67% of those who offended the year before reducing, and 3 of 12 stopping", () => {
    expect([shown("Reduced offending (people)", "Of prior offenders"), shown("Reduced offending (%)", "Of prior offenders")]).toEqual(["8", "66.7%"]);
    expect([shown("Stopped offending (people)", "Of prior offenders"), shown("Stopped offending (%)", "Of prior offenders")]).toEqual(["3", "25.0%"]);
  });

  it("has 80% of urine screens negative for street heroin and 98% session attendance", () => {
    expect([shown("Negative for street heroin (screens)", "Whole period"), shown("Screens tested for street heroin (screens)", "Whole period"), shown("Negative for street heroin (%)", "Whole period")]).toEqual(["80", "100", "80.0%"]);
    expect([shown("Sessions dosed (sessions)", "Whole period"), shown("Sessions expected (sessions)", "Whole period"), shown("Attendance (%)", "Whole period")]).toEqual(["1656", "1690", "98.0%"]);
  });

  it("has 9 of 14 shoplifting daily at entry and 6 of those 9 not at all at review", () => {
    expect(figures.top).toMatchObject({ people: 14, dailyShopliftingAtStart: 9, dailyShopliftersNowNone: 6 });
  });

  it("has year-one funding of £186,287 plus £225,225 in kind", () => {
    expect(shown("Funding (£)", "2018/19 total")).toBe("£186,287");
    expect(shown("In kind (£)", "2018/19 total")).toBe("£225,225");
    expect(shown("Funding (£)", "2018/19 Office of the Police and Crime Commissioner")).toBe("£131,287");
  });

  it("estimates the saving from the year-before rate over the person-years actually on programme", () => {
    // Nine people in all year (365 days) and five who left after 93, 163, 234, 290 and 334 days.
    const personYears = (9 * 365 + 93 + 163 + 234 + 290 + 334) / 365;
    expect(figures.offending.personYearsDuring).toBeCloseTo(personYears, 10);
    expect(figures.money.estimatedSavingPence).toBe(Math.round((3 * personYears - 17) * DEFAULT_COST_ASSUMPTIONS.costPerOffencePence));
  });

  it("reproduces the £97,800 saving when all 14 are on programme the whole year", () => {
    const wholeYear = boardFigures({ ...data, episodes: episodes.map((e) => ({ ...e, exit: null })) }, { MBR: DEFAULT_COST_ASSUMPTIONS });
    expect(formatWholePounds(wholeYear.money.estimatedSavingPence)).toBe("£97,800");
  });
});

describe("follow-up stops at today (issue 17, finding 2)", () => {
  it.each([
    ["2026-03-31", "2026-06-30", "2026-03-31"],
    ["2026-06-30", "2026-06-30", "2026-06-30"],
    ["2026-12-31", "2026-06-30", "2026-06-30"],
  ])("follows a period ending %s up to %s (today) to %s", (to, today, expected) => {
    expect(followUpEnd(to, today)).toBe(expected);
  });

  // Period 2026/27 chosen on 2026-06-30: the server passes asOf = today.
  const open = episode("2026-01-10", { offencesBefore: [5, 5], offencesDuring: [] });
  const data: BoardData = {
    site: "A",
    from: "2026-04-01",
    to: "2027-03-31",
    asOf: "2026-06-30",
    episodes: [open],
    siteEpisodes: spans([open]),
    sessions: [],
    screens: [],
    top: [],
    funding: [{ site: "A", financialYear: 2026, kind: "FUNDING", source: "PCC", amountPence: 3_650_000 }],
    stockChecks: [],
  };
  const figures = boardFigures(data, { A: DEFAULT_COST_ASSUMPTIONS });

  it("counts person-time, offences avoided and the saving only up to today", () => {
    // 2026-01-10 to 2026-06-30: 172 days, not the 446 to the period's end.
    expect(figures.offending.personYearsDuring).toBe(172 / 365);
    expect(figures.offending.inPeriod.personYears).toBe(91 / 365);
    expect(figures.money.offencesAvoided).toBe(2 * (172 / 365));
    expect(figures.money.inPeriod.offencesAvoided).toBe(2 * (91 / 365));
  });

  it("does not count a milestone that today has not reached as retained", () => {
    // 3 months: 2026-04-10, reached. 6 months: 2026-07-10, after today. 12 months: 2027-01-10.
    expect(figures.retention.milestones.map((m) => [m.months, m.eligible, m.retained])).toEqual([
      [3, 1, 1],
      [6, 0, 0],
      [12, 0, 0],
    ]);
  });

  it("censors the Kaplan–Meier curve at today", () => {
    expect(figures.survival.at(-1)!.points.at(-1)).toEqual({ day: 171, survival: 1, atRisk: 1, events: 0, censored: 1 });
  });

  it("gives no cost per participant-year for a financial year not yet over", () => {
    expect(figures.money.years[0]).toMatchObject({ financialYear: 2026, yearComplete: false, participantYears: 91 / 365, fundingPerParticipantYearPence: null });
  });
});

describe("offence windows of a re-admitted person (issue 17, finding 6)", () => {
  const readmitted = (previousExitOn: string | null) => ({ enrolledOn: "2026-01-01", exit: null, previousExitOn });

  it.each([
    ["no earlier episode", null, { from: "2025-01-01", to: "2025-12-31" }, "2026-01-01"],
    ["an exit 100 days before", "2025-09-23", { from: "2025-09-24", to: "2025-12-31" }, "2026-01-01"],
    ["an exit more than a year before", "2024-06-30", { from: "2025-01-01", to: "2025-12-31" }, "2026-01-01"],
    ["an exit the day before", "2025-12-31", { from: "2026-01-01", to: "2025-12-31" }, "2026-01-01"],
    ["an exit on the day of re-admission", "2026-01-01", { from: "2026-01-02", to: "2025-12-31" }, "2026-01-02"],
  ])("starts the year before entry after the earlier episode: %s", (_, previousExitOn, before, onFrom) => {
    const windows = offenceWindows(readmitted(previousExitOn), "2026-01-01", "2026-03-31");
    expect(windows.before).toEqual(before);
    expect(windows.onProgramme).toEqual({ from: onFrom, to: "2026-03-31" });
  });

  it("compares a re-admitted person's offending at the rate of their shorter year before", () => {
    // 2 offences in the 92 days between episodes (7.9 a year); 3 in the 90 days on programme (12.2 a year): not reduced.
    const e = episode("2026-01-01", { previousExitOn: "2025-09-30", offencesBefore: [4, 4], offencesDuring: [4, 4, 4] });
    const o = offendingFigures([e], "2026-01-01", "2026-03-31");
    expect(o.personYearsBefore).toBe(92 / 365);
    expect(o.perPersonYearBefore).toBe(2 / (92 / 365));
    expect(o.reduced.count).toBe(0);
  });
});

describe("retention still in HAT and in any treatment", () => {
  const exitOn = (on: string, reason: ExitReason) =>
    episode("2025-01-01", { exit: { on, reason, planned: true } });

  it.each([
    ["a transfer to oral treatment", false, true, "COMPLETED_TO_ORAL"],
    ["residential rehab", false, true, "RESIDENTIAL_REHAB"],
    ["a drug-free completion", false, false, "COMPLETED_DRUG_FREE"],
    ["a custodial sentence", false, false, "CUSTODIAL_SENTENCE"],
  ] as const)("counts an exit to %s before 3 months as in HAT: %s, in any treatment: %s", (_, inHat, inTreatment, reason) => {
    const [three] = retentionFigures([exitOn("2025-02-01", reason)], "2025-01-01", "2025-12-31").milestones;
    expect([three!.retained, three!.retainedInTreatment]).toEqual([Number(inHat), Number(inTreatment)]);
  });
});

describe("RIOTT's urine outcome: at least half of weeks 14–26 negative for street heroin", () => {
  const weekly = (statuses: StreetHeroinStatus[], firstDay = RIOTT_FIRST_DAY) => statuses.map((status, i) => ({ day: firstDay + i * 7, status }));
  const negatives = (n: number): StreetHeroinStatus[] => [...Array(n).fill("NEGATIVE"), ...Array(13 - n).fill("POSITIVE")];

  it("uses days 91 to 181 of treatment", () => {
    expect([RIOTT_FIRST_DAY, RIOTT_LAST_DAY]).toEqual([91, 181]);
  });

  it.each([
    ["7 of 13 weeks negative", true, weekly(negatives(7))],
    ["6 of 13 weeks negative", false, weekly(negatives(6))],
    ["7 negative weeks, the rest without a sample (missing counts against)", true, weekly(Array(7).fill("NEGATIVE"))],
    ["6 negative weeks and one sample not tested for street heroin", false, weekly([...Array(6).fill("NEGATIVE"), "NOT_TESTED"])],
    ["7 negatives, one of them on day 90 (week 13)", false, weekly(Array(7).fill("NEGATIVE"), 90)],
    ["7 negatives from day 127, the last on day 169", true, weekly(Array(7).fill("NEGATIVE"), 127)],
    ["7 negatives from day 140, the last on day 182 (week 27)", false, weekly(Array(7).fill("NEGATIVE"), 140)],
    [
      "7 weeks with a negative, but one of them also has a positive",
      false,
      [...weekly(Array(7).fill("NEGATIVE")), { day: RIOTT_FIRST_DAY + 1, status: "POSITIVE" as const }],
    ],
  ])("%s: met %s", (_, met, screens) => {
    expect(metRiottOutcome(screens)).toBe(met);
  });

  it("counts an episode once its week 26 is over, since entry and in the period", () => {
    const done = episode("2025-01-01", { riottScreens: weekly(negatives(13)) }); // day 181: 2025-07-01
    const notYet = episode("2025-01-03", { riottScreens: weekly(negatives(13)) }); // day 181: 2025-07-03
    const earlier = episode("2024-01-01", { riottScreens: weekly(negatives(0)) });
    expect(riottUrineFigures([done, notYet, earlier], "2025-04-01", "2025-07-01")).toEqual({
      count: 1,
      of: 2,
      rate: 0.5,
      inPeriod: { count: 1, of: 1, rate: 1 },
    });
  });
});

describe("all sites' money is the sum of each site's own", () => {
  it("prices each site's offences avoided at its own cost per offence", () => {
    const year = "2025-04-01";
    const a = episode(year, { site: "A", offencesBefore: [1, 1, 1, 1] }); // 4 avoided over a year
    const b = episode(year, { site: "B", offencesBefore: [1, 1], offencesDuring: [1] }); // 1 avoided
    const data: BoardData = {
      site: null,
      from: year,
      to: "2026-03-31",
      asOf: "2026-03-31",
      episodes: [a, b],
      siteEpisodes: spans([a, b]),
      sessions: [],
      screens: [],
      top: [],
      funding: [],
      stockChecks: [],
    };
    const costs = { A: { costPerOffencePence: 100_000, basis: "A's figure" }, B: { costPerOffencePence: 300_000, basis: "B's figure" } };
    const money = boardFigures(data, costs).money;
    expect(money.offencesAvoided).toBeCloseTo(5, 10);
    expect(money.estimatedSavingPence).toBe(4 * 100_000 + 1 * 300_000);
    expect(money.costPerOffencePence).toBeNull();
    expect(money.costBasis).toBe("Each site's own cost per offence, summed over the sites: A's figure / B's figure");
  });
});

describe("one site's figures out of all sites' data", () => {
  const a = episode("2025-04-01", { site: "A", exit: { on: "2025-09-01", reason: "MOVED_AWAY", planned: false } });
  const b = episode("2025-09-01", { site: "B" });
  const start = scores(20, 10, 25, 6, 8, 5, true);
  const review = scores(5, 0, 0, 10, 12, 11, false);
  // The person moved from A to B on 2025-09-01: that day's screen and their TOP pair belong to both sites, once to all sites.
  const all: BoardData = {
    site: null,
    from: "2025-04-01",
    to: "2026-03-31",
    asOf: "2026-03-31",
    episodes: [a, b],
    siteEpisodes: spans([a, b]),
    sessions: [
      { site: "A", month: "2025-05", outcome: "DOSED", sessions: 40 },
      { site: "B", month: "2025-10", outcome: "MISSED", sessions: 2 },
    ],
    screens: [
      { sites: ["A"], month: "2025-06", status: "NEGATIVE", screens: 4 },
      { sites: ["A", "B"], month: "2025-09", status: "POSITIVE", screens: 1 },
    ],
    top: [{ sites: ["A", "B"], start, review }],
    funding: [
      { site: "A", financialYear: 2025, kind: "FUNDING", source: "PCC", amountPence: 1_000 },
      { site: "B", financialYear: 2025, kind: "FUNDING", source: "PCC", amountPence: 2_000 },
    ],
    stockChecks: [
      { site: "A", siteCode: "NTH", product: "Diamorphine 100 mg", batch: "X", checkedOn: "2025-06-01", expected: 5, counted: 4 },
      { site: "B", siteCode: "STH", product: "Diamorphine 100 mg", batch: "X", checkedOn: "2025-07-01", expected: 5, counted: 5 },
    ],
  };
  const costs = { A: DEFAULT_COST_ASSUMPTIONS, B: DEFAULT_COST_ASSUMPTIONS };

  it("counts a screen or TOP pair shared by two sites once for all sites and once at each", () => {
    const [everywhere, atA, atB] = [boardFigures(all, costs), boardFigures(forSite(all, "A"), costsForSite(costs, "A")), boardFigures(forSite(all, "B"), costsForSite(costs, "B"))];
    expect([everywhere.urineNegative.overall.of, atA.urineNegative.overall.of, atB.urineNegative.overall.of]).toEqual([5, 5, 1]);
    expect([everywhere.top.people, atA.top.people, atB.top.people]).toEqual([1, 1, 1]);
    expect([everywhere.retention.everEnrolled, atA.retention.everEnrolled, atB.retention.everEnrolled]).toEqual([2, 1, 1]);
    expect([everywhere.attendance.overall.of, atA.attendance.overall.of, atB.attendance.overall.of]).toEqual([42, 40, 2]);
  });

  it("adds all sites' funding from one source, and names a batch's site only across all sites", () => {
    expect(boardFigures(all, costs).money.years[0]!.lines).toEqual([{ financialYear: 2025, kind: "FUNDING", source: "PCC", amountPence: 3_000 }]);
    expect(boardFigures(forSite(all, "B"), costsForSite(costs, "B")).money.fundingPence).toBe(2_000);
    // The same product and batch at two sites are two batches.
    expect(boardFigures(all, costs).operations.openDiscrepancies.map((d) => d.product)).toEqual(["NTH: Diamorphine 100 mg"]);
    expect(boardFigures(forSite(all, "A"), costsForSite(costs, "A")).operations.openDiscrepancies.map((d) => d.product)).toEqual(["Diamorphine 100 mg"]);
    expect(boardFigures(forSite(all, "B"), costsForSite(costs, "B")).operations.openDiscrepancies).toEqual([]);
  });
});
