import { type BoardFigures, type Share, type TopMeasure } from "./board-figures";
import { BREAK_REASON_LABEL, EXIT_REASON_LABEL } from "./labels";
import { financialYearLabel } from "./money";
import { toCsv } from "./csv";
import { describeDiscrepancy } from "./cd-register";
import { describeDefinition, FIGURE_DEFINITIONS } from "./board-definitions";

/**
 * Presentation of the board figures: the one place where small groups are suppressed, so
 * the dashboard tables, the printable report and the CSV say the same thing. Counts of
 * people from 1 up to the site's threshold (setting `smallGroupThreshold`, default 3) are
 * shown as "<3" and their percentages withheld
 * (issue 8, "De-identification"); zero reveals nobody and is shown. The figures themselves
 * keep the true numbers for arithmetic.
 */

export function shownCount(count: number, threshold: number): string {
  return count > 0 && count < threshold ? `<${threshold}` : String(count);
}

export function isSuppressed(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? "–" : `${(rate * 100).toFixed(1)}%`;
}

/** "5 (35.7%)", or "<3 (suppressed)" for a small group. */
export function shownShare(value: Share, threshold: number): string {
  if (isSuppressed(value.count, threshold)) return `${shownCount(value.count, threshold)} (suppressed)`;
  return `${value.count} (${formatPercent(value.rate)})`;
}

/** Whole pounds for the board ("£186,287"); src/domain/money.ts formatPounds keeps the pence. */
export function formatWholePounds(pence: number | null): string {
  if (pence === null) return "–";
  const pounds = Math.round(pence / 100);
  return `${pounds < 0 ? "-" : ""}£${Math.abs(pounds).toLocaleString("en-GB")}`;
}

export function formatNumber(value: number | null, decimals = 1): string {
  return value === null ? "–" : value.toFixed(decimals);
}

export const TOP_MEASURE_LABEL: Record<TopMeasure, string> = {
  opiateDays: "Street opiate use (days of past 28)",
  injectedDays: "Injecting (days of past 28)",
  shopliftingDays: "Shoplifting (days of past 28)",
  psychologicalHealth: "Psychological health (0–20)",
  physicalHealth: "Physical health (0–20)",
  qualityOfLife: "Quality of life (0–20)",
};

export type FigureRow = { section: string; measure: string; group: string; value: string };

/** Every figure as labelled rows, for the CSV and the printable report. */
export function figureRows(figures: BoardFigures, threshold: number): FigureRow[] {
  const rows: FigureRow[] = [];
  const add = (section: string, measure: string, group: string, value: string) => rows.push({ section, measure, group, value });
  const count = (n: number) => shownCount(n, threshold);
  const portion = (s: Share) => shownShare(s, threshold);

  const { retention } = figures;
  add("Retention", "Ever enrolled (episodes)", "", String(retention.everEnrolled));
  add("Retention", "Active", "", portion(retention.active));
  add("Retention", "On temporary break", "All reasons", portion(retention.onBreak));
  for (const b of retention.onBreak.byReason) add("Retention", "On temporary break", BREAK_REASON_LABEL[b.reason], count(b.count));
  add("Retention", "Exited", "All reasons", portion(retention.exited));
  add("Retention", "Exited", "Planned", count(retention.exited.planned));
  add("Retention", "Exited", "Unplanned", count(retention.exited.unplanned));
  for (const e of retention.exited.byReason) {
    add("Retention", "Exited", `${EXIT_REASON_LABEL[e.reason]} (${e.planned ? "planned" : "unplanned"})`, count(e.count));
  }
  add("Retention", "Enrolled in the period", "In the period", count(retention.inPeriod.enrolled));
  add("Retention", "Exited in the period", "In the period", count(retention.inPeriod.exited));
  add("Retention", "In treatment in the period", "In the period", count(retention.inPeriod.inTreatment));
  const milestoneRate = (eligible: number, rate: number | null) => (isSuppressed(eligible, threshold) ? "suppressed" : formatPercent(rate));
  for (const m of retention.milestones) {
    add("Retention", `Retained at ${m.months} months`, `${count(m.retained)} of ${count(m.eligible)}`, milestoneRate(m.eligible, m.rate));
    add("Retention", `Retained in any treatment at ${m.months} months`, `${count(m.retainedInTreatment)} of ${count(m.eligible)}`, milestoneRate(m.eligible, m.rateInTreatment));
    const p = m.inPeriod;
    add("Retention", `Retained at ${m.months} months, milestone in the period`, `${count(p.retained)} of ${count(p.eligible)}`, milestoneRate(p.eligible, p.rate));
    add("Retention", `Retained in any treatment at ${m.months} months, milestone in the period`, `${count(p.retainedInTreatment)} of ${count(p.eligible)}`, milestoneRate(p.eligible, p.rateInTreatment));
  }
  for (const curve of figures.survival) {
    if (isSuppressed(curve.people, threshold)) {
      add("Retention curve (Kaplan–Meier)", `Cohort ${curve.cohort}`, `${count(curve.people)} episodes`, "suppressed");
      continue;
    }
    for (const point of curve.points) {
      add("Retention curve (Kaplan–Meier)", `Cohort ${curve.cohort}`, `Day ${point.day}`, formatPercent(point.survival));
    }
  }

  for (const m of figures.attendance.months) add("Attendance", "Sessions dosed of expected", m.month, `${m.count} of ${m.of} (${formatPercent(m.rate)})`);
  const att = figures.attendance.overall;
  add("Attendance", "Sessions dosed of expected", "Whole period", `${att.count} of ${att.of} (${formatPercent(att.rate)})`);

  for (const m of figures.sessionsAttended.months) add("Attendance", "Sessions attended of expected", m.month, `${m.count} of ${m.of} (${formatPercent(m.rate)})`);
  const attended = figures.sessionsAttended.overall;
  add("Attendance", "Sessions attended of expected", "Whole period", `${attended.count} of ${attended.of} (${formatPercent(attended.rate)})`);

  for (const m of figures.urineNegative.months) add("Urine screens", "Negative for street heroin", m.month, `${m.count} of ${m.of} (${formatPercent(m.rate)})`);
  const urine = figures.urineNegative.overall;
  add("Urine screens", "Negative for street heroin", "Whole period", `${urine.count} of ${urine.of} (${formatPercent(urine.rate)})`);
  add("Urine screens", "Not tested for street heroin (left out)", "Whole period", String(figures.urineNegative.notTested));
  add("Urine screens", "At least half of weeks 14–26 negative (RIOTT)", "Since entry", portion(figures.riottUrine));
  add("Urine screens", "At least half of weeks 14–26 negative (RIOTT)", "Week 26 ended in the period", portion(figures.riottUrine.inPeriod));

  const o = figures.offending;
  add("Offending", "Episodes compared", "", String(o.people));
  add("Offending", "Offences", "12 months before entry", String(o.offencesBefore));
  add("Offending", "Offences", "On programme", String(o.offencesDuring));
  add("Offending", "Offences per person", "12 months before entry", formatNumber(o.perPersonBefore));
  add("Offending", "Offences per person", "On programme", formatNumber(o.perPersonDuring));
  add("Offending", "Offences per person", "Change", formatPercent(o.perPersonChange));
  add("Offending", "Person-years before entry", "", formatNumber(o.personYearsBefore, 2));
  add("Offending", "Person-years on programme", "", formatNumber(o.personYearsDuring, 2));
  add("Offending", "Offences per person-year", "12 months before entry", formatNumber(o.perPersonYearBefore, 2));
  add("Offending", "Offences per person-year", "On programme", formatNumber(o.perPersonYearDuring, 2));
  add("Offending", "Offences", "On programme in the period", String(o.inPeriod.offences));
  add("Offending", "Person-years on programme", "In the period", formatNumber(o.inPeriod.personYears, 2));
  add("Offending", "Offences per person-year", "On programme in the period", formatNumber(o.inPeriod.perPersonYear, 2));
  add("Offending", "Median severity (Crime Harm Index days)", "12 months before entry", formatNumber(o.medianSeverityBefore));
  add("Offending", "Median severity (Crime Harm Index days)", "On programme", formatNumber(o.medianSeverityDuring));
  add("Offending", "Offended in the year before entry", "", count(o.priorOffenders));
  add("Offending", "Stopped offending", "Of prior offenders", portion(o.stopped));
  add("Offending", "Reduced offending", "Of prior offenders", portion(o.reduced));

  const t = figures.top;
  add("TOP", "People with Start and Review", "", count(t.people));
  for (const m of t.measures) {
    add("TOP", TOP_MEASURE_LABEL[m.measure], "Start (mean)", formatNumber(m.startMean));
    add("TOP", TOP_MEASURE_LABEL[m.measure], "Latest review (mean)", formatNumber(m.reviewMean));
    add("TOP", TOP_MEASURE_LABEL[m.measure], "Change", formatNumber(m.change));
  }
  add("TOP", "Acute housing problem", "Start", count(t.housingProblemAtStart));
  add("TOP", "Acute housing problem", "Latest review", count(t.housingProblemAtReview));
  add("TOP", "Shoplifting daily at start", "", count(t.dailyShopliftingAtStart));
  add("TOP", "Daily shoplifters not shoplifting at review", "", count(t.dailyShopliftersNowNone));

  const money = figures.money;
  for (const year of money.years) {
    const label = financialYearLabel(year.financialYear);
    for (const line of year.lines) add("Money", line.kind === "FUNDING" ? "Funding" : "In kind", `${label} ${line.source}`, formatWholePounds(line.amountPence));
    add("Money", "Funding", `${label} total`, formatWholePounds(year.fundingPence));
    add("Money", "In kind", `${label} total`, formatWholePounds(year.inKindPence));
    const perYear = (pence: number | null) => (year.yearComplete ? formatWholePounds(pence) : "year not over");
    add("Money", "Participant-years at the site(s)", label, formatNumber(year.participantYears, 2));
    add("Money", "Funding per participant-year", label, perYear(year.fundingPerParticipantYearPence));
    add("Money", "Funding and in kind per participant-year", label, perYear(year.fullCostPerParticipantYearPence));
  }
  add("Money", "Funding", "All years", formatWholePounds(money.fundingPence));
  add("Money", "In kind", "All years", formatWholePounds(money.inKindPence));
  const costGroup = money.costPerOffencePence === null ? "at each site's own cost per offence" : `at ${formatWholePounds(money.costPerOffencePence)} per offence`;
  add("Money", "Offences avoided (estimated)", "Since entry", formatNumber(money.offencesAvoided));
  add("Money", "Estimated criminal-justice saving", `Since entry, ${costGroup}`, formatWholePounds(money.estimatedSavingPence));
  add("Money", "Offences avoided (estimated)", "In the period", formatNumber(money.inPeriod.offencesAvoided));
  add("Money", "Estimated criminal-justice saving", `In the period, ${costGroup}`, formatWholePounds(money.inPeriod.estimatedSavingPence));
  add("Money", "Basis of the cost per offence", "", money.costBasis);

  const { operations } = figures;
  add("Operations", "Controlled-drug stock checks", "In the period", String(operations.stockChecks));
  add("Operations", "Stock checks with a discrepancy", "In the period", String(operations.stockChecksWithDiscrepancy));
  for (const d of operations.openDiscrepancies) {
    add("Operations", "Open stock discrepancy", `${d.product}, batch ${d.batch}, checked ${d.checkedOn}`, describeDiscrepancy(d));
  }
  return rows;
}

/** `asOf`: the last day followed up, the period's end or today if earlier (src/domain/board-figures.ts `followUpEnd`). */
export type ReportLabel = { site: string; from: string; to: string; asOf: string; cohort: string; generatedAt: string; threshold: number };

/** The CSV export: a labelled header block (site, period, cohort, date), then every figure. */
export function boardCsv(figures: BoardFigures, label: ReportLabel): string {
  const header: FigureRow[] = [
    { section: "Report", measure: "HAT board outcome figures", group: "", value: "" },
    { section: "Report", measure: "Site", group: "", value: label.site },
    { section: "Report", measure: "Period", group: "From", value: label.from },
    { section: "Report", measure: "Period", group: "To", value: label.to },
    { section: "Report", measure: "Followed up to", group: "The period's end, or today if earlier", value: label.asOf },
    { section: "Report", measure: "Enrolment cohort", group: "", value: label.cohort },
    { section: "Report", measure: "Generated", group: "", value: label.generatedAt },
    { section: "Report", measure: "Small groups suppressed below", group: "", value: String(label.threshold) },
  ];
  const rows = [...header, ...figureRows(figures, label.threshold), ...definitionRows()];
  return toCsv(["Section", "Measure", "Group", "Value"], rows.map((r) => [r.section, r.measure, r.group, r.value]));
}

/** The definitions section of the CSV and the report: each figure, its window, and how it is counted. */
export function definitionRows(): FigureRow[] {
  return Object.values(FIGURE_DEFINITIONS).map((d) => ({ section: "Definitions", measure: d.title, group: d.window, value: describeDefinition(d) }));
}
