import type { SurvivalPoint } from "./board-figures";

/**
 * The Kaplan–Meier retention curve as the board sees it: by whole months since enrolment,
 * never by day (exact exit days identify people), with a 95% confidence band.
 *
 * The band is S(t) ± 1.96 × SE, with the standard error from Greenwood's formula,
 * Var S(t) = S(t)² × Σ d / (n (n − d)) over the exit days up to t (Greenwood M, "The natural
 * duration of cancer", Reports on Public Health and Medical Subjects 33, HMSO 1926; as in
 * Collett D, "Modelling Survival Data in Medical Research", 3rd ed., §2.2), clipped to 0–100%.
 */

/** A month is a twelfth of a year of 365.25 days; month k starts on day round(k × 30.4375). */
const DAYS_PER_MONTH = 365.25 / 12;

export type MonthPoint = {
  month: number;
  /** Episodes still followed at the start of the month. */
  atRisk: number;
  survival: number;
  lower: number;
  upper: number;
};

export function monthStartDay(month: number): number {
  return Math.round(month * DAYS_PER_MONTH);
}

/** Day-level Kaplan–Meier points (from kaplanMeier) binned by month, up to the last month anyone is followed into. */
export function survivalByMonth(points: SurvivalPoint[]): MonthPoint[] {
  if (points.length === 0) return [];
  const people = points[0]!.atRisk;
  const lastDay = points.at(-1)!.day;
  const months: MonthPoint[] = [];
  for (let month = 0; monthStartDay(month) <= lastDay || month === 0; month++) {
    const day = monthStartDay(month);
    const before = points.filter((p) => p.day < day);
    const atRisk = people - before.reduce((sum, p) => sum + p.events + p.censored, 0);
    if (month > 0 && atRisk === 0) break;
    // The estimate at the start of the month: every exit on an earlier day.
    const last = before.at(-1);
    const survival = last ? last.survival : 1;
    const greenwood = before.reduce((sum, p) => (p.events > 0 && p.atRisk > p.events ? sum + p.events / (p.atRisk * (p.atRisk - p.events)) : sum), 0);
    const error = survival * Math.sqrt(greenwood);
    months.push({ month, atRisk, survival, lower: Math.max(0, survival - 1.96 * error), upper: Math.min(1, survival + 1.96 * error) });
  }
  return months;
}
