import { type BoardFigures, type Share, type TopMeasure } from "./board-figures";
import { BREAK_REASON_LABEL, EXIT_REASON_LABEL } from "./labels";
import { financialYearLabel } from "./money";
import { toCsv } from "./csv";
import { describeDiscrepancy } from "./cd-register";
import { suppress, type Cell, type Relation, type Suppressed } from "./disclosure-control";
import { survivalByMonth } from "./retention-curve";
import { describeDefinition, FIGURE_DEFINITIONS } from "./board-definitions";

/**
 * Presentation of the board figures: every figure becomes a labelled cell, with the sums
 * between cells declared, and src/domain/disclosure-control.ts decides which cells are not
 * shown. The dashboard's tiles, tables and charts, the printable report and the CSV all read
 * the same released rows, so a figure is suppressed everywhere it appears or nowhere.
 *
 * A new figure needs only its cell: `count` for people or episodes, `events` or `statistic`
 * with the count behind it, `share` for "n of m"; and `sum` where cells add up.
 */

export type Unit = "episodes" | "people" | "sessions" | "screens" | "offences" | "percent" | "pounds" | "decimal" | "text";

export type FigureCell = Cell & { section: string; measure: string; group: string; unit: Unit; decimals?: number; text?: string };

export type BoardTable = { threshold: number; cells: FigureCell[]; relations: Relation[] };

export type FigureRow = {
  key: string;
  section: string;
  measure: string;
  group: string;
  unit: Unit;
  /** A number (a percentage as a fraction, money in pence), a text, or null when not shown or not defined. */
  value: number | string | null;
  decimals: number;
  suppressed: Suppressed | null;
};

export const TOP_MEASURE_LABEL: Record<TopMeasure, string> = {
  opiateDays: "Street opiate use (days of past 28)",
  injectedDays: "Injecting (days of past 28)",
  shopliftingDays: "Shoplifting (days of past 28)",
  psychologicalHealth: "Psychological health (0–20)",
  physicalHealth: "Physical health (0–20)",
  qualityOfLife: "Quality of life (0–20)",
};

export const OTHER_REASONS = "Other reasons";

export function figureKey(section: string, measure: string, group: string): string {
  return `${section}|${measure}|${group}`;
}

/**
 * Break and exit reasons merged into "Other reasons": every reason with a small group in
 * any table released together, so that each table merges the same reasons and all sites
 * still add up from each site.
 */
export type MergedReasons = { breaks: Set<string>; exits: Set<string> };

const exitGroup = (reason: string, planned: boolean) => `${EXIT_REASON_LABEL[reason as keyof typeof EXIT_REASON_LABEL]} (${planned ? "planned" : "unplanned"})`;

export function smallReasons(tables: { figures: BoardFigures; threshold: number }[]): MergedReasons {
  const merged: MergedReasons = { breaks: new Set(), exits: new Set() };
  for (const { figures, threshold } of tables) {
    const small = (n: number) => n > 0 && n < threshold;
    for (const b of figures.retention.onBreak.byReason) if (small(b.count)) merged.breaks.add(BREAK_REASON_LABEL[b.reason]);
    for (const e of figures.retention.exited.byReason) if (small(e.count)) merged.exits.add(exitGroup(e.reason, e.planned));
  }
  return merged;
}

/** Every figure as cells with their sums declared. */
export function boardTable(figures: BoardFigures, threshold: number, merged: MergedReasons = smallReasons([{ figures, threshold }])): BoardTable {
  const cells: FigureCell[] = [];
  const relations: Relation[] = [];
  let section = "";
  let basis: Cell["basis"] = "end";
  const add = (cell: Omit<FigureCell, "key" | "section" | "basis">) => {
    const key = figureKey(section, cell.measure, cell.group);
    cells.push({ ...cell, key, section, basis });
    return key;
  };
  const count = (measure: string, group: string, value: number, unit: Unit = "episodes") => add({ kind: "count", measure, group, value, unit });
  const events = (measure: string, group: string, value: number, behind: string, unit: Unit) => add({ kind: "events", measure, group, value, unit, behind });
  const statistic = (measure: string, group: string, value: number | null, behind: string, unit: Unit, options: { decimals?: number; from?: string[] } = {}) =>
    add({ kind: "statistic", measure, group, value, unit, behind, ...options });
  const money = (measure: string, group: string, pence: number | null) => add({ kind: "public", measure, group, value: pence, unit: "pounds" });
  const text = (measure: string, group: string, value: string) => add({ kind: "public", measure, group, value: null, text: value, unit: "text" });
  const sum = (total: string, parts: string[]) => relations.push({ total, parts });
  /** "n of m": the count, its unshown complement (so m − n is protected too) and the percentage. */
  const share = (measure: string, group: string, value: Share, of: string, unit: Unit) => {
    const counted = add({ kind: "count", measure: `${measure} (${unit})`, group, value: value.count, unit, behind: of });
    const rest = add({ kind: "count", measure: `${measure} (${unit})`, group: `${group} (the rest)`, value: value.of - value.count, unit, unshown: true });
    sum(of, [counted, rest]);
    statistic(`${measure} (%)`, group, value.rate, of, "percent", { from: [counted] });
    return counted;
  };

  // ─── Retention: the state at the end of the period ───
  section = "Retention";
  basis = "end";
  const r = figures.retention;
  const ever = count("Ever enrolled (episodes)", "", r.everEnrolled);
  const active = share("Active", "", r.active, ever, "episodes");
  const onBreak = share("On a temporary break", "All reasons", r.onBreak, ever, "episodes");
  const exited = share("Exited", "All reasons", r.exited, ever, "episodes");
  sum(ever, [active, onBreak, exited]);
  const breakGroups = new Map<string, number>();
  for (const b of r.onBreak.byReason) {
    const group = merged.breaks.has(BREAK_REASON_LABEL[b.reason]) ? OTHER_REASONS : BREAK_REASON_LABEL[b.reason];
    breakGroups.set(group, (breakGroups.get(group) ?? 0) + b.count);
  }
  sum(onBreak, [...breakGroups].map(([group, n]) => count("On a temporary break (episodes)", group, n)));
  sum(exited, [count("Exited (episodes)", "Planned", r.exited.planned), count("Exited (episodes)", "Unplanned", r.exited.unplanned)]);
  const exitGroups = new Map<string, number>();
  for (const e of r.exited.byReason) {
    const label = exitGroup(e.reason, e.planned);
    const group = merged.exits.has(label) ? OTHER_REASONS : label;
    exitGroups.set(group, (exitGroups.get(group) ?? 0) + e.count);
  }
  sum(exited, [...exitGroups].map(([group, n]) => count("Exited (episodes)", group, n)));
  for (const m of r.milestones) {
    const eligible = count(`Retained at ${m.months} months: eligible (episodes)`, "", m.eligible);
    share(`Retained at ${m.months} months`, "", { count: m.retained, of: m.eligible, rate: m.rate }, eligible, "episodes");
    share(`Retained in any treatment at ${m.months} months`, "", { count: m.retainedInTreatment, of: m.eligible, rate: m.rateInTreatment }, eligible, "episodes");
  }

  // ─── Retention: what happened in the period ───
  basis = "period";
  count("Enrolled in the period (episodes)", "", r.inPeriod.enrolled);
  count("Exited in the period (episodes)", "", r.inPeriod.exited);
  count("In treatment in the period (episodes)", "", r.inPeriod.inTreatment);
  for (const m of r.milestones) {
    const p = m.inPeriod;
    const eligible = count(`Retained at ${m.months} months, milestone in the period: eligible (episodes)`, "", p.eligible);
    share(`Retained at ${m.months} months, milestone in the period`, "", { count: p.retained, of: p.eligible, rate: p.rate }, eligible, "episodes");
    share(`Retained in any treatment at ${m.months} months, milestone in the period`, "", { count: p.retainedInTreatment, of: p.eligible, rate: p.rateInTreatment }, eligible, "episodes");
  }
  basis = "end";

  // ─── Kaplan–Meier, by month since enrolment ───
  section = "Retention curve (Kaplan–Meier)";
  const atRiskByMonth = new Map<number, { all: string | null; cohorts: string[] }>();
  for (const curve of figures.survival.filter((c) => c.people > 0)) {
    for (const point of survivalByMonth(curve.points)) {
      const group = `Month ${point.month}`;
      const atRisk = count(`Cohort ${curve.cohort}: at risk (episodes)`, group, point.atRisk);
      statistic(`Cohort ${curve.cohort}: still in treatment (%)`, group, point.survival, atRisk, "percent");
      statistic(`Cohort ${curve.cohort}: lower 95% limit (%)`, group, point.lower, atRisk, "percent");
      statistic(`Cohort ${curve.cohort}: upper 95% limit (%)`, group, point.upper, atRisk, "percent");
      const month = atRiskByMonth.get(point.month) ?? { all: null, cohorts: [] };
      if (curve.cohort === "All") month.all = atRisk;
      else month.cohorts.push(atRisk);
      atRiskByMonth.set(point.month, month);
    }
  }
  for (const { all, cohorts } of atRiskByMonth.values()) if (all) sum(all, cohorts);

  // ─── Attendance and urine screens: what happened in the period ───
  basis = "period";
  /** Monthly counts out of one denominator (sessions expected, screens), each with its rate. */
  const monthly = (title: string, of: string, unit: Unit, counted: { names: { counted: string; rate: string }; list: BoardFigures["attendance"] }[]) => {
    section = title;
    const groups = ["Whole period", ...counted[0]!.list.months.map((m) => m.month)];
    const ofKeys = new Map<string, string>();
    for (const [i, { names, list }] of counted.entries()) {
      const byGroup = new Map<string, { count: number; of: number; rate: number | null }>([["Whole period", list.overall], ...list.months.map((m) => [m.month, m] as const)]);
      const countedKeys: string[] = [];
      for (const group of groups) {
        const m = byGroup.get(group)!;
        if (i === 0) ofKeys.set(group, count(of, group, m.of, unit));
        const key = events(names.counted, group, m.count, ofKeys.get(group)!, unit);
        statistic(names.rate, group, m.rate, ofKeys.get(group)!, "percent", { from: [key] });
        countedKeys.push(key);
      }
      sum(countedKeys[0]!, countedKeys.slice(1));
    }
    sum(ofKeys.get("Whole period")!, groups.slice(1).map((g) => ofKeys.get(g)!));
  };
  monthly("Attendance", "Sessions expected (sessions)", "sessions", [
    { names: { counted: "Sessions dosed (sessions)", rate: "Attendance (%)" }, list: figures.attendance },
    { names: { counted: "Sessions attended (sessions)", rate: "Sessions attended (%)" }, list: figures.sessionsAttended },
  ]);
  monthly("Urine screens", "Screens tested for street heroin (screens)", "screens", [
    { names: { counted: "Negative for street heroin (screens)", rate: "Negative for street heroin (%)" }, list: figures.urineNegative },
  ]);
  count("Not tested for street heroin, left out (screens)", "Whole period", figures.urineNegative.notTested, "screens");
  const riott = figures.riottUrine;
  const riottInPeriod = count("RIOTT outcome: episodes whose week 26 ended in the period (episodes)", "", riott.inPeriod.of);
  share("At least half of weeks 14–26 negative (RIOTT)", "Week 26 ended in the period", riott.inPeriod, riottInPeriod, "episodes");
  basis = "end";
  const riottSinceEntry = count("RIOTT outcome: episodes past week 26 (episodes)", "", riott.of);
  share("At least half of weeks 14–26 negative (RIOTT)", "Since entry", riott, riottSinceEntry, "episodes");

  // ─── Offending: since entry, to the end of the period ───
  section = "Offending";
  basis = "end";
  const o = figures.offending;
  const compared = count("Episodes compared (episodes)", "", o.people);
  events("Offences (offences)", "12 months before entry", o.offencesBefore, compared, "offences");
  events("Offences (offences)", "On programme", o.offencesDuring, compared, "offences");
  statistic("Offences per person", "12 months before entry", o.perPersonBefore, compared, "decimal");
  statistic("Offences per person", "On programme", o.perPersonDuring, compared, "decimal");
  statistic("Offences per person: change (%)", "", o.perPersonChange, compared, "percent");
  statistic("Person-years on programme", "", o.personYearsDuring, compared, "decimal", { decimals: 2 });
  statistic("Offences per person-year", "On programme", o.perPersonYearDuring, compared, "decimal", { decimals: 2 });
  const prior = count("Offended in the year before entry (people)", "", o.priorOffenders, "people");
  const offendingNow = count("Offended on programme (people)", "", o.offendersDuring, "people");
  statistic("Median severity (Crime Harm Index days)", "12 months before entry", o.medianSeverityBefore, prior, "decimal");
  statistic("Median severity (Crime Harm Index days)", "On programme", o.medianSeverityDuring, offendingNow, "decimal");
  share("Stopped offending", "Of prior offenders", o.stopped, prior, "people");
  share("Reduced offending", "Of prior offenders", o.reduced, prior, "people");
  statistic("Person-years before entry", "", o.personYearsBefore, compared, "decimal", { decimals: 2 });
  statistic("Offences per person-year", "12 months before entry", o.perPersonYearBefore, compared, "decimal", { decimals: 2 });
  basis = "period";
  const onProgrammeInPeriod = count("On programme in the period (episodes)", "", o.inPeriod.people);
  events("Offences (offences)", "On programme in the period", o.inPeriod.offences, onProgrammeInPeriod, "offences");
  statistic("Person-years on programme", "In the period", o.inPeriod.personYears, onProgrammeInPeriod, "decimal", { decimals: 2 });
  statistic("Offences per person-year", "On programme in the period", o.inPeriod.perPersonYear, onProgrammeInPeriod, "decimal", { decimals: 2 });
  basis = "end";

  // ─── TOP ───
  section = "TOP";
  const t = figures.top;
  const both = count("People with Start and Review (people)", "", t.people, "people");
  for (const m of t.measures) {
    statistic(TOP_MEASURE_LABEL[m.measure], "Start (mean)", m.startMean, both, "decimal");
    statistic(TOP_MEASURE_LABEL[m.measure], "Latest review (mean)", m.reviewMean, both, "decimal");
    statistic(TOP_MEASURE_LABEL[m.measure], "Change", m.change, both, "decimal");
  }
  const rate = (n: number, of: number) => ({ count: n, of, rate: of === 0 ? null : n / of });
  share("Acute housing problem", "Start", rate(t.housingProblemAtStart, t.people), both, "people");
  share("Acute housing problem", "Latest review", rate(t.housingProblemAtReview, t.people), both, "people");
  const daily = share("Shoplifting daily at start", "", rate(t.dailyShopliftingAtStart, t.people), both, "people");
  share("Daily shoplifters not shoplifting at review", "", rate(t.dailyShopliftersNowNone, t.dailyShopliftingAtStart), daily, "people");

  // ─── Money: funding is public; figures per person follow the people behind them ───
  section = "Money";
  const m = figures.money;
  for (const year of m.years) {
    const label = financialYearLabel(year.financialYear);
    for (const line of year.lines) money(line.kind === "FUNDING" ? "Funding (£)" : "In kind (£)", `${label} ${line.source}`, line.amountPence);
    money("Funding (£)", `${label} total`, year.fundingPence);
    money("In kind (£)", `${label} total`, year.inKindPence);
    statistic("Participant-years at the site(s)", label, year.participantYears, ever, "decimal", { decimals: 2 });
    // Per participant-year only once the year is over: a part-year's treatment against a whole year's money misleads.
    if (year.yearComplete) {
      statistic("Funding per participant-year (£)", label, year.fundingPerParticipantYearPence, ever, "pounds");
      statistic("Funding and in kind per participant-year (£)", label, year.fullCostPerParticipantYearPence, ever, "pounds");
    } else {
      text("Funding per participant-year (£)", label, "year not over");
      text("Funding and in kind per participant-year (£)", label, "year not over");
    }
  }
  money("Funding (£)", "All years", m.fundingPence);
  money("In kind (£)", "All years", m.inKindPence);
  const costGroup = m.costPerOffencePence === null ? "at each site's own cost per offence" : `at ${formatWholePounds(m.costPerOffencePence)} per offence`;
  money("Cost per offence (£)", m.costPerOffencePence === null ? "each site's own" : "", m.costPerOffencePence);
  statistic("Offences avoided (estimated)", "Since entry", m.offencesAvoided, compared, "decimal");
  statistic("Estimated criminal-justice saving (£)", `Since entry, ${costGroup}`, m.estimatedSavingPence, compared, "pounds");
  basis = "period";
  statistic("Offences avoided (estimated)", "In the period", m.inPeriod.offencesAvoided, onProgrammeInPeriod, "decimal");
  statistic("Estimated criminal-justice saving (£)", `In the period, ${costGroup}`, m.inPeriod.estimatedSavingPence, onProgrammeInPeriod, "pounds");
  basis = "end";
  text("Basis of the cost per offence", "", m.costBasis);

  // ─── Operations: stock, not people ───
  section = "Operations";
  basis = "period";
  const ops = figures.operations;
  add({ kind: "public", measure: "Controlled-drug stock checks", group: "In the period", value: ops.stockChecks, unit: "decimal", decimals: 0 });
  add({ kind: "public", measure: "Stock checks with a discrepancy", group: "In the period", value: ops.stockChecksWithDiscrepancy, unit: "decimal", decimals: 0 });
  for (const d of ops.openDiscrepancies) text("Open stock discrepancy", `${d.product}, batch ${d.batch}, checked ${d.checkedOn}`, describeDiscrepancy(d));

  return { threshold, cells, relations };
}

/** The member tables released together (all sites and each site, one period) and the page's place among them. */
export type ReleaseInput = {
  page: number;
  family: { figures: BoardFigures; threshold: number }[];
  /** All sites (`total`) against each site (`parts`), by index into `family`. */
  sums: { total: number; parts: number[] }[];
  /** The same member at the end of an adjacent period. */
  neighbours: { member: number; figures: BoardFigures }[];
};

/** Every member's rows, with every cell the disclosure rules hide set to null and marked, and the tables they came from. */
export function releaseFamily(input: Omit<ReleaseInput, "page">): { tables: BoardTable[]; rows: FigureRow[][] } {
  const merged = smallReasons(input.family);
  const tables = input.family.map(({ figures, threshold }) => boardTable(figures, threshold, merged));
  const hidden = suppress({
    tables,
    sums: input.sums,
    neighbours: input.neighbours.map(({ member, figures }) => ({ table: member, other: boardTable(figures, input.family[member]!.threshold, merged) })),
  });
  return { tables, rows: tables.map((table, i) => rowsOf(table, hidden[i]!)) };
}

/** The page's rows, released together with the rest of its family. */
export function releaseRows(input: ReleaseInput): FigureRow[] {
  return releaseFamily(input).rows[input.page]!;
}

/** One table released on its own (no other site, no adjacent period). */
export function figureRows(figures: BoardFigures, threshold: number): FigureRow[] {
  return releaseRows({ page: 0, family: [{ figures, threshold }], sums: [], neighbours: [] });
}

function rowsOf(table: BoardTable, hidden: Map<string, Suppressed>): FigureRow[] {
  return table.cells
    .filter((cell) => !cell.unshown)
    .map((cell) => {
      const suppressed = hidden.get(cell.key) ?? null;
      return {
        key: cell.key,
        section: cell.section,
        measure: cell.measure,
        group: cell.group,
        unit: cell.unit,
        value: suppressed ? null : (cell.text ?? cell.value),
        decimals: cell.decimals ?? (cell.unit === "decimal" ? 1 : 0),
        suppressed,
      };
    });
}

// ─── Showing a row ───────────────────────────────────────────────────────────

/** Whole pounds for the board ("£186,287", "-£13,096"). */
export function formatWholePounds(pence: number | null): string {
  if (pence === null) return "–";
  const pounds = Math.round(pence / 100);
  return `${pounds < 0 ? "-" : ""}£${Math.abs(pounds).toLocaleString("en-GB")}`;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? "–" : `${(rate * 100).toFixed(1)}%`;
}

/** What a reader sees: "<3" for a small count, "suppressed" for anything else hidden, "–" for a figure with nothing to measure. */
export function showRow(row: FigureRow | undefined, threshold: number): string {
  if (!row) return "–";
  if (row.suppressed === "small") return `<${threshold}`;
  if (row.suppressed) return "suppressed";
  if (row.value === null) return "–";
  if (typeof row.value === "string") return row.value;
  if (row.unit === "percent") return formatPercent(row.value);
  if (row.unit === "pounds") return formatWholePounds(row.value);
  if (row.unit === "decimal") return row.value.toFixed(row.decimals);
  return String(row.value);
}

/** Why a row is not shown, in words for a footnote or the CSV's Note column. */
export function suppressionNote(row: FigureRow, threshold: number): string {
  switch (row.suppressed) {
    case "small":
      return `fewer than ${threshold}`;
    case "changed":
      return `changed by fewer than ${threshold} since an adjacent period`;
    case "few":
      return `fewer than ${threshold} behind it`;
    case "secondary":
      return "hidden so that a small group cannot be worked out from the others";
    default:
      return "";
  }
}

/** A plain number for a spreadsheet: percentages as 35.7, money in pounds with pence. */
export function csvNumber(row: FigureRow): string | number | null {
  if (row.value === null || typeof row.value === "string") return row.value;
  if (row.unit === "percent") return Number((row.value * 100).toFixed(1));
  if (row.unit === "pounds") return Number((row.value / 100).toFixed(2));
  if (row.unit === "decimal") return Number(row.value.toFixed(row.decimals));
  return row.value;
}

/** Look a row up by its section, measure and group. */
export function rowAt(rows: FigureRow[], section: string, measure: string, group = ""): FigureRow | undefined {
  const key = figureKey(section, measure, group);
  return rows.find((r) => r.key === key);
}

/** `asOf`: the last day followed up, the period's end or today if earlier (src/domain/board-figures.ts `followUpEnd`). */
export type ReportLabel = { site: string; from: string; to: string; asOf: string; cohort: string; generatedAt: string; threshold: number };

/** The label every page, report and export carries: the reporting period by name as well as its dates. */
export type ReleaseLabel = ReportLabel & { period: string };

/**
 * The CSV export: a labelled header block, then every figure, one number a row. Money is in
 * pounds and percentages in percent, both named in the measure; a hidden figure has no value
 * and says why in the Note column.
 */
export function boardCsv(rows: FigureRow[], label: ReleaseLabel): string {
  const header: (string | number)[][] = [
    ["Report", "HAT board outcome figures", "", "", ""],
    ["Report", "Site", "", label.site, ""],
    ["Report", "Reporting period", "", label.period, ""],
    ["Report", "Period", "From", label.from, ""],
    ["Report", "Period", "To", label.to, ""],
    ["Report", "Followed up to", "The period's end, or today if earlier", label.asOf, ""],
    ["Report", "Enrolment cohort", "", label.cohort, ""],
    ["Report", "Generated", "", label.generatedAt, ""],
    ["Report", "Small groups suppressed below", "", label.threshold, ""],
  ];
  const body = rows.map((r) => [r.section, r.measure, r.group, csvNumber(r), suppressionNote(r, label.threshold)]);
  const definitions = definitionRows().map((d) => ["Definitions", d.title, d.window, d.text, ""]);
  return toCsv(["Section", "Measure", "Group", "Value", "Note"], [...header, ...body, ...definitions]);
}

// ─── Rows regrouped for charts and their tables ─────────────────────────────

export const SURVIVAL_SECTION = "Retention curve (Kaplan–Meier)";

export type CurveMonth = { month: number; atRisk: FigureRow; survival: FigureRow; lower: FigureRow; upper: FigureRow };

/** The Kaplan–Meier rows by cohort and month, as released. */
export function curveRows(rows: FigureRow[]): { cohort: string; months: CurveMonth[] }[] {
  const cohorts = new Map<string, CurveMonth[]>();
  for (const row of rows) {
    const cohort = row.section === SURVIVAL_SECTION ? /^Cohort (.+): at risk \(episodes\)$/.exec(row.measure)?.[1] : undefined;
    if (cohort === undefined) continue;
    const at = (measure: string) => rowAt(rows, SURVIVAL_SECTION, `Cohort ${cohort}: ${measure}`, row.group)!;
    const months = cohorts.get(cohort) ?? [];
    months.push({ month: Number(row.group.replace("Month ", "")), atRisk: row, survival: at("still in treatment (%)"), lower: at("lower 95% limit (%)"), upper: at("upper 95% limit (%)") });
    cohorts.set(cohort, months);
  }
  return [...cohorts].map(([cohort, months]) => ({ cohort, months }));
}

/** A shown number, or null when the row is hidden or has nothing to measure. */
export function shownNumber(row: FigureRow | undefined): number | null {
  return row && row.suppressed === null && typeof row.value === "number" ? row.value : null;
}

/** The definitions section of the CSV and the report: each figure, its window, and how it is counted. */
export function definitionRows(): { title: string; window: string; text: string }[] {
  return Object.values(FIGURE_DEFINITIONS).map((d) => ({ title: d.title, window: d.window, text: describeDefinition(d) }));
}
