import { addLocalDays, addLocalMonths, localDaysBetween, type LocalDate } from "./clinic-time";
import type { CostAssumptions } from "./costs";
import type { BREAK_REASON_LABEL, EXIT_REASON_LABEL } from "./labels";
import { financialYearLabel } from "./money";

/**
 * The HAT board's outcome figures (DOMAIN.md "Outcomes" and "Board figures to reproduce"),
 * computed over compact, de-identified records: no record carries a participant id,
 * reference, name or date of birth, so nothing computed here can leak one.
 *
 * The unit for retention and offending is the treatment episode (enrolment to exit): a
 * re-admitted person starts a new episode, as NDTMS counts treatment journeys. Figures
 * about people's state are taken "as of" the end of the chosen period.
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

// ─── Input records ───────────────────────────────────────────────────────────

export type EpisodeRecord = {
  enrolledOn: LocalDate;
  exit: { on: LocalDate; reason: ExitReason; planned: boolean } | null;
  /** The break open at the end of the period, if any. */
  breakReason: BreakReason | null;
  /**
   * Severity scores (Cambridge Crime Harm Index days) of detected offences in the 365 days
   * before enrolment, and from enrolment to exit or the end of the period.
   */
  offencesBefore: number[];
  offencesDuring: number[];
};

/** Dose sessions per calendar month ("yyyy-MM") and outcome; unfinished sessions are left out. */
export type SessionOutcomeCount = { month: string; outcome: SessionOutcome; sessions: number };

/** Urine screens per month, split by whether a street-heroin marker was positive. */
export type ScreenCount = { month: string; streetHeroinPositive: boolean; screens: number };

export type TopScores = {
  opiateDays: number;
  injectedDays: number;
  shopliftingDays: number;
  psychologicalHealth: number;
  physicalHealth: number;
  qualityOfLife: number;
  acuteHousingProblem: boolean;
};

/** One person's TOP at Start and their latest Review by the end of the period. */
export type TopPair = { start: TopScores; review: TopScores };

export type FundingLineRecord = { financialYear: number; kind: "FUNDING" | "IN_KIND"; source: string; amountPence: number };

/** A controlled-drug stock check: what the register said and what two staff counted. */
export type StockCheckRecord = { product: string; batch: string; checkedOn: LocalDate; expected: number; counted: number };

export type BoardData = {
  from: LocalDate;
  to: LocalDate;
  episodes: EpisodeRecord[];
  sessions: SessionOutcomeCount[];
  screens: ScreenCount[];
  top: TopPair[];
  funding: FundingLineRecord[];
  /** Every stock check up to the end of the period, in the order they were made. */
  stockChecks: StockCheckRecord[];
};

// ─── Figures ─────────────────────────────────────────────────────────────────

export type Share = { count: number; of: number; rate: number | null };

export type RetentionFigures = {
  everEnrolled: number;
  active: Share;
  onBreak: Share & { byReason: { reason: BreakReason; count: number }[] };
  exited: Share & { planned: number; unplanned: number; byReason: { reason: ExitReason; planned: boolean; count: number }[] };
  milestones: { months: number; eligible: number; retained: number; rate: number | null }[];
};

export type SurvivalPoint = { day: number; survival: number; atRisk: number; events: number; censored: number };
/** Kaplan–Meier retention curve for one enrolment cohort (financial year of enrolment) or "All". */
export type SurvivalCurve = { cohort: string; people: number; points: SurvivalPoint[] };

export type MonthlyRate = { month: string; of: number; count: number; rate: number | null };

export type OffendingFigures = {
  people: number;
  offencesBefore: number;
  offencesDuring: number;
  perPersonBefore: number | null;
  perPersonDuring: number | null;
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
  lines: FundingLineRecord[];
  participantYears: number;
  fundingPerParticipantYearPence: number | null;
  fullCostPerParticipantYearPence: number | null;
};

export type MoneyFigures = {
  years: FundingYear[];
  fundingPence: number;
  inKindPence: number;
  offencesAvoided: number;
  estimatedSavingPence: number;
  costPerOffencePence: number;
  costBasis: string;
};

export type BoardFigures = {
  from: LocalDate;
  to: LocalDate;
  retention: RetentionFigures;
  survival: SurvivalCurve[];
  attendance: { months: MonthlyRate[]; overall: Omit<MonthlyRate, "month"> };
  urineNegative: { months: MonthlyRate[]; overall: Omit<MonthlyRate, "month"> };
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
  openDiscrepancies: StockCheckRecord[];
};

export function boardFigures(data: BoardData, costs: CostAssumptions): BoardFigures {
  const offending = offendingFigures(data.episodes, data.to);
  return {
    from: data.from,
    to: data.to,
    retention: retentionFigures(data.episodes, data.to),
    survival: survivalCurves(data.episodes, data.to),
    attendance: attendanceFigures(data.sessions),
    urineNegative: urineFigures(data.screens),
    offending,
    top: topFigures(data.top),
    money: moneyFigures(data.funding, data.episodes, data.to, offending, costs),
    operations: operationsFigures(data.stockChecks, data.from, data.to),
  };
}

function share(count: number, of: number): Share {
  return { count, of, rate: of === 0 ? null : count / of };
}

/** The exit, if it happened by `asOf`; a later exit is still in the future for this report. */
function exitBy(episode: EpisodeRecord, asOf: LocalDate) {
  return episode.exit && episode.exit.on <= asOf ? episode.exit : null;
}

/** The last day on programme within the report: the exit day, or the end of the period. */
function lastDay(episode: EpisodeRecord, asOf: LocalDate): LocalDate {
  return exitBy(episode, asOf)?.on ?? asOf;
}

// ─── Retention ───────────────────────────────────────────────────────────────


/**
 * Status of everyone ever enrolled (Middlesbrough year one: 14% on a break, 35.7% exited),
 * and retention at 3, 6 and 12 months: of the episodes enrolled at least that long before
 * the end of the period, the share not exited before the milestone. A break is retention.
 */
export function retentionFigures(episodes: EpisodeRecord[], asOf: LocalDate): RetentionFigures {
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
  const milestones = RETENTION_MILESTONES.map((months) => {
    let eligible = 0;
    let retained = 0;
    for (const episode of episodes) {
      const milestone = addLocalMonths(episode.enrolledOn, months);
      if (milestone > asOf) continue;
      eligible += 1;
      const exit = exitBy(episode, asOf);
      if (!exit || exit.on >= milestone) retained += 1;
    }
    return { months, eligible, retained, rate: eligible === 0 ? null : retained / eligible };
  });
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
  };
}

/** Enrolment cohort: the financial year (April to March, as the funding) of enrolment; 2025 is "2025/26". */
export function financialYearOf(date: LocalDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5, 7) >= "04" ? year : year - 1;
}

/**
 * Kaplan–Meier product-limit estimate of staying in treatment (Kaplan & Meier 1958).
 * Time is days from enrolment; any exit is the event; people still in treatment at the end
 * of the period (including those on a break) are censored there. At a day with both, the
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
 * Share of screens negative for street heroin (DOMAIN.md "Urine screens"; Middlesbrough
 * year one: 80%). A screen is negative unless a street-heroin marker was positive
 * (src/domain/urine.ts): prescribed diamorphine alone does not make a screen positive.
 */
export function urineFigures(screens: ScreenCount[]) {
  return monthlyRates(screens.map((s) => ({ month: s.month, of: s.screens, count: s.streetHeroinPositive ? 0 : s.screens })));
}

// ─── Offending ───────────────────────────────────────────────────────────────

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function daysOnProgramme(episode: EpisodeRecord, asOf: LocalDate): number {
  return localDaysBetween(episode.enrolledOn, lastDay(episode, asOf)) + 1;
}

/**
 * Detected offences in the 365 days before entry against time on programme (DOMAIN.md
 * "Offending"; Middlesbrough year one: 3.0 → 1.2 per person, median severity 32.5 → 13.0).
 * "Stopped": prior offenders with no offence on programme. "Reduced": prior offenders whose
 * offences per year on programme are below their count in the year before (a year each, so
 * a short stay is compared at the same rate, not the same count).
 */
export function offendingFigures(episodes: EpisodeRecord[], asOf: LocalDate): OffendingFigures {
  const people = episodes.length;
  const before = episodes.flatMap((e) => e.offencesBefore);
  const during = episodes.flatMap((e) => e.offencesDuring);
  const personYearsDuring = episodes.reduce((sum, e) => sum + daysOnProgramme(e, asOf), 0) / DAYS_PER_YEAR;
  const priorOffenders = episodes.filter((e) => e.offencesBefore.length > 0);
  const stopped = priorOffenders.filter((e) => e.offencesDuring.length === 0).length;
  const reduced = priorOffenders.filter((e) => e.offencesDuring.length / (daysOnProgramme(e, asOf) / DAYS_PER_YEAR) < e.offencesBefore.length).length;
  const perPersonBefore = people === 0 ? null : before.length / people;
  const perPersonDuring = people === 0 ? null : during.length / people;
  return {
    people,
    offencesBefore: before.length,
    offencesDuring: during.length,
    perPersonBefore,
    perPersonDuring,
    personYearsDuring,
    perPersonYearDuring: personYearsDuring === 0 ? null : during.length / personYearsDuring,
    perPersonChange: perPersonBefore ? (perPersonDuring! - perPersonBefore) / perPersonBefore : null,
    medianSeverityBefore: median(before),
    medianSeverityDuring: median(during),
    priorOffenders: priorOffenders.length,
    offendersDuring: episodes.filter((e) => e.offencesDuring.length > 0).length,
    stopped: share(stopped, priorOffenders.length),
    reduced: share(reduced, priorOffenders.length),
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

/** Days of an episode inside a financial year (1 April to 31 March), up to the end of the period. */
function daysInFinancialYear(episode: EpisodeRecord, financialYear: number, asOf: LocalDate): number {
  const yearStart = `${financialYear}-04-01`;
  const yearEnd = addLocalDays(`${financialYear + 1}-04-01`, -1);
  const first = episode.enrolledOn > yearStart ? episode.enrolledOn : yearStart;
  const last = lastDay(episode, asOf) < yearEnd ? lastDay(episode, asOf) : yearEnd;
  return first > last ? 0 : localDaysBetween(first, last) + 1;
}

/**
 * Funding by financial year and source, in-kind resources, cost per participant-year (a
 * year's funding over the participant-years in treatment in that year, up to the end of
 * the period), and the estimated criminal-justice saving: offences avoided (the year-before
 * rate over the person-years on programme, less the offences detected) times the cost per
 * offence (DOMAIN.md "Costs"; Middlesbrough year one: £97,800).
 */
export function moneyFigures(
  lines: FundingLineRecord[],
  episodes: EpisodeRecord[],
  asOf: LocalDate,
  offending: OffendingFigures,
  costs: CostAssumptions,
): MoneyFigures {
  const years = [...new Set(lines.map((l) => l.financialYear))].sort((a, b) => a - b).map((financialYear) => {
    const yearLines = lines
      .filter((l) => l.financialYear === financialYear)
      .sort((a, b) => a.kind.localeCompare(b.kind) || b.amountPence - a.amountPence || a.source.localeCompare(b.source));
    const fundingPence = yearLines.filter((l) => l.kind === "FUNDING").reduce((sum, l) => sum + l.amountPence, 0);
    const inKindPence = yearLines.filter((l) => l.kind === "IN_KIND").reduce((sum, l) => sum + l.amountPence, 0);
    const participantYears = episodes.reduce((sum, e) => sum + daysInFinancialYear(e, financialYear, asOf), 0) / DAYS_PER_YEAR;
    return {
      financialYear,
      fundingPence,
      inKindPence,
      lines: yearLines,
      participantYears,
      fundingPerParticipantYearPence: participantYears === 0 ? null : Math.round(fundingPence / participantYears),
      fullCostPerParticipantYearPence: participantYears === 0 ? null : Math.round((fundingPence + inKindPence) / participantYears),
    };
  });
  const offencesAvoided = (offending.perPersonBefore ?? 0) * offending.personYearsDuring - offending.offencesDuring;
  return {
    years,
    fundingPence: years.reduce((sum, y) => sum + y.fundingPence, 0),
    inKindPence: years.reduce((sum, y) => sum + y.inKindPence, 0),
    offencesAvoided,
    estimatedSavingPence: Math.round(offencesAvoided * costs.costPerOffencePence),
    costPerOffencePence: costs.costPerOffencePence,
    costBasis: costs.basis,
  };
}

// ─── Operations ──────────────────────────────────────────────────────────────

/**
 * Stock checks made in the period, how many disagreed with the register, and the batches
 * whose latest check by the end of the period still disagrees: an alert stays open until a
 * recount agrees (issue 9, "Stock checks").
 */
export function operationsFigures(checks: StockCheckRecord[], from: LocalDate, to: LocalDate): OperationsFigures {
  const inPeriod = checks.filter((c) => c.checkedOn >= from && c.checkedOn <= to);
  const latest = new Map<string, StockCheckRecord>();
  for (const check of checks) if (check.checkedOn <= to) latest.set(`${check.product}\u0000${check.batch}`, check);
  return {
    stockChecks: inPeriod.length,
    stockChecksWithDiscrepancy: inPeriod.filter((c) => c.counted !== c.expected).length,
    openDiscrepancies: [...latest.values()].filter((c) => c.counted !== c.expected),
  };
}
