import { addLocalDays, addLocalMonths, type LocalDate } from "./clinic-time";
import { financialYearLabel, financialYearOf } from "./money";

/**
 * The board's reporting periods: calendar months, financial quarters and UK financial years
 * (1 April to 31 March, as the funding). Quarters are financial quarters, Q1 April to June,
 * as NHS and police returns count them, so four quarters make one funded year.
 *
 * The board chooses among these, never arbitrary dates: fixed periods are what makes
 * differencing two reports by a day impossible (README "Board disclosure control").
 *
 * Codes travel in the URL: "2026-05" (May 2026), "FY2026-27-Q1" (April to June 2026),
 * "FY2026-27" (1 April 2026 to 31 March 2027).
 */

export type PeriodKind = "month" | "quarter" | "year";

export type ReportingPeriod = {
  kind: PeriodKind;
  code: string;
  label: string;
  from: LocalDate;
  /** The period's last calendar day, which may be after today. */
  end: LocalDate;
};

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_CODE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR_CODE = /^FY(\d{4})-(\d{2})(?:-Q([1-4]))?$/;

function monthName(date: LocalDate): string {
  return `${MONTH_NAMES[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

function yearCode(startYear: number): string {
  return `FY${startYear}-${String((startYear + 1) % 100).padStart(2, "0")}`;
}

function lastDayBefore(date: LocalDate): LocalDate {
  return addLocalDays(date, -1);
}

export function monthPeriod(year: number, month: number): ReportingPeriod {
  const from = `${year}-${String(month).padStart(2, "0")}-01`;
  return { kind: "month", code: from.slice(0, 7), label: monthName(from), from, end: lastDayBefore(addLocalMonths(from, 1)) };
}

/** Quarter 1 is April to June of `startYear`. */
export function quarterPeriod(startYear: number, quarter: number): ReportingPeriod {
  const from = addLocalMonths(`${startYear}-04-01`, (quarter - 1) * 3);
  const end = lastDayBefore(addLocalMonths(from, 3));
  return {
    kind: "quarter",
    code: `${yearCode(startYear)}-Q${quarter}`,
    label: `Q${quarter} ${financialYearLabel(startYear)} (${monthName(from).slice(0, 3)} to ${monthName(end)})`,
    from,
    end,
  };
}

export function yearPeriod(startYear: number): ReportingPeriod {
  return {
    kind: "year",
    code: yearCode(startYear),
    label: `Financial year ${financialYearLabel(startYear)} (Apr ${startYear} to Mar ${startYear + 1})`,
    from: `${startYear}-04-01`,
    end: `${startYear + 1}-03-31`,
  };
}

/** The period a code names, or null when it names none (a bad month, "FY2026-28", "Q5"). */
export function parseReportingPeriod(code: string): ReportingPeriod | null {
  const month = MONTH_CODE.exec(code);
  if (month) return Number(month[1]) >= 1900 ? monthPeriod(Number(month[1]), Number(month[2])) : null;
  const year = YEAR_CODE.exec(code);
  if (!year) return null;
  const startYear = Number(year[1]);
  if (startYear < 1900 || (startYear + 1) % 100 !== Number(year[2])) return null;
  return year[3] ? quarterPeriod(startYear, Number(year[3])) : yearPeriod(startYear);
}

/** The period of this kind that contains the date. */
export function periodContaining(kind: PeriodKind, date: LocalDate): ReportingPeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === "month") return monthPeriod(year, month);
  const startYear = financialYearOf(date);
  if (kind === "year") return yearPeriod(startYear);
  return quarterPeriod(startYear, Math.floor(((month + 8) % 12) / 3) + 1);
}

export function previousPeriod(period: ReportingPeriod): ReportingPeriod {
  return periodContaining(period.kind, addLocalDays(period.from, -1));
}

export function nextPeriod(period: ReportingPeriod): ReportingPeriod {
  return periodContaining(period.kind, addLocalDays(period.end, 1));
}

/** Whether the period has started by today; the board cannot see the future. */
export function hasStarted(period: ReportingPeriod, today: LocalDate): boolean {
  return period.from <= today;
}

/** Figures run to the period's end, or to today for the period in progress. */
export function periodTo(period: ReportingPeriod, today: LocalDate): LocalDate {
  return period.end < today ? period.end : today;
}

export function isInProgress(period: ReportingPeriod, today: LocalDate): boolean {
  return period.from <= today && today < period.end;
}

/** Why a period cannot be reported, or null when it can. */
export function periodRefusal(period: ReportingPeriod, today: LocalDate): string | null {
  return hasStarted(period, today)
    ? null
    : `${period.label} has not started yet: choose a period up to ${periodContaining(period.kind, today).label}.`;
}

/**
 * The other period ends whose figures a reader could set beside this period's: the end of
 * the adjacent periods of the same kind, the month ends either side (every period ends at a
 * month end, so a quarter's figures also sit beside a month's), and, for the period in
 * progress, yesterday. Ends that have not come yet are left out; the next period's is taken
 * as it stands today.
 */
export function comparisonEnds(period: ReportingPeriod, today: LocalDate): LocalDate[] {
  const end = periodTo(period, today);
  const month = periodContaining("month", end);
  const ends = [previousPeriod(period).end, lastDayBefore(month.from)];
  for (const next of [nextPeriod(period), nextPeriod(month)]) if (hasStarted(next, today)) ends.push(periodTo(next, today));
  if (end === today) ends.push(lastDayBefore(today));
  return [...new Set(ends)].filter((date) => date !== end).sort();
}

/** The period the board sees first: the financial year in progress, to date. */
export function defaultPeriod(today: LocalDate): ReportingPeriod {
  return periodContaining("year", today);
}

/** Every period of each kind from the one holding `first` to the one holding today, newest first. */
export function periodsToChoose(first: LocalDate, today: LocalDate): Record<PeriodKind, ReportingPeriod[]> {
  const list = (kind: PeriodKind) => {
    const periods: ReportingPeriod[] = [];
    const start = first < today ? first : today;
    for (let p = periodContaining(kind, today); p.end >= start; p = previousPeriod(p)) periods.push(p);
    return periods;
  };
  return { year: list("year"), quarter: list("quarter"), month: list("month") };
}
