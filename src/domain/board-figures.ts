import { addLocalDays, addLocalMonths, localDaysBetween, type LocalDate } from "./clinic-time";
import type { CostAssumptions } from "./costs";
import type { BREAK_REASON_LABEL, EXIT_REASON_LABEL } from "./labels";
import { financialYearLabel } from "./money";
import type { StreetHeroinStatus } from "./urine";

/**
 * The HAT board's outcome figures (DOMAIN.md "Outcomes" and "Board figures to reproduce"),
 * computed over compact, de-identified records: no record carries a participant id,
 * reference, name or date of birth, so nothing computed here can leak one.
 *
 * The unit for retention and offending is the treatment episode (enrolment to exit): a
 * re-admitted person starts a new episode, as NDTMS counts treatment journeys.
 *
 * Follow-up stops at today: every figure is taken up to `asOf`, the end of the chosen
 * period or today (Europe/London), whichever is earlier (`followUpEnd`). Nothing is
 * followed into the future: no person-time, no offences avoided, no milestone reached and
 * no Kaplan–Meier censoring after today.
 *
 * Two kinds of figure, each labelled (src/domain/board-definitions.ts):
 * - "in the period": what happened between the period's start and `asOf` (offences dated in
 *   it, screens taken in it, sessions in it, person-time in it, enrolments and exits in it);
 * - "since entry": the change in the episodes in scope from enrolment up to `asOf`.
 */

export type BreakReason = keyof typeof BREAK_REASON_LABEL;
export type ExitReason = keyof typeof EXIT_REASON_LABEL;
export type SessionOutcome = "DOSED" | "PARTIAL" | "WITHHELD" | "DECLINED" | "MISSED" | "NOT_EXPECTED";

/**
 * Default for the clinic setting `smallGroupThreshold`: breakdown counts below it are shown
 * as "<3" (issue 8, "De-identification").
 */
export const DEFAULT_SMALL_GROUP_THRESHOLD = 3;

/** A person-year: the "before" window is the 365 days before entry, so a year is 365 days. */
const DAYS_PER_YEAR = 365;

/**
 * TOP "daily" shoplifting: 20 or more of the past 28 days (five days a week), the band the
 * Middlesbrough evaluation reported as daily (9 of 14 at entry).
 */
export const DAILY_SHOPLIFTING_MIN_DAYS = 20;

/** Retention milestones reported to the board, in calendar months after enrolment. */
export const RETENTION_MILESTONES = [3, 6, 12] as const;

/**
 * Exits that continue treatment elsewhere: a transfer to oral opioid treatment or to
 * residential rehabilitation. NAOMI (Oviedo-Joekes et al., N Engl J Med 2009;361:777–86)
 * counted retention "in addiction treatment", including transfer to another treatment, as
 * well as retention in the trial's own treatment; the board gets both ("still in HAT" and
 * "in any treatment"). A drug-free completion is a good outcome but not treatment.
 */
export const EXITS_TO_OTHER_TREATMENT: readonly ExitReason[] = ["COMPLETED_TO_ORAL", "RESIDENTIAL_REHAB"];

/**
 * RIOTT's primary outcome (Strang et al., Lancet 2010;375:1885–95): the share of
 * participants with at least 50% of weekly urine samples negative for street heroin in
 * weeks 14 to 26 of treatment. Week 1 is days 0–6 after enrolment, so weeks 14–26 are
 * days 91 to 181. A week counts negative when a screen that week was tested for street
 * heroin and none was positive; a week without one counts against the participant, as
 * RIOTT treated missing samples, and an exit before week 26 leaves the remaining weeks
 * without samples. Episodes count once their week 26 is over by `asOf`.
 */
export const RIOTT_WEEKS = { first: 14, last: 26 } as const;
export const RIOTT_FIRST_DAY = (RIOTT_WEEKS.first - 1) * 7;
export const RIOTT_LAST_DAY = RIOTT_WEEKS.last * 7 - 1;
const RIOTT_WEEK_COUNT = RIOTT_WEEKS.last - RIOTT_WEEKS.first + 1;

/** The last day any figure follows: the end of the period, or today if that is earlier. */
export function followUpEnd(to: LocalDate, today: LocalDate): LocalDate {
  return to < today ? to : today;
}

// ─── Input records ───────────────────────────────────────────────────────────

export type EpisodeRecord = {
  /** The site's key, to find its cost per offence; never shown. */
  site: string;
  enrolledOn: LocalDate;
  exit: { on: LocalDate; reason: ExitReason; planned: boolean } | null;
  /** The same person's latest exit from an earlier episode, if they were re-admitted. */
  previousExitOn: LocalDate | null;
  /** The break open at `asOf`, if any. */
  breakReason: BreakReason | null;
  /**
   * Severity scores (Cambridge Crime Harm Index days) of detected offences in the year
   * before entry, on programme since entry, and on programme dated in the period: the
   * windows `offenceWindows` defines, up to `asOf`.
   */
  offencesBefore: number[];
  offencesDuring: number[];
  offencesInPeriod: number[];
  /** Screens in weeks 14–26 of treatment (while on programme, by `asOf`): day of treatment and result. */
  riottScreens: { day: number; status: StreetHeroinStatus }[];
};

/** An episode's site and dates only: the population funding pays for, whatever the cohort filter. */
export type TreatmentSpan = { site: string; enrolledOn: LocalDate; exitedOn: LocalDate | null };

export type DateWindow = { from: LocalDate; to: LocalDate };

/**
 * The windows an episode's offences are counted in, so that no offence is counted twice:
 * - before entry: the 365 days before enrolment, starting no earlier than the day after
 *   the person's previous exit (a re-admitted person's year before never overlaps the
 *   earlier episode, which counted those offences as on programme);
 * - on programme: enrolment (or the day after a previous exit on or after it) to the exit
 *   or `asOf`;
 * - in the period: the days on programme between the period's start and `asOf`.
 * A window whose `from` is after its `to` is empty.
 */
export function offenceWindows(
  episode: Pick<EpisodeRecord, "enrolledOn" | "exit" | "previousExitOn">,
  from: LocalDate,
  asOf: LocalDate,
): { before: DateWindow; onProgramme: DateWindow; inPeriod: DateWindow } {
  const afterPrevious = episode.previousExitOn === null ? null : addLocalDays(episode.previousExitOn, 1);
  const yearBefore = addLocalDays(episode.enrolledOn, -DAYS_PER_YEAR);
  const onFrom = afterPrevious !== null && afterPrevious > episode.enrolledOn ? afterPrevious : episode.enrolledOn;
  const exit = episode.exit && episode.exit.on <= asOf ? episode.exit.on : null;
  const onTo = exit ?? asOf;
  return {
    before: { from: afterPrevious !== null && afterPrevious > yearBefore ? afterPrevious : yearBefore, to: addLocalDays(episode.enrolledOn, -1) },
    onProgramme: { from: onFrom, to: onTo },
    inPeriod: { from: onFrom > from ? onFrom : from, to: onTo },
  };
}

/** Days in a window, both ends included; 0 when empty. */
export function windowDays(window: DateWindow): number {
  return window.from > window.to ? 0 : localDaysBetween(window.from, window.to) + 1;
}

/** Dose sessions per site, calendar month ("yyyy-MM") and outcome; unfinished sessions are left out. */
export type SessionOutcomeCount = { site: string; month: string; outcome: SessionOutcome; sessions: number };

/**
 * Urine screens per month and street-heroin result (src/domain/urine.ts `streetHeroinStatus`),
 * by the sites of the episodes the screens were taken during (usually one; two when a person
 * moved site that day), so that all sites counts each screen once.
 */
export type ScreenCount = { sites: string[]; month: string; status: StreetHeroinStatus; screens: number };

export type TopScores = {
  opiateDays: number;
  injectedDays: number;
  shopliftingDays: number;
  psychologicalHealth: number;
  physicalHealth: number;
  qualityOfLife: number;
  acuteHousingProblem: boolean;
};

/**
 * One person's TOP at Start and their latest Review by the end of the period, with the sites
 * of their episodes in scope (a person treated at two sites is one pair for all sites).
 */
export type TopPair = { sites: string[]; start: TopScores; review: TopScores };

/** A financial year's funding from one source, as shown: all sites' lines from a source are added up. */
export type FundingLine = { financialYear: number; kind: "FUNDING" | "IN_KIND"; source: string; amountPence: number };

/** One site's funding from one source in a financial year. */
export type FundingLineRecord = FundingLine & { site: string };

/** A controlled-drug stock check: what the register said and what two staff counted. */
export type StockCheckRecord = {
  site: string;
  /** The site's short code, named beside the product when all sites are shown. */
  siteCode: string;
  /** Product name and strength. */
  product: string;
  batch: string;
  checkedOn: LocalDate;
  expected: number;
  counted: number;
};

/** A batch whose latest check disagreed with the register; the product is named with its site's code when all sites are shown. */
export type OpenDiscrepancy = { product: string; batch: string; checkedOn: LocalDate; expected: number; counted: number };

export type BoardData = {
  /** The site in scope (its key), or null: all sites. */
  site: string | null;
  from: LocalDate;
  to: LocalDate;
  /** `followUpEnd(to, today)`: the records are read up to this day. */
  asOf: LocalDate;
  episodes: EpisodeRecord[];
  /** Every episode at the site(s) in scope, whatever the cohort: the denominator of funding per participant-year. */
  siteEpisodes: TreatmentSpan[];
  sessions: SessionOutcomeCount[];
  screens: ScreenCount[];
  top: TopPair[];
  funding: FundingLineRecord[];
  /** Every stock check up to the end of the period, in the order they were made. */
  stockChecks: StockCheckRecord[];
};

// ─── Figures ─────────────────────────────────────────────────────────────────

export type Share = { count: number; of: number; rate: number | null };

/** Of the episodes that reached a milestone: still in HAT, and in any treatment (HAT or a transfer to other treatment). */
export type MilestoneCount = { eligible: number; retained: number; rate: number | null; retainedInTreatment: number; rateInTreatment: number | null };
/** Since entry: every episode whose milestone fell by `asOf`. In the period: those whose milestone fell in the period. */
export type Milestone = { months: number } & MilestoneCount & { inPeriod: MilestoneCount };

export type RetentionFigures = {
  everEnrolled: number;
  active: Share;
  onBreak: Share & { byReason: { reason: BreakReason; count: number }[] };
  exited: Share & { planned: number; unplanned: number; byReason: { reason: ExitReason; planned: boolean; count: number }[] };
  milestones: Milestone[];
  /** Episodes enrolled in the period, exited in it, and in treatment on at least one of its days. */
  inPeriod: { enrolled: number; exited: number; inTreatment: number };
};

export type SurvivalPoint = { day: number; survival: number; atRisk: number; events: number; censored: number };
/** Kaplan–Meier retention curve for one enrolment cohort (financial year of enrolment) or "All". */
export type SurvivalCurve = { cohort: string; people: number; points: SurvivalPoint[] };

export type MonthlyRate = { month: string; of: number; count: number; rate: number | null };

/** Offences dated in the period, on programme, against the person-time on programme in it. */
export type OffendingInPeriod = {
  /** Episodes on programme on at least one day of the period. */
  people: number;
  offences: number;
  personYears: number;
  perPersonYear: number | null;
  medianSeverity: number | null;
};

export type OffendingFigures = {
  people: number;
  offencesBefore: number;
  /** Since entry. */
  offencesDuring: number;
  perPersonBefore: number | null;
  perPersonDuring: number | null;
  /** Person-time in the "before" windows (shorter than a year for some re-admissions). */
  personYearsBefore: number;
  perPersonYearBefore: number | null;
  personYearsDuring: number;
  perPersonYearDuring: number | null;
  /** Change in offences per person, year before → on programme (Middlesbrough: −60%). */
  perPersonChange: number | null;
  medianSeverityBefore: number | null;
  medianSeverityDuring: number | null;
  priorOffenders: number;
  /** Episodes with an offence on programme: the people behind the median severity on programme. */
  offendersDuring: number;
  stopped: Share;
  reduced: Share;
  inPeriod: OffendingInPeriod;
};

export type TopMeasure = "opiateDays" | "injectedDays" | "shopliftingDays" | "psychologicalHealth" | "physicalHealth" | "qualityOfLife";
export type TopFigures = {
  people: number;
  measures: { measure: TopMeasure; startMean: number | null; reviewMean: number | null; change: number | null }[];
  housingProblemAtStart: number;
  housingProblemAtReview: number;
  dailyShopliftingAtStart: number;
  dailyShopliftersNowNone: number;
};

export type FundingYear = {
  financialYear: number;
  fundingPence: number;
  inKindPence: number;
  lines: FundingLine[];
  /** Whether the financial year is over by `asOf`: only then is a cost per participant-year given. */
  yearComplete: boolean;
  /** Participant-years of every episode at the site(s) within the financial year, up to `asOf`. */
  participantYears: number;
  fundingPerParticipantYearPence: number | null;
  fullCostPerParticipantYearPence: number | null;
};

export type MoneyFigures = {
  years: FundingYear[];
  fundingPence: number;
  inKindPence: number;
  /** Since entry. */
  offencesAvoided: number;
  estimatedSavingPence: number;
  inPeriod: { offencesAvoided: number; estimatedSavingPence: number };
  /** The cost of one offence when every site in the figures uses the same one; null when they differ. */
  costPerOffencePence: number | null;
  costBasis: string;
};

/** Each site's own cost assumptions, by the key episodes carry in `site`. */
export type SiteCosts = Readonly<Record<string, CostAssumptions>>;

export type MonthlyRates = { months: MonthlyRate[]; overall: Omit<MonthlyRate, "month"> };

export type BoardFigures = {
  from: LocalDate;
  to: LocalDate;
  asOf: LocalDate;
  retention: RetentionFigures;
  survival: SurvivalCurve[];
  attendance: MonthlyRates;
  sessionsAttended: MonthlyRates;
  /** Screens tested for street heroin; `notTested`: screens in the period with no street-heroin marker reported, left out. */
  urineNegative: MonthlyRates & { notTested: number };
  /** RIOTT's outcome, since entry and for episodes whose week 26 ended in the period. */
  riottUrine: Share & { inPeriod: Share };
  offending: OffendingFigures;
  top: TopFigures;
  money: MoneyFigures;
  operations: OperationsFigures;
};

/** The operations view: controlled-drug stock checks and the discrepancies still open. */
export type OperationsFigures = {
  stockChecks: number;
  stockChecksWithDiscrepancy: number;
  /** Batches whose latest check by the end of the period disagreed with the register. */
  openDiscrepancies: OpenDiscrepancy[];
};

export function boardFigures(data: BoardData, costs: SiteCosts): BoardFigures {
  const { from, asOf } = data;
  return {
    from,
    to: data.to,
    asOf,
    retention: retentionFigures(data.episodes, from, asOf),
    survival: survivalCurves(data.episodes, asOf),
    attendance: attendanceFigures(data.sessions),
    sessionsAttended: sessionsAttendedFigures(data.sessions),
    urineNegative: urineFigures(data.screens),
    riottUrine: riottUrineFigures(data.episodes, from, asOf),
    offending: offendingFigures(data.episodes, from, asOf),
    top: topFigures(data.top),
    money: moneyFigures(data.funding, data.siteEpisodes, data.episodes, from, asOf, costs),
    operations: operationsFigures(data.stockChecks, from, asOf, data.site === null),
  };
}

/**
 * One site's data out of all sites' data (read once for every site): its own episodes,
 * sessions, screens, TOP pairs, funding and stock checks. Figures computed from it equal
 * those computed from a read of that site alone.
 */
export function forSite(data: BoardData, site: string): BoardData {
  return {
    ...data,
    site,
    episodes: data.episodes.filter((e) => e.site === site),
    siteEpisodes: data.siteEpisodes.filter((e) => e.site === site),
    sessions: data.sessions.filter((s) => s.site === site),
    screens: data.screens.filter((s) => s.sites.includes(site)),
    top: data.top.filter((p) => p.sites.includes(site)),
    funding: data.funding.filter((l) => l.site === site),
    stockChecks: data.stockChecks.filter((c) => c.site === site),
  };
}

/** The cost assumptions of one site out of every site's. */
export function costsForSite(costs: SiteCosts, site: string): SiteCosts {
  const cost = costs[site];
  if (!cost) throw new Error(`No cost assumptions for site ${site}`);
  return { [site]: cost };
}

function share(count: number, of: number): Share {
  return { count, of, rate: of === 0 ? null : count / of };
}

/** The exit, if it happened by `asOf`; a later exit is still in the future for this report. */
function exitBy(episode: EpisodeRecord, asOf: LocalDate) {
  return episode.exit && episode.exit.on <= asOf ? episode.exit : null;
}

// ─── Retention ───────────────────────────────────────────────────────────────


function retainedAt(episodes: EpisodeRecord[], months: number, asOf: LocalDate, inWindow: (milestone: LocalDate) => boolean): MilestoneCount {
  let eligible = 0;
  let retained = 0;
  let retainedInTreatment = 0;
  for (const episode of episodes) {
    const milestone = addLocalMonths(episode.enrolledOn, months);
    if (milestone > asOf || !inWindow(milestone)) continue;
    eligible += 1;
    const exit = exitBy(episode, asOf);
    if (!exit || exit.on >= milestone) {
      retained += 1;
      retainedInTreatment += 1;
    } else if (EXITS_TO_OTHER_TREATMENT.includes(exit.reason)) retainedInTreatment += 1;
  }
  const rate = (n: number) => (eligible === 0 ? null : n / eligible);
  return { eligible, retained, rate: rate(retained), retainedInTreatment, rateInTreatment: rate(retainedInTreatment) };
}

/**
 * Status of everyone ever enrolled as of `asOf` (Middlesbrough year one: 14% on a break,
 * 35.7% exited), and retention at 3, 6 and 12 months: of the episodes whose milestone has
 * come by `asOf` (never a milestone still in the future), the share not exited before it
 * ("still in HAT") and the share still in HAT or transferred to other treatment before it
 * ("in any treatment"). A break is retention; an exit on the milestone day is retained.
 */
export function retentionFigures(episodes: EpisodeRecord[], from: LocalDate, asOf: LocalDate): RetentionFigures {
  const everEnrolled = episodes.length;
  const breaks = new Map<BreakReason, number>();
  const exits = new Map<string, { reason: ExitReason; planned: boolean; count: number }>();
  let active = 0;
  let onBreak = 0;
  let exited = 0;
  let planned = 0;
  for (const episode of episodes) {
    const exit = exitBy(episode, asOf);
    if (exit) {
      exited += 1;
      if (exit.planned) planned += 1;
      const key = `${exit.reason}|${exit.planned}`;
      const group = exits.get(key) ?? { reason: exit.reason, planned: exit.planned, count: 0 };
      group.count += 1;
      exits.set(key, group);
    } else if (episode.breakReason) {
      onBreak += 1;
      breaks.set(episode.breakReason, (breaks.get(episode.breakReason) ?? 0) + 1);
    } else {
      active += 1;
    }
  }
  const milestones = RETENTION_MILESTONES.map((months) => ({
    months,
    ...retainedAt(episodes, months, asOf, () => true),
    inPeriod: retainedAt(episodes, months, asOf, (milestone) => milestone >= from),
  }));
  const inPeriod = {
    enrolled: episodes.filter((e) => e.enrolledOn >= from && e.enrolledOn <= asOf).length,
    exited: episodes.filter((e) => {
      const exit = exitBy(e, asOf);
      return exit !== null && exit.on >= from;
    }).length,
    inTreatment: episodes.filter((e) => windowDays(offenceWindows(e, from, asOf).inPeriod) > 0).length,
  };
  return {
    everEnrolled,
    active: share(active, everEnrolled),
    onBreak: {
      ...share(onBreak, everEnrolled),
      byReason: [...breaks].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    },
    exited: {
      ...share(exited, everEnrolled),
      planned,
      unplanned: exited - planned,
      byReason: [...exits.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason) || Number(b.planned) - Number(a.planned)),
    },
    milestones,
    inPeriod,
  };
}

/** Enrolment cohort: the financial year (April to March, as the funding) of enrolment; 2025 is "2025/26". */
export function financialYearOf(date: LocalDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5, 7) >= "04" ? year : year - 1;
}

/**
 * Kaplan–Meier product-limit estimate of staying in treatment (Kaplan & Meier 1958).
 * Time is days from enrolment; any exit is the event; people still in treatment at `asOf`
 * (the end of the period or today, whichever is earlier; including those on a break) are
 * censored there. At a day with both, the
 * censored are counted at risk, as is conventional.
 */
export function kaplanMeier(episodes: EpisodeRecord[], asOf: LocalDate): SurvivalPoint[] {
  const times = new Map<number, { events: number; censored: number }>();
  for (const episode of episodes) {
    const exit = exitBy(episode, asOf);
    const day = localDaysBetween(episode.enrolledOn, exit?.on ?? asOf);
    const at = times.get(day) ?? { events: 0, censored: 0 };
    if (exit) at.events += 1;
    else at.censored += 1;
    times.set(day, at);
  }
  let atRisk = episodes.length;
  let survival = 1;
  const points: SurvivalPoint[] = [{ day: 0, survival: 1, atRisk, events: 0, censored: 0 }];
  for (const day of [...times.keys()].sort((a, b) => a - b)) {
    const { events, censored } = times.get(day)!;
    if (atRisk > 0) survival *= 1 - events / atRisk;
    if (day === 0) points[0] = { day, survival, atRisk, events, censored };
    else points.push({ day, survival, atRisk, events, censored });
    atRisk -= events + censored;
  }
  return points;
}

/** One curve per enrolment cohort, oldest first, then "All". */
export function survivalCurves(episodes: EpisodeRecord[], asOf: LocalDate): SurvivalCurve[] {
  const cohorts = new Map<number, EpisodeRecord[]>();
  for (const episode of episodes) {
    const cohort = financialYearOf(episode.enrolledOn);
    cohorts.set(cohort, [...(cohorts.get(cohort) ?? []), episode]);
  }
  const curves = [...cohorts.keys()]
    .sort((a, b) => a - b)
    .map((cohort) => ({ cohort: financialYearLabel(cohort), people: cohorts.get(cohort)!.length, points: kaplanMeier(cohorts.get(cohort)!, asOf) }));
  return [...curves, { cohort: "All", people: episodes.length, points: kaplanMeier(episodes, asOf) }];
}

// ─── Attendance and urine ────────────────────────────────────────────────────

function monthlyRates(rows: { month: string; count: number; of: number }[]) {
  const byMonth = new Map<string, { count: number; of: number }>();
  for (const row of rows) {
    const month = byMonth.get(row.month) ?? { count: 0, of: 0 };
    month.count += row.count;
    month.of += row.of;
    byMonth.set(row.month, month);
  }
  const months = [...byMonth.keys()].sort().map((month) => {
    const { count, of } = byMonth.get(month)!;
    return { month, count, of, rate: of === 0 ? null : count / of };
  });
  const count = months.reduce((sum, m) => sum + m.count, 0);
  const of = months.reduce((sum, m) => sum + m.of, 0);
  return { months, overall: { count, of, rate: of === 0 ? null : count / of } };
}

/**
 * Dosed sessions out of expected ones, as src/domain/attendance.ts defines them
 * (Middlesbrough year one: 98%): not-expected sessions (break, hospital, custody) are in
 * neither figure; withheld, declined and missed ones are expected but not dosed.
 */
export function attendanceFigures(sessions: SessionOutcomeCount[]) {
  return monthlyRates(
    sessions
      .filter((s) => s.outcome !== "NOT_EXPECTED")
      .map((s) => ({ month: s.month, of: s.sessions, count: s.outcome === "DOSED" || s.outcome === "PARTIAL" ? s.sessions : 0 })),
  );
}

/**
 * Share of scheduled sessions attended: sessions the person came to (dosed, partly dosed,
 * withheld after assessment, or declined) out of expected ones, as trials report
 * attendance (DOMAIN.md "Round two additions"). Not-expected sessions are in neither.
 */
export function sessionsAttendedFigures(sessions: SessionOutcomeCount[]) {
  return monthlyRates(
    sessions
      .filter((s) => s.outcome !== "NOT_EXPECTED")
      .map((s) => ({ month: s.month, of: s.sessions, count: s.outcome === "MISSED" ? 0 : s.sessions })),
  );
}

/**
 * Share of screens negative for street heroin (DOMAIN.md "Urine screens"; Middlesbrough
 * year one: 80%), of the screens tested for it (src/domain/urine.ts `streetHeroinStatus`):
 * prescribed diamorphine alone does not make a screen positive, and a screen with no
 * street-heroin marker reported is neither: it is counted apart as not tested.
 */
export function urineFigures(screens: ScreenCount[]): MonthlyRates & { notTested: number } {
  const tested = screens.filter((s) => s.status !== "NOT_TESTED");
  return {
    ...monthlyRates(tested.map((s) => ({ month: s.month, of: s.screens, count: s.status === "NEGATIVE" ? s.screens : 0 }))),
    notTested: screens.filter((s) => s.status === "NOT_TESTED").reduce((sum, s) => sum + s.screens, 0),
  };
}

/** Whether an episode met RIOTT's outcome: at least half of weeks 14–26 negative for street heroin. */
export function metRiottOutcome(screens: EpisodeRecord["riottScreens"]): boolean {
  const weeks = new Map<number, boolean>();
  for (const screen of screens) {
    if (screen.status === "NOT_TESTED" || screen.day < RIOTT_FIRST_DAY || screen.day > RIOTT_LAST_DAY) continue;
    const week = Math.floor(screen.day / 7) + 1;
    weeks.set(week, (weeks.get(week) ?? true) && screen.status === "NEGATIVE");
  }
  const negativeWeeks = [...weeks.values()].filter(Boolean).length;
  return negativeWeeks * 2 >= RIOTT_WEEK_COUNT;
}

/** RIOTT's urine outcome (see RIOTT_WEEKS) since entry, and for the episodes whose week 26 ended in the period. */
export function riottUrineFigures(episodes: EpisodeRecord[], from: LocalDate, asOf: LocalDate): Share & { inPeriod: Share } {
  const weekEnd = (e: EpisodeRecord) => addLocalDays(e.enrolledOn, RIOTT_LAST_DAY);
  const eligible = episodes.filter((e) => weekEnd(e) <= asOf);
  const inPeriod = eligible.filter((e) => weekEnd(e) >= from);
  const met = (list: EpisodeRecord[]) => list.filter((e) => metRiottOutcome(e.riottScreens)).length;
  return { ...share(met(eligible), eligible.length), inPeriod: share(met(inPeriod), inPeriod.length) };
}

// ─── Offending ───────────────────────────────────────────────────────────────

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const years = (days: number) => days / DAYS_PER_YEAR;
const perYear = (count: number, personYears: number) => (personYears === 0 ? null : count / personYears);

/**
 * Detected offences in the year before entry against time on programme (DOMAIN.md
 * "Offending"; Middlesbrough year one: 3.0 → 1.2 per person, median severity 32.5 → 13.0),
 * in the windows `offenceWindows` defines. Since entry: offences from enrolment to exit or
 * `asOf`. In the period: offences dated in the period while on programme, over the
 * person-time on programme in the period. "Stopped": prior offenders with no offence on
 * programme. "Reduced": prior offenders whose offences per year on programme are below
 * their rate in the year before (a rate each, so a short stay or a short "before" window
 * after a re-admission is compared at the same rate, not the same count).
 */
export function offendingFigures(episodes: EpisodeRecord[], from: LocalDate, asOf: LocalDate): OffendingFigures {
  const people = episodes.length;
  const windows = episodes.map((e) => ({ episode: e, ...offenceWindows(e, from, asOf) }));
  const before = episodes.flatMap((e) => e.offencesBefore);
  const during = episodes.flatMap((e) => e.offencesDuring);
  const inPeriod = episodes.flatMap((e) => e.offencesInPeriod);
  const personYearsBefore = years(windows.reduce((sum, w) => sum + windowDays(w.before), 0));
  const personYearsDuring = years(windows.reduce((sum, w) => sum + windowDays(w.onProgramme), 0));
  const personYearsInPeriod = years(windows.reduce((sum, w) => sum + windowDays(w.inPeriod), 0));
  const priorOffenders = windows.filter((w) => w.episode.offencesBefore.length > 0);
  const stopped = priorOffenders.filter((w) => w.episode.offencesDuring.length === 0).length;
  const reduced = priorOffenders.filter(
    (w) => w.episode.offencesDuring.length / years(windowDays(w.onProgramme)) < w.episode.offencesBefore.length / years(windowDays(w.before)),
  ).length;
  const perPersonBefore = people === 0 ? null : before.length / people;
  const perPersonDuring = people === 0 ? null : during.length / people;
  return {
    people,
    offencesBefore: before.length,
    offencesDuring: during.length,
    perPersonBefore,
    perPersonDuring,
    personYearsBefore,
    perPersonYearBefore: perYear(before.length, personYearsBefore),
    personYearsDuring,
    perPersonYearDuring: perYear(during.length, personYearsDuring),
    perPersonChange: perPersonBefore ? (perPersonDuring! - perPersonBefore) / perPersonBefore : null,
    medianSeverityBefore: median(before),
    medianSeverityDuring: median(during),
    priorOffenders: priorOffenders.length,
    offendersDuring: episodes.filter((e) => e.offencesDuring.length > 0).length,
    stopped: share(stopped, priorOffenders.length),
    reduced: share(reduced, priorOffenders.length),
    inPeriod: {
      people: windows.filter((w) => windowDays(w.inPeriod) > 0).length,
      offences: inPeriod.length,
      personYears: personYearsInPeriod,
      perPersonYear: perYear(inPeriod.length, personYearsInPeriod),
      medianSeverity: median(inPeriod),
    },
  };
}

// ─── TOP ─────────────────────────────────────────────────────────────────────

export const TOP_MEASURES: readonly TopMeasure[] = ["opiateDays", "injectedDays", "shopliftingDays", "psychologicalHealth", "physicalHealth", "qualityOfLife"];

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Treatment Outcomes Profile, Start against the latest Review (DOMAIN.md "Outcomes"): mean
 * days of street opiate use, injecting and shoplifting in the past 28, mean health and
 * quality-of-life ratings (0–20), and how many had an acute housing problem. Middlesbrough
 * year one: 9 of 14 shoplifted daily at entry, 6 of those 9 not at all by review.
 */
export function topFigures(pairs: TopPair[]): TopFigures {
  const measures = TOP_MEASURES.map((measure) => {
    const startMean = mean(pairs.map((p) => p.start[measure]));
    const reviewMean = mean(pairs.map((p) => p.review[measure]));
    return { measure, startMean, reviewMean, change: startMean === null || reviewMean === null ? null : reviewMean - startMean };
  });
  const dailyShoplifters = pairs.filter((p) => p.start.shopliftingDays >= DAILY_SHOPLIFTING_MIN_DAYS);
  return {
    people: pairs.length,
    measures,
    housingProblemAtStart: pairs.filter((p) => p.start.acuteHousingProblem).length,
    housingProblemAtReview: pairs.filter((p) => p.review.acuteHousingProblem).length,
    dailyShopliftingAtStart: dailyShoplifters.length,
    dailyShopliftersNowNone: dailyShoplifters.filter((p) => p.review.shopliftingDays === 0).length,
  };
}

// ─── Money ───────────────────────────────────────────────────────────────────

/** Days of a span inside a financial year (1 April to 31 March), up to `asOf`. */
function daysInFinancialYear(span: TreatmentSpan, financialYear: number, asOf: LocalDate): number {
  const yearStart = `${financialYear}-04-01`;
  const yearEnd = financialYearEnd(financialYear);
  const exit = span.exitedOn !== null && span.exitedOn <= asOf ? span.exitedOn : asOf;
  return windowDays({ from: span.enrolledOn > yearStart ? span.enrolledOn : yearStart, to: exit < yearEnd ? exit : yearEnd });
}

function financialYearEnd(financialYear: number): LocalDate {
  return addLocalDays(`${financialYear + 1}-04-01`, -1);
}

/**
 * Offences avoided: the year-before rate (offences per person-year before entry) over the
 * person-years on programme, less the offences detected on programme. Worked out per site
 * and added up, so that all sites is the sum of the sites.
 */
function offencesAvoided(episodes: EpisodeRecord[], from: LocalDate, asOf: LocalDate) {
  const o = offendingFigures(episodes, from, asOf);
  const rate = o.perPersonYearBefore ?? 0;
  return { sinceEntry: rate * o.personYearsDuring - o.offencesDuring, inPeriod: rate * o.inPeriod.personYears - o.inPeriod.offences };
}

/**
 * Funding by financial year and source and in-kind resources of the site(s) in scope;
 * cost per participant-year: a year's funding over the participant-years of everyone
 * treated at those sites within that same year (the population the money paid for,
 * whatever the cohort filter), given only once the year is over by `asOf`, so a whole
 * year's money is never divided by part of a year's treatment. The estimated
 * criminal-justice saving is offences avoided times each site's own cost per offence,
 * summed over the sites (DOMAIN.md "Costs"; Middlesbrough year one: £97,800), since entry
 * and in the period.
 */
export function moneyFigures(
  records: FundingLineRecord[],
  siteEpisodes: TreatmentSpan[],
  episodes: EpisodeRecord[],
  from: LocalDate,
  asOf: LocalDate,
  costs: SiteCosts,
): MoneyFigures {
  const lines = fundingBySource(records);
  const years = [...new Set(lines.map((l) => l.financialYear))].sort((a, b) => a - b).map((financialYear) => {
    const yearLines = lines
      .filter((l) => l.financialYear === financialYear)
      .sort((a, b) => a.kind.localeCompare(b.kind) || b.amountPence - a.amountPence || a.source.localeCompare(b.source));
    const fundingPence = yearLines.filter((l) => l.kind === "FUNDING").reduce((sum, l) => sum + l.amountPence, 0);
    const inKindPence = yearLines.filter((l) => l.kind === "IN_KIND").reduce((sum, l) => sum + l.amountPence, 0);
    const participantYears = siteEpisodes.reduce((sum, e) => sum + daysInFinancialYear(e, financialYear, asOf), 0) / DAYS_PER_YEAR;
    const yearComplete = financialYearEnd(financialYear) <= asOf;
    const perYear = (pence: number) => (!yearComplete || participantYears === 0 ? null : Math.round(pence / participantYears));
    return {
      financialYear,
      fundingPence,
      inKindPence,
      lines: yearLines,
      yearComplete,
      participantYears,
      fundingPerParticipantYearPence: perYear(fundingPence),
      fullCostPerParticipantYearPence: perYear(fundingPence + inKindPence),
    };
  });
  const sites = [...new Set(episodes.map((e) => e.site))].sort();
  const costOf = (site: string) => {
    const cost = costs[site];
    if (!cost) throw new Error(`No cost assumptions for site ${site}`);
    return cost;
  };
  let avoided = 0;
  let saving = 0;
  let avoidedInPeriod = 0;
  let savingInPeriod = 0;
  for (const site of sites) {
    const siteAvoided = offencesAvoided(episodes.filter((e) => e.site === site), from, asOf);
    const cost = costOf(site).costPerOffencePence;
    avoided += siteAvoided.sinceEntry;
    saving += siteAvoided.sinceEntry * cost;
    avoidedInPeriod += siteAvoided.inPeriod;
    savingInPeriod += siteAvoided.inPeriod * cost;
  }
  const siteCosts = Object.values(costs);
  const sameCost = siteCosts.length > 0 && siteCosts.every((c) => c.costPerOffencePence === siteCosts[0]!.costPerOffencePence);
  return {
    years,
    fundingPence: years.reduce((sum, y) => sum + y.fundingPence, 0),
    inKindPence: years.reduce((sum, y) => sum + y.inKindPence, 0),
    offencesAvoided: avoided,
    estimatedSavingPence: Math.round(saving),
    inPeriod: { offencesAvoided: avoidedInPeriod, estimatedSavingPence: Math.round(savingInPeriod) },
    costPerOffencePence: sameCost ? siteCosts[0]!.costPerOffencePence : null,
    costBasis:
      siteCosts.length === 1 ? siteCosts[0]!.basis : `Each site's own cost per offence, summed over the sites: ${[...new Set(siteCosts.map((c) => c.basis))].join(" / ")}`,
  };
}

/** Funding lines added up across sites by financial year, kind and source. */
function fundingBySource(records: FundingLineRecord[]): FundingLine[] {
  const bySource = new Map<string, FundingLine>();
  for (const { financialYear, kind, source, amountPence } of records) {
    const key = `${financialYear}\u0000${kind}\u0000${source}`;
    const line = bySource.get(key);
    if (line) line.amountPence += amountPence;
    else bySource.set(key, { financialYear, kind, source, amountPence });
  }
  return [...bySource.values()];
}

// ─── Operations ──────────────────────────────────────────────────────────────

/**
 * Stock checks made in the period, how many disagreed with the register, and the batches
 * whose latest check by the end of the period still disagrees: an alert stays open until a
 * recount agrees (issue 9, "Stock checks").
 */
export function operationsFigures(checks: StockCheckRecord[], from: LocalDate, to: LocalDate, allSites: boolean): OperationsFigures {
  const inPeriod = checks.filter((c) => c.checkedOn >= from && c.checkedOn <= to);
  const latest = new Map<string, StockCheckRecord>();
  for (const check of checks) if (check.checkedOn <= to) latest.set(`${check.site}\u0000${check.product}\u0000${check.batch}`, check);
  return {
    stockChecks: inPeriod.length,
    stockChecksWithDiscrepancy: inPeriod.filter((c) => c.counted !== c.expected).length,
    openDiscrepancies: [...latest.values()]
      .filter((c) => c.counted !== c.expected)
      .map((c) => ({ product: allSites ? `${c.siteCode}: ${c.product}` : c.product, batch: c.batch, checkedOn: c.checkedOn, expected: c.expected, counted: c.counted })),
  };
}
