import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { definitionRows, SURVIVAL_SECTION, type FigureRow } from "@/domain/board-report";
import { recordAccess } from "@/server/access-audit";
import { boardExportFilter, boardQuery } from "@/server/board.input";
import { MonthlyRatesChart, OffendingChart, RetentionCurveChart } from "../board-charts";
import { curveSeries, monthlyPoints, offendingBars } from "../chart-data";
import { RowsTable, SurvivalTable } from "../figure-tables";
import { loadBoard } from "../load-board";
import { PrintButton } from "@/ui/print-button";

export const metadata = { title: "Outcomes report" };
export const dynamic = "force-dynamic";

/** The tables printed after the charts: whole-period figures (the monthly ones are in the charts and the CSV). */
const PRINTED_SECTIONS = ["Retention", "Attendance", "Urine screens", "Offending", "TOP", "Money", "Operations"];

/**
 * The board's report for a meeting: two A4 pages, charts first, then the tables, labelled
 * with site, period, cohort and date. Every figure, month by month, is in the CSV.
 */
export default async function ReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("board.view");
  const { filter, filterError, release } = await loadBoard(await searchParams);
  await recordAccess(actor, { kind: "export", export: "board-report", filter: boardExportFilter(filter) });
  const { rows, label } = release;
  const printed = (section: string) => (r: FigureRow) => r.section === section && (section === "Retention" || section === "Offending" || !/^\d{4}-\d{2}$/.test(r.group));
  return (
    <article className="space-y-6 print:space-y-2">
      <style>{"@page { size: A4; margin: 12mm; }"}</style>
      <header className="space-y-2 print:space-y-1">
        <h1 className="text-2xl font-semibold print:text-lg">Outcomes report</h1>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 text-sm print:text-xs">
          <dt className="font-medium">Site</dt>
          <dd>{label.site}</dd>
          <dt className="font-medium">Reporting period</dt>
          <dd>
            {label.period} ({label.from} to {label.to})
          </dd>
          <dt className="font-medium">Followed up to</dt>
          <dd>{label.asOf} (the period&apos;s end or today, whichever is earlier)</dd>
          <dt className="font-medium">Enrolment cohort</dt>
          <dd>{label.cohort}</dd>
          <dt className="font-medium">Generated</dt>
          <dd>{label.generatedAt}</dd>
        </dl>
        <p className="text-sm print:text-xs">
          De-identified: a group of fewer than {label.threshold} shows as “&lt;{label.threshold}”; a figure hidden so that a small group cannot be worked out
          from totals, other sites or the adjacent period shows as “suppressed”.
        </p>
        {filterError ? (
          <p role="alert" className="rounded bg-red-50 p-2 text-danger">
            {filterError} Showing the figures for the filters above instead.
          </p>
        ) : null}
        <div className="no-print flex items-center gap-4">
          <PrintButton />
          <Link href={`/board?${boardQuery(filter)}`} className="text-brand underline">
            Back to the dashboard
          </Link>
        </div>
      </header>
      <section aria-labelledby="charts-heading" className="grid gap-4 md:grid-cols-2 print:grid-cols-2 print:gap-2">
        <h2 id="charts-heading" className="text-lg font-semibold md:col-span-2 print:col-span-2 print:text-base">
          Retention, attendance and offending
        </h2>
        <figure className="md:col-span-2 print:col-span-2">
          <figcaption className="text-sm font-medium">Still in treatment by months since enrolment, with 95% confidence bands</figcaption>
          <RetentionCurveChart series={curveSeries(rows)} />
        </figure>
        <figure>
          <figcaption className="text-sm font-medium">Attendance and screens negative for street heroin, by month</figcaption>
          <MonthlyRatesChart points={monthlyPoints(rows)} />
        </figure>
        <figure>
          <figcaption className="text-sm font-medium">Offending before entry and on programme (n: people behind each bar)</figcaption>
          <OffendingChart bars={offendingBars(rows, label.threshold)} />
        </figure>
      </section>
      <section aria-labelledby="tables-heading" className="space-y-4 print:break-before-page print:space-y-1">
        <h2 id="tables-heading" className="text-lg font-semibold print:text-base">
          Figures
        </h2>
        <SurvivalTable rows={rows.filter((r) => r.section === SURVIVAL_SECTION)} threshold={label.threshold} every={6} />
        {PRINTED_SECTIONS.map((section) => (
          <div key={section} className="break-inside-avoid-page">
            <RowsTable caption={section} rows={rows.filter(printed(section))} threshold={label.threshold} />
          </div>
        ))}
      </section>
      <section aria-labelledby="definitions-heading" className="space-y-2 print:break-before-page print:space-y-1">
        <h2 id="definitions-heading" className="text-lg font-semibold print:text-base">
          Definitions
        </h2>
        <dl className="space-y-2 text-sm print:text-xs">
          {definitionRows().map((d) => (
            <div key={d.title} className="break-inside-avoid-page">
              <dt className="font-medium">
                {d.title} <span className="font-normal text-slate-600">({d.window})</span>
              </dt>
              <dd>{d.text}</dd>
            </div>
          ))}
        </dl>
      </section>
    </article>
  );
}
