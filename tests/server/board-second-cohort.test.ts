import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/auth/actor";
import { clinicInstant, type LocalDate } from "@/domain/clinic-time";
import { figureRows, rowAt, showRow } from "@/domain/board-report";
import { parseReportingPeriod } from "@/domain/reporting-period";
import { TOP_FIELDS, type TopAnswers } from "@/domain/top";
import { SUBSTANCES, type ScreenResult, type Substance } from "@/domain/urine";
import { boardReport, type BoardScope } from "@/server/board";
import { administerDose, signOff, withholdDose } from "@/server/dose-sessions";
import { AdministerDoseInput } from "@/server/dose-sessions.input";
import { saveCostAssumptions, saveFundingLine } from "@/server/funding";
import { importOffences } from "@/server/offences";
import { enrolParticipant, exitParticipant, recordAssessment, referNewParticipant, reReferParticipant, startBreak } from "@/server/participants";
import { prescribe } from "@/server/prescriptions";
import { PrescribeInput } from "@/server/prescriptions.input";
import { closeSession } from "@/server/session-closure";
import { recordTopAssessment } from "@/server/top-assessments";
import { importUrineResults, recordUrineScreen } from "@/server/urine-screens";
import { freshDatabase, type TestDatabase } from "../support/database";
import { expectReleasedAsMemberByMember } from "../support/board-release";
import { doseClinic, type Clinic } from "../support/dose-clinic";
import { makeUser } from "../support/fixtures";

/**
 * Issue 17, acceptance: a second cohort, hand-built and hand-computed, unlike the
 * Middlesbrough shape, loaded through the app's own services and imports, and every figure
 * compared with values worked out by hand below.
 *
 * TODAY is 2026-06-30. The main period is the financial year 2026/27 (2026-04-01 to
 * 2027-03-31): it ends after today, so every figure is followed up to 2026-06-30 only.
 *
 * Two sites. North costs £2,000 per offence, South £5,000 (their own cost assumptions).
 *
 * Episodes (enrolment → exit), and days on programme up to 2026-06-30, both ends included:
 *   N1  North 2025-10-01 → still in treatment                          273 days
 *   N2a North 2025-11-03 → 2026-02-02 dropped out (unplanned)            92 days
 *   N2b North 2026-04-06 → still in treatment (N2 re-admitted)          86 days
 *   N3  North 2026-01-05 → 2026-03-20 transferred to oral (planned)      75 days
 *   N4  North 2026-05-04 → on a break in hospital since 2026-06-15      58 days
 *   S1  South 2025-09-01 → 2026-04-20 custodial sentence (unplanned)   232 days
 *   S2  South 2026-03-02 → still in treatment                          121 days
 * South has two episodes: a group just under the threshold of 3.
 *
 * Offences (police import; date, Crime Harm Index severity) and the window each falls in:
 *   N1: 2025-03-15 (10), 2025-08-01 (20) before; 2026-02-10 (5) on programme before the
 *       period; 2026-05-05 (7) on programme in the period; 2026-08-01 (99) after today: never.
 *   N2: 2025-06-01 (30) before N2a; 2025-12-01 (4) during N2a; 2026-03-01 (6) between the
 *       episodes: before N2b, whose year before starts the day after N2a's exit
 *       (2026-02-03 to 2026-04-05, 62 days), so 2025-06-01 and 2025-12-01 are not counted
 *       again; 2026-06-10 (3) during N2b, in the period.
 *   N3: 2026-05-25 (9) after the exit: not on programme, never counted.
 *   N4: 2026-01-10 (8) before.
 *   S1: 2025-05-05 (15), 2025-07-07 (15), 2025-08-08 (25) before; 2026-04-10 (40) during, in the period.
 *   S2: 2025-12-12 (12) before.
 *
 * Urine screens (lab import at North, by hand at South):
 *   N1 weeks 14–26 (days 91–181, 2025-12-31 to 2026-03-31): eight weekly lab samples from
 *     2026-01-01 (day 92, week 14) to 2026-02-19 (day 141, week 21); six report papaverine
 *     negative, the last two only 6-MAM and cocaine: not tested for street heroin. 6 negative
 *     weeks of 13: RIOTT's outcome not met (counting the partial samples negative, 8 weeks,
 *     would meet it).
 *   S1 weeks 14–20: seven weekly screens by hand from 2025-12-01 (day 91), all negative: met.
 *   In the period: N1 2026-04-14 papaverine negative (negative); N1 2026-05-12 only 6-MAM and
 *     cocaine (not tested); N2 2026-05-12 acetylcodeine positive (positive); N4 2026-06-20
 *     only cocaine (not tested); S2 2026-04-20 by hand, all markers negative (negative);
 *     S1 2026-04-25 (after S1's exit: not in treatment, left out); N1 2026-07-15 (after
 *     today, left out).
 *
 * Sessions (North, 2026-06-20): N1 dosed at AM and withheld at PM; N2b missed both; N4 on
 * a break and without a prescription: not expected at both.
 *
 * TOP: N1 Start 2025-10-01 and Review 2026-04-01; S1 Start 2025-09-01 and Review
 * 2026-03-01; S2 Start only.
 *
 * Funding: North 2025/26 £100,000 and £20,000 in kind, 2026/27 £120,000; South 2025/26 £50,000.
 */

const TODAY = "2026-06-30";
const NOW = clinicInstant(TODAY, "12:00");
/** The day the files are imported: later than the board's TODAY, so rows after TODAY exist. */
const IMPORT_DAY = "2026-11-30";
const YEAR = 365;

let db: TestDatabase;
const clinics = doseClinic(() => db);
let north: Clinic;
let south: Clinic;
let northAdmin: Actor;
let southAdmin: Actor;
const people: Record<string, { id: string; reference: string }> = {};

const run = clinics.run;
const topAnswers = (scores: Partial<TopAnswers>): TopAnswers =>
  ({ ...Object.fromEntries(TOP_FIELDS.map((f) => [f.name, f.kind === "yesNo" ? false : 0])), ...scores }) as TopAnswers;

async function enrol(c: Clinic, name: string, enrolledOn: LocalDate) {
  const referredOn = enrolledOn;
  const person = await run((tx) =>
    referNewParticipant(tx, c.nurse, { givenName: "Second", familyName: `Cohort ${name}`, dateOfBirth: "1980-01-01", referredOn, agency: "PROBATION", reason: "Test cohort" }),
  );
  people[name] = person;
  await assessAndEnrol(c, person.id, enrolledOn);
  return person;
}

async function assessAndEnrol(c: Clinic, participantId: string, enrolledOn: LocalDate) {
  const referral = await db.prisma.referral.findFirstOrThrow({ where: { participantId }, orderBy: { createdAt: "desc" } });
  await run((tx) =>
    recordAssessment(tx, c.nurse, {
      referralId: referral.id,
      assessedOn: enrolledOn,
      yearsDependent: 12,
      failedTreatments: 3,
      failedTreatmentNotes: "Methadone twice, buprenorphine once",
      injectingDaysLast90: 80,
      monthsInOralTreatment: 24,
      outcome: "ACCEPTED",
    }),
  );
  await run((tx) => enrolParticipant(tx, c.nurse, { participantId, enrolledOn }));
}

const exit = (c: Clinic, name: string, exitedOn: LocalDate, reason: "DROPPED_OUT" | "COMPLETED_TO_ORAL" | "CUSTODIAL_SENTENCE", planned: boolean) =>
  run((tx) => exitParticipant(tx, c.nurse, { participantId: people[name]!.id, exitedOn, reason, planned }));

const allResults = (overrides: Partial<Record<Substance, ScreenResult>>) =>
  Object.fromEntries(SUBSTANCES.map((s) => [s, overrides[s] ?? "NEGATIVE"])) as Record<Substance, ScreenResult>;

beforeAll(async () => {
  db = await freshDatabase();
  north = await clinics.clinic();
  south = await clinics.clinic();
  const admin = async (c: Clinic): Promise<Actor> => {
    const user = await makeUser(db.prisma, c.siteId, "ADMIN");
    return { userId: user.id, name: user.name, role: "ADMIN", siteId: c.siteId };
  };
  northAdmin = await admin(north);
  southAdmin = await admin(south);

  // Episodes, breaks, exits and the re-admission.
  await enrol(south, "S1", "2025-09-01");
  await enrol(north, "N1", "2025-10-01");
  await enrol(north, "N2", "2025-11-03");
  await enrol(north, "N3", "2026-01-05");
  await exit(north, "N2", "2026-02-02", "DROPPED_OUT", false);
  await enrol(south, "S2", "2026-03-02");
  await exit(north, "N3", "2026-03-20", "COMPLETED_TO_ORAL", true);
  await run((tx) => reReferParticipant(tx, north.nurse, { participantId: people.N2!.id, referredOn: "2026-03-25", agency: "DRUG_SERVICE", reason: "Asked to come back" }));
  await assessAndEnrol(north, people.N2!.id, "2026-04-06");
  await exit(south, "S1", "2026-04-20", "CUSTODIAL_SENTENCE", false);
  await enrol(north, "N4", "2026-05-04");
  await run((tx) => startBreak(tx, north.nurse, { participantId: people.N4!.id, reason: "HOSPITAL", startedOn: "2026-06-15" }));

  // Police extracts.
  const ref = (name: string) => people[name]!.reference;
  const offenceCsv = (rows: [string, LocalDate, number][]) =>
    ["reference,offence date,offence type,severity score", ...rows.map(([name, on, severity]) => `${ref(name)},${on},Theft,${severity}`)].join("\n");
  const northOffences = await run((tx) =>
    importOffences(
      tx,
      northAdmin,
      offenceCsv([
        ["N1", "2025-03-15", 10], ["N1", "2025-08-01", 20], ["N1", "2026-02-10", 5], ["N1", "2026-05-05", 7], ["N1", "2026-08-01", 99],
        ["N2", "2025-06-01", 30], ["N2", "2025-12-01", 4], ["N2", "2026-03-01", 6], ["N2", "2026-06-10", 3],
        ["N3", "2026-05-25", 9], ["N4", "2026-01-10", 8],
      ]),
      IMPORT_DAY,
    ),
  );
  expect(northOffences).toMatchObject({ status: "imported", added: 11 });
  const southOffences = await run((tx) =>
    importOffences(tx, southAdmin, offenceCsv([["S1", "2025-05-05", 15], ["S1", "2025-07-07", 15], ["S1", "2025-08-08", 25], ["S1", "2026-04-10", 40], ["S2", "2025-12-12", 12]]), IMPORT_DAY),
  );
  expect(southOffences).toMatchObject({ status: "imported", added: 5 });

  // The laboratory's results for North, partial samples included.
  const labRows: string[] = [];
  const sample = (name: string, on: LocalDate, results: [string, string][]) => {
    for (const [substance, result] of results) labRows.push(`${ref(name)},${on},${substance},${result}`);
  };
  const n1Weeks = ["2026-01-01", "2026-01-08", "2026-01-15", "2026-01-22", "2026-01-29", "2026-02-05", "2026-02-12", "2026-02-19"];
  n1Weeks.forEach((on, i) => sample("N1", on, i < 6 ? [["Papaverine", "negative"], ["6-MAM", "positive"]] : [["6-MAM", "positive"], ["Cocaine", "negative"]]));
  sample("N1", "2026-04-14", [["Papaverine", "negative"], ["6-MAM", "positive"]]);
  sample("N1", "2026-05-12", [["6-MAM", "positive"], ["Cocaine", "negative"]]);
  sample("N1", "2026-07-15", [["Papaverine", "positive"]]);
  sample("N2", "2026-05-12", [["Acetylcodeine", "positive"]]);
  sample("N4", "2026-06-20", [["Cocaine", "positive"]]);
  const lab = await run((tx) => importUrineResults(tx, northAdmin, ["reference,date,substance,result", ...labRows].join("\n"), IMPORT_DAY));
  // Thirteen samples; four of them (N1 on 2026-02-12, 2026-02-19 and 2026-05-12, N4) report no street-heroin marker.
  expect(lab).toMatchObject({ status: "imported", screensCreated: 13, screensNotTestedForStreetHeroin: 4 });

  // Screens read at South, every substance recorded.
  const byHand = (name: string, collectedOn: LocalDate, results = allResults({})) =>
    run((tx) => recordUrineScreen(tx, south.nurse, { participantId: people[name]!.id, collectedOn, sampleType: "URINE", supervised: true, results }));
  for (const on of ["2025-12-01", "2025-12-08", "2025-12-15", "2025-12-22", "2025-12-29", "2026-01-05", "2026-01-12"]) await byHand("S1", on);
  await byHand("S2", "2026-04-20", allResults({ MORPHINE_6MAM: "POSITIVE" }));
  await byHand("S1", "2026-04-25");

  // TOP.
  const top = (c: Clinic, name: string, assessedOn: LocalDate, stage: "START" | "REVIEW", scores: Partial<TopAnswers>) =>
    run((tx) => recordTopAssessment(tx, c.nurse, { participantId: people[name]!.id, assessedOn, stage, ...topAnswers(scores) }));
  await top(north, "N1", "2025-10-01", "START", { opiateDays: 20, injectedDays: 20, shopliftingDays: 25, psychologicalHealth: 6, physicalHealth: 8, qualityOfLife: 5, acuteHousingProblem: true });
  await top(north, "N1", "2026-04-01", "REVIEW", { opiateDays: 2, injectedDays: 0, shopliftingDays: 0, psychologicalHealth: 12, physicalHealth: 12, qualityOfLife: 13 });
  await top(south, "S1", "2025-09-01", "START", { opiateDays: 28, injectedDays: 25, shopliftingDays: 10, psychologicalHealth: 4, physicalHealth: 6, qualityOfLife: 4 });
  await top(south, "S1", "2026-03-01", "REVIEW", { opiateDays: 10, injectedDays: 8, shopliftingDays: 4, psychologicalHealth: 8, physicalHealth: 10, qualityOfLife: 9 });
  await top(south, "S2", "2026-03-02", "START", { opiateDays: 26, injectedDays: 20, shopliftingDays: 0, psychologicalHealth: 7, physicalHealth: 9, qualityOfLife: 6 });

  // Funding and each site's cost of an offence.
  const line = (actor: Actor, financialYear: number, kind: "FUNDING" | "IN_KIND", source: string, amount: number) =>
    run((tx) => saveFundingLine(tx, actor, { financialYear, kind, source, amount }));
  await line(northAdmin, 2025, "FUNDING", "Police and crime commissioner", 10_000_000);
  await line(northAdmin, 2025, "IN_KIND", "Council premises", 2_000_000);
  await line(northAdmin, 2026, "FUNDING", "Police and crime commissioner", 12_000_000);
  await line(southAdmin, 2025, "FUNDING", "Probation", 5_000_000);
  await run((tx) => saveCostAssumptions(tx, northAdmin, { costPerOffence: 200_000, basis: "North's local estimate", reason: "Board agreed" }));
  await run((tx) => saveCostAssumptions(tx, southAdmin, { costPerOffence: 500_000, basis: "South's local estimate", reason: "Board agreed" }));

  // Sessions at North on 2026-06-20.
  const at = (time: string) => clinicInstant("2026-06-20", time);
  for (const name of ["N1", "N2"]) {
    await run((tx) =>
      prescribe(tx, north.prescriber, PrescribeInput.parse({ participantId: people[name]!.id, amDoseMg: "15", pmDoseMg: "30", reason: "Induction" }), clinicInstant("2026-06-15", "07:00")),
    );
  }
  const am = await clinics.assessed(north, people.N1!.id, at("09:00"), clinics.fit, "AM", "2026-06-20");
  await clinics.draw(north, am, at("09:05"), { doseMg: "15" });
  await run((tx) => administerDose(tx, north.nurse, AdministerDoseInput.parse({ doseSessionId: am, injectionSite: "left forearm" }), at("09:06")));
  await run((tx) => signOff(tx, north.nurse, { doseSessionId: am }, at("09:30")));
  await run((tx) => closeSession(tx, null, { siteId: north.siteId, date: "2026-06-20", slot: "AM" }, at("12:00")));
  const pm = await clinics.assessed(north, people.N1!.id, at("15:30"), clinics.fit, "PM", "2026-06-20");
  await run((tx) => withholdDose(tx, north.nurse, { doseSessionId: pm, reason: "Drowsy at assessment" }, at("15:35")));
  await run((tx) => closeSession(tx, null, { siteId: north.siteId, date: "2026-06-20", slot: "PM" }, at("19:00")));
}, 300_000);
afterAll(() => db?.close());

const FY2026: Omit<BoardScope, "siteId"> = { from: "2026-04-01", to: "2027-03-31", cohort: null };
const report = async (scope: BoardScope) => (await boardReport(db.prisma, scope, NOW))!;

describe("a second cohort, all sites, 2026/27 chosen on 2026-06-30", () => {
  const figures = async () => (await report({ ...FY2026, siteId: null })).figures;

  it("follows up to today, not to the period's end", async () => {
    const { label } = await report({ ...FY2026, siteId: null });
    expect(label).toMatchObject({ from: "2026-04-01", to: "2027-03-31", asOf: TODAY });
  });

  it("counts everyone's status as of today", async () => {
    const r = (await figures()).retention;
    // Active: N1, N2b, S2. On a break: N4 (hospital). Exited: N2a, N3, S1.
    expect(r.everEnrolled).toBe(7);
    expect(r.active).toEqual({ count: 3, of: 7, rate: 3 / 7 });
    expect(r.onBreak).toEqual({ count: 1, of: 7, rate: 1 / 7, byReason: [{ reason: "HOSPITAL", count: 1 }] });
    expect(r.exited).toMatchObject({ count: 3, planned: 1, unplanned: 2 });
    // Enrolled in the period: N2b, N4. Exited in it: S1. In treatment on a day of it: N1, N2b, N4, S1, S2.
    expect(r.inPeriod).toEqual({ enrolled: 2, exited: 1, inTreatment: 5 });
  });

  it("retains at 3, 6 and 12 months only milestones reached by today, still in HAT and in any treatment", async () => {
    // 3 months: N1 (2026-01-01) kept, N2a (2026-02-03) left before it, N3 (2026-04-05) left
    // before it for oral treatment, S1 (2025-12-01) and S2 (2026-06-02) kept; N2b
    // (2026-07-06) and N4 (2026-08-04) are after today, not eligible.
    // 6 months: N1 (2026-04-01) kept, N2a (2026-05-03) not, S1 (2026-03-01) kept; N3 (2026-07-05) after today.
    // 12 months: none reached. In the period (milestone from 2026-04-01): 3 months N3, S2; 6 months N1, N2a.
    const m = (await figures()).retention.milestones;
    const count = (eligible: number, retained: number, retainedInTreatment: number) => ({
      eligible,
      retained,
      rate: eligible === 0 ? null : retained / eligible,
      retainedInTreatment,
      rateInTreatment: eligible === 0 ? null : retainedInTreatment / eligible,
    });
    expect(m).toEqual([
      { months: 3, ...count(5, 3, 4), inPeriod: count(2, 1, 2) },
      { months: 6, ...count(3, 2, 2), inPeriod: count(2, 1, 1) },
      { months: 12, ...count(0, 0, 0), inPeriod: count(0, 0, 0) },
    ]);
  });

  it("censors the Kaplan–Meier curve at today", async () => {
    // Days to exit or to 2026-06-30: N4 57 c, N3 74 exit, N2b 85 c, N2a 91 exit, S2 120 c, S1 231 exit, N1 272 c.
    const curves = (await figures()).survival;
    expect(curves.map((c) => [c.cohort, c.people])).toEqual([
      ["2025/26", 5],
      ["2026/27", 2],
      ["All", 7],
    ]);
    expect(curves[2]!.points).toEqual([
      { day: 0, survival: 1, atRisk: 7, events: 0, censored: 0 },
      { day: 57, survival: 1, atRisk: 7, events: 0, censored: 1 },
      { day: 74, survival: 5 / 6, atRisk: 6, events: 1, censored: 0 },
      { day: 85, survival: 5 / 6, atRisk: 5, events: 0, censored: 1 },
      { day: 91, survival: (5 / 6) * (3 / 4), atRisk: 4, events: 1, censored: 0 },
      { day: 120, survival: (5 / 6) * (3 / 4), atRisk: 3, events: 0, censored: 1 },
      { day: 231, survival: (5 / 6) * (3 / 4) * (1 / 2), atRisk: 2, events: 1, censored: 0 },
      { day: 272, survival: (5 / 6) * (3 / 4) * (1 / 2), atRisk: 1, events: 0, censored: 1 },
    ]);
  });

  it("counts the period's sessions: dosed of expected, and attended of expected", async () => {
    // Expected: N1 AM (dosed), N1 PM (withheld), N2b AM and PM (missed); N4's two are not expected.
    const f = await figures();
    expect(f.attendance.overall).toEqual({ count: 1, of: 4, rate: 0.25 });
    expect(f.sessionsAttended.overall).toEqual({ count: 2, of: 4, rate: 0.5 });
  });

  it("never counts a sample with no street-heroin marker as negative", async () => {
    // Tested in the period: N1 2026-04-14 and S2 2026-04-20 negative, N2 2026-05-12 positive.
    // Not tested: N1 2026-05-12 and N4 2026-06-20. (Counted as negatives, it was 4 of 5.)
    const u = (await figures()).urineNegative;
    expect(u.overall).toEqual({ count: 2, of: 3, rate: 2 / 3 });
    expect(u.months).toEqual([
      { month: "2026-04", count: 2, of: 2, rate: 1 },
      { month: "2026-05", count: 0, of: 1, rate: 0 },
    ]);
    expect(u.notTested).toBe(2);
  });

  it("gives RIOTT's outcome: at least half of weeks 14–26 negative", async () => {
    // Past week 26 by today: N1 (2026-03-31: 6 negative weeks, not met), N2a (2026-05-03,
    // in the period: no sample after leaving, not met), S1 (2026-03-01: 7 weeks, met).
    expect((await figures()).riottUrine).toEqual({ count: 1, of: 3, rate: 1 / 3, inPeriod: { count: 0, of: 1, rate: 0 } });
  });

  it("counts each offence in one window only, since entry and in the period", async () => {
    // Before: N1 10, 20; N2a 30; N2b 6; N4 8; S1 15, 15, 25; S2 12 → 9, median 15, over
    // 6 × 365 + 62 = 2,252 days. Since entry: N1 5, 7; N2a 4; N2b 3; S1 40 → 5, median 5, over
    // 273 + 92 + 86 + 75 + 58 + 232 + 121 = 937 days. In the period: N1 7, N2b 3, S1 40 → 3,
    // median 7, over N1 91 + N2b 86 + N4 58 + S1 20 + S2 91 = 346 days, five episodes.
    // Prior offenders: N1, N2a, N2b, N4, S1, S2. Stopped: N4, S2. Reduced (rate on programme
    // below the rate before): N2b (4.2 against 5.9 a year), N4, S1 (1.6 against 3), S2; not
    // N1 (2.7 against 2) nor N2a (4.0 against 1).
    const o = (await figures()).offending;
    expect(o).toEqual({
      people: 7,
      offencesBefore: 9,
      offencesDuring: 5,
      perPersonBefore: 9 / 7,
      perPersonDuring: 5 / 7,
      personYearsBefore: 2252 / YEAR,
      perPersonYearBefore: 9 / (2252 / YEAR),
      personYearsDuring: 937 / YEAR,
      perPersonYearDuring: 5 / (937 / YEAR),
      perPersonChange: (5 / 7 - 9 / 7) / (9 / 7),
      medianSeverityBefore: 15,
      medianSeverityDuring: 5,
      priorOffenders: 6,
      // Offending on programme since entry: N1, N2a, N2b, S1.
      offendersDuring: 4,
      stopped: { count: 2, of: 6, rate: 2 / 6 },
      reduced: { count: 4, of: 6, rate: 4 / 6 },
      inPeriod: { people: 5, offences: 3, personYears: 346 / YEAR, perPersonYear: 3 / (346 / YEAR), medianSeverity: 7 },
    });
  });

  it("compares TOP Start with the latest Review by today", async () => {
    // N1 and S1 (S2 has no Review): opiate days (20 + 28) / 2 = 24 → (2 + 10) / 2 = 6, and so on.
    const t = (await figures()).top;
    expect(t.people).toBe(2);
    expect(t.measures).toEqual([
      { measure: "opiateDays", startMean: 24, reviewMean: 6, change: -18 },
      { measure: "injectedDays", startMean: 22.5, reviewMean: 4, change: -18.5 },
      { measure: "shopliftingDays", startMean: 17.5, reviewMean: 2, change: -15.5 },
      { measure: "psychologicalHealth", startMean: 5, reviewMean: 10, change: 5 },
      { measure: "physicalHealth", startMean: 7, reviewMean: 11, change: 4 },
      { measure: "qualityOfLife", startMean: 4.5, reviewMean: 11, change: 6.5 },
    ]);
    expect(t).toMatchObject({ housingProblemAtStart: 1, housingProblemAtReview: 0, dailyShopliftingAtStart: 1, dailyShopliftersNowNone: 1 });
  });

  it("adds each site's saving at its own cost per offence, and gives no cost per participant-year before the year is over", async () => {
    // North: 5 offences before over 1,522 days (N1, N2a, N4 365 each, N2b 62, N3 365); 4 on
    // programme over 584 days; 2 in the period over 235 days.
    // South: 4 before over 730 days; 1 on programme over 353 days; 1 in the period over 111 days.
    const northAvoided = 5 * (584 / 1522) - 4;
    const southAvoided = 4 * (353 / 730) - 1;
    const northInPeriod = 5 * (235 / 1522) - 2;
    const southInPeriod = 4 * (111 / 730) - 1;
    const m = (await figures()).money;
    expect(m.offencesAvoided).toBeCloseTo(northAvoided + southAvoided, 10);
    expect(m.estimatedSavingPence).toBe(Math.round(northAvoided * 200_000 + southAvoided * 500_000));
    expect(m.inPeriod.offencesAvoided).toBeCloseTo(northInPeriod + southInPeriod, 10);
    expect(m.inPeriod.estimatedSavingPence).toBe(Math.round(northInPeriod * 200_000 + southInPeriod * 500_000));
    expect(m.costPerOffencePence).toBeNull();
    // 2026/27's funding (North's £120,000) over the 346 days in treatment so far: not divided, the year is not over.
    expect(m.years).toEqual([
      {
        financialYear: 2026,
        fundingPence: 12_000_000,
        inKindPence: 0,
        lines: [{ financialYear: 2026, kind: "FUNDING", source: "Police and crime commissioner", amountPence: 12_000_000 }],
        yearComplete: false,
        participantYears: 346 / YEAR,
        fundingPerParticipantYearPence: null,
        fullCostPerParticipantYearPence: null,
      },
    ]);
  });
});

describe("the same cohort by site", () => {
  it("makes all sites' saving the sum of each site's", async () => {
    const [all, n, s] = await Promise.all([null, north.siteId, south.siteId].map(async (siteId) => (await report({ ...FY2026, siteId })).figures.money));
    expect(n!.estimatedSavingPence).toBe(Math.round((5 * (584 / 1522) - 4) * 200_000));
    expect(s!.estimatedSavingPence).toBe(Math.round((4 * (353 / 730) - 1) * 500_000));
    expect(Math.abs(all!.estimatedSavingPence - (n!.estimatedSavingPence + s!.estimatedSavingPence))).toBeLessThanOrEqual(1);
    expect(s!.costBasis).toBe("South's local estimate");
  });

  it("shows South's two episodes, a group just under the threshold, as fewer than 3", async () => {
    const { figures, label } = await report({ ...FY2026, siteId: south.siteId });
    expect(figures.retention.everEnrolled).toBe(2);
    const rows = figureRows(figures, label.threshold);
    expect(showRow(rowAt(rows, "Retention", "Ever enrolled (episodes)"), label.threshold)).toBe("<3");
    expect(showRow(rowAt(rows, "Retention", "Active (episodes)"), label.threshold)).toBe("<3");
    // S2's custodial sentence, one exit: merged into "Other reasons", and that hidden too.
    expect(rows.some((r) => r.group.startsWith("Custodial sentence"))).toBe(false);
    expect(showRow(rowAt(rows, "Retention", "Exited (episodes)", "Other reasons"), label.threshold)).toBe("<3");
  });

  it("divides a finished year's funding by everyone treated at the site that year, whatever the cohort filter", async () => {
    // North 2025/26: N1 182 days, N2a 92, N3 75 = 349 participant-days; £100,000 and £20,000 in kind.
    const expected = {
      financialYear: 2025,
      yearComplete: true,
      participantYears: 349 / YEAR,
      fundingPerParticipantYearPence: Math.round(10_000_000 / (349 / YEAR)),
      fullCostPerParticipantYearPence: Math.round(12_000_000 / (349 / YEAR)),
    };
    for (const cohort of [null, 2025, 2026]) {
      const { figures } = await report({ siteId: north.siteId, from: "2025-04-01", to: "2026-03-31", cohort });
      expect(figures.money.years).toEqual([expect.objectContaining(expected)]);
    }
  });
});

describe("the released page, from one read of all sites per period end", () => {
  const periods: [string, number | null][] = [
    ["FY2026-27", null],
    ["FY2025-26-Q4", null],
    ["2026-05", null],
    ["FY2025-26", 2025],
  ];
  it.each(periods)("%s (cohort %s) is the release worked out site by site", async (code, cohort) => {
    await expectReleasedAsMemberByMember(db.prisma, parseReportingPeriod(code)!, NOW, cohort);
  });
});
