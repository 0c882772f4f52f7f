import { curveRows, rowAt, shownNumber, showRow, TOP_MEASURE_LABEL, type FigureRow } from "@/domain/board-report";
import { TOP_MEASURES } from "@/domain/board-figures";
import type { BeforeDuringBar, CurveSeries, MonthlyPoint, StartReviewBar, StatusBar } from "./board-charts";

/** The charts' data, read from the released rows only: what a table hides, a chart does not draw. */

const toPercent = (rate: number | null) => (rate === null ? null : Number((rate * 100).toFixed(1)));

export function curveSeries(rows: FigureRow[]): CurveSeries[] {
  return curveRows(rows)
    .map(({ cohort, months }) => ({
      cohort,
      points: months.map((m) => {
        const [lower, upper] = [shownNumber(m.lower), shownNumber(m.upper)];
        return { month: m.month, retained: toPercent(shownNumber(m.survival)), band: lower === null || upper === null ? null : ([toPercent(lower)!, toPercent(upper)!] as [number, number]) };
      }),
    }))
    .filter((s) => s.points.some((p) => p.retained !== null));
}

export function monthlyPoints(rows: FigureRow[]): MonthlyPoint[] {
  const months = [...new Set(rows.filter((r) => (r.section === "Attendance" || r.section === "Urine screens") && r.unit === "percent" && r.group !== "Whole period").map((r) => r.group))].sort();
  return months.map((month) => ({
    month,
    attendance: toPercent(shownNumber(rowAt(rows, "Attendance", "Attendance (%)", month))),
    urineNegative: toPercent(shownNumber(rowAt(rows, "Urine screens", "Negative for street heroin (%)", month))),
  }));
}

export function offendingBars(rows: FigureRow[], threshold: number): BeforeDuringBar[] {
  const people = (measure: string) => `n = ${showRow(rowAt(rows, "Offending", measure), threshold)}`;
  const value = (measure: string, group: string) => shownNumber(rowAt(rows, "Offending", measure, group));
  return [
    {
      measure: "Offences per person",
      before: value("Offences per person", "12 months before entry"),
      during: value("Offences per person", "On programme"),
      beforePeople: people("Episodes compared (episodes)"),
      duringPeople: people("Episodes compared (episodes)"),
    },
    {
      measure: "Median severity",
      before: value("Median severity (Crime Harm Index days)", "12 months before entry"),
      during: value("Median severity (Crime Harm Index days)", "On programme"),
      beforePeople: people("Offended in the year before entry (people)"),
      duringPeople: people("Offended on programme (people)"),
    },
  ];
}

export function topBars(rows: FigureRow[]): StartReviewBar[] {
  return TOP_MEASURES.map((measure) => ({
    measure: TOP_MEASURE_LABEL[measure],
    start: shownNumber(rowAt(rows, "TOP", TOP_MEASURE_LABEL[measure], "Start (mean)")),
    review: shownNumber(rowAt(rows, "TOP", TOP_MEASURE_LABEL[measure], "Latest review (mean)")),
  }));
}

export function statusBars(rows: FigureRow[]): StatusBar[] {
  return [
    { status: "Active", people: shownNumber(rowAt(rows, "Retention", "Active (episodes)")) },
    { status: "On a break", people: shownNumber(rowAt(rows, "Retention", "On a temporary break (episodes)", "All reasons")) },
    { status: "Exited", people: shownNumber(rowAt(rows, "Retention", "Exited (episodes)", "All reasons")) },
  ].filter((bar): bar is StatusBar => bar.people !== null);
}
