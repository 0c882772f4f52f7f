import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { formatLocalDate } from "@/domain/format";
import { describeStockCheckDue } from "@/domain/stock-checks";
import { rowAt, showRow, SURVIVAL_SECTION, type FigureRow } from "@/domain/board-report";
import { boardQuery } from "@/server/board.input";
import { stockChecksDueBySite } from "@/server/register";
import { MonthlyRatesChart, OffendingChart, RetentionCurveChart, StatusChart, TopChangeChart } from "./board-charts";
import { BoardFilters } from "./board-filters";
import { curveSeries, monthlyPoints, offendingBars, statusBars, topBars } from "./chart-data";
import { FigureTable, RowsTable, SurvivalTable, TableAlternative } from "./figure-tables";
import { FigureDefinition } from "./figure-definition";
import { loadBoard } from "./load-board";
import type { FigureId } from "@/domain/board-definitions";

export const metadata = { title: "Outcomes" };
export const dynamic = "force-dynamic";

/** A headline figure, with how it is counted folded beneath it. */
function Tile({ label, value, detail, definition }: { label: string; value: string; detail: string; definition: FigureId }) {
  return (
    <div className="rounded border border-slate-300 bg-white p-4">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-3xl font-semibold">{value}</p>
      <p className="text-sm text-slate-600">{detail}</p>
      <FigureDefinition id={definition} />
    </div>
  );
}

function Section({ id, title, definitions, children }: { id: string; title: string; definitions: FigureId[]; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded border border-slate-300 bg-white p-4">
      <h2 id={id} className="mb-3 text-xl font-semibold">
        {title}
      </h2>
      {children}
      {definitions.map((definition) => (
        <FigureDefinition key={definition} id={definition} />
      ))}
    </section>
  );
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("board.view");
  const { filter, filterError, sites, cohorts, periods, release } = await loadBoard(await searchParams);
  const { rows, label } = release;
  // Stock, not people: when each site's next count is due, as of today whatever the period.
  const today = clinicDate(new Date());
  const checksDue = await stockChecksDueBySite(db(), filter.siteId, today);
  const checkRows = checksDue.flatMap((s) => s.products.map((p) => ({ site: s.site, intervalDays: s.intervalDays, product: p.product, due: p.due })));
  const overdueChecks = checkRows.filter((r) => r.due.status === "overdue").length;
  const query = boardQuery(filter);
  const show = (section: string, measure: string, group = "") => showRow(rowAt(rows, section, measure, group), label.threshold);
  const inSection = (...sections: string[]) => (r: FigureRow) => sections.includes(r.section);
  const retention = rows.filter((r) => r.section === "Retention");
  // Batches, not people: never suppressed.
  const openDiscrepancies = rows.filter((r) => r.measure === "Open stock discrepancy").length;
  const inThePeriod = (r: FigureRow) => !r.measure.startsWith("Retained") && r.measure.includes("in the period");
  // The saving's group names the cost per offence it used (one for every site, or each site's own).
  const savingGroup = (window: string) => rows.find((r) => r.section === "Money" && r.measure === "Estimated criminal-justice saving (£)" && r.group.startsWith(window))?.group ?? window;

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Outcomes</h1>
          <p className="text-slate-700">
            {label.site} · {label.period} ({label.from} to {label.to}) · {label.cohort}. Followed up to {label.asOf}.
          </p>
          <p className="text-sm text-slate-700">
            De-identified: a group of fewer than {label.threshold} shows as “&lt;{label.threshold}”; a figure hidden so that a small group cannot be worked
            out from totals, other sites or the adjacent period shows as “suppressed”.
          </p>
        </div>
        <div className="no-print flex gap-4">
          <Link href={`/board/report?${query}`} className="text-brand underline">
            Printable report
          </Link>
          <a href={`/api/board/figures.csv?${query}`} className="text-brand underline" download>
            Download CSV
          </a>
        </div>
      </div>
      <BoardFilters filter={filter} sites={sites} cohorts={cohorts} periods={periods} action="/board" />
      {filterError ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-danger">
          {filterError} Showing the figures for the filters above instead.
        </p>
      ) : null}

      {openDiscrepancies > 0 ? (
        <p role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-danger">
          Stock discrepancy under investigation: {openDiscrepancies} controlled-drug batch{openDiscrepancies === 1 ? "" : "es"} did not match the register at
          its latest count.{" "}
          <a href="#operations-heading" className="underline">
            See operations
          </a>
          .
        </p>
      ) : null}

      <section aria-label="Headline figures" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile label="Ever enrolled" value={show("Retention", "Ever enrolled (episodes)")} detail={`${show("Retention", "Active (episodes)")} active at ${label.asOf}`} definition="everEnrolled" />
        <Tile
          label="Session attendance (in the period)"
          value={show("Attendance", "Attendance (%)", "Whole period")}
          detail={`${show("Attendance", "Sessions dosed (sessions)", "Whole period")} of ${show("Attendance", "Sessions expected (sessions)", "Whole period")} expected sessions dosed`}
          definition="attendance"
        />
        <Tile
          label="Sessions attended (in the period)"
          value={show("Attendance", "Sessions attended (%)", "Whole period")}
          detail={`${show("Attendance", "Sessions attended (sessions)", "Whole period")} of ${show("Attendance", "Sessions expected (sessions)", "Whole period")} expected sessions`}
          definition="sessionsAttended"
        />
        <Tile
          label="Screens negative for street heroin (in the period)"
          value={show("Urine screens", "Negative for street heroin (%)", "Whole period")}
          detail={`${show("Urine screens", "Negative for street heroin (screens)", "Whole period")} of ${show("Urine screens", "Screens tested for street heroin (screens)", "Whole period")} screens tested`}
          definition="urineNegative"
        />
        <Tile
          label="Weeks 14–26 at least half negative (RIOTT, since entry)"
          value={show("Urine screens", "At least half of weeks 14–26 negative (RIOTT) (%)", "Since entry")}
          detail={`${show("Urine screens", "At least half of weeks 14–26 negative (RIOTT) (episodes)", "Since entry")} of ${show("Urine screens", "RIOTT outcome: episodes past week 26 (episodes)")} episodes past week 26`}
          definition="riottUrine"
        />
        <Tile
          label="Offences per person (since entry)"
          value={`${show("Offending", "Offences per person", "12 months before entry")} → ${show("Offending", "Offences per person", "On programme")}`}
          detail={`${show("Offending", "Offences per person: change (%)")}; median severity ${show("Offending", "Median severity (Crime Harm Index days)", "12 months before entry")} → ${show("Offending", "Median severity (Crime Harm Index days)", "On programme")}`}
          definition="offendingSinceEntry"
        />
        <Tile
          label="Offences per person-year (in the period)"
          value={show("Offending", "Offences per person-year", "On programme in the period")}
          detail={`${show("Offending", "Offences (offences)", "On programme in the period")} offences dated in the period, on programme`}
          definition="offendingInPeriod"
        />
        <Tile
          label="Estimated criminal-justice saving (since entry)"
          value={show("Money", "Estimated criminal-justice saving (£)", savingGroup("Since entry"))}
          detail={`${show("Money", "Offences avoided (estimated)", "Since entry")} offences avoided`}
          definition="savings"
        />
        <Tile label="Funding in the period's years" value={show("Money", "Funding (£)", "All years")} detail={`plus ${show("Money", "In kind (£)", "All years")} in kind`} definition="fundingPerParticipantYear" />
      </section>

      <Section id="retention-heading" title="Retention" definitions={["retentionInHat", "retentionInTreatment", "survival", "enrolmentsAndExits"]}>
        <RetentionCurveChart series={curveSeries(rows)} />
        <TableAlternative>
          <SurvivalTable rows={rows.filter(inSection(SURVIVAL_SECTION))} threshold={label.threshold} />
        </TableAlternative>
        <div className="mt-4">
          <RowsTable caption="Retention at 3, 6 and 12 months after enrolment (episodes enrolled long enough ago)" rows={retention.filter((r) => r.measure.startsWith("Retained"))} threshold={label.threshold} />
        </div>
        <div className="mt-4">
          <RowsTable caption="Enrolments, exits and episodes in treatment in the period" rows={retention.filter(inThePeriod)} threshold={label.threshold} />
        </div>
      </Section>

      <Section id="status-heading" title="Status of everyone ever enrolled" definitions={["status"]}>
        <StatusChart bars={statusBars(rows)} />
        <TableAlternative>
          <RowsTable caption={`Status at ${label.asOf}; reasons with small groups are merged into “Other reasons”`} rows={retention.filter((r) => !r.measure.startsWith("Retained") && !inThePeriod(r))} threshold={label.threshold} />
        </TableAlternative>
      </Section>

      <Section id="monthly-heading" title="Attendance and urine screens by month" definitions={["attendance", "sessionsAttended", "urineNegative", "riottUrine"]}>
        <MonthlyRatesChart points={monthlyPoints(rows)} />
        <TableAlternative>
          <RowsTable caption="Attendance (sessions dosed of expected) and urine screens negative for street heroin, per month" rows={rows.filter(inSection("Attendance", "Urine screens"))} threshold={label.threshold} />
        </TableAlternative>
      </Section>

      <Section id="offending-heading" title="Offending before and during the programme" definitions={["offendingBefore", "offendingSinceEntry", "offendingInPeriod", "medianSeverity", "stoppedReduced"]}>
        <OffendingChart bars={offendingBars(rows, label.threshold)} />
        <TableAlternative>
          <RowsTable caption="Detected offences, 12 months before entry and on programme" rows={rows.filter(inSection("Offending"))} threshold={label.threshold} />
        </TableAlternative>
      </Section>

      <Section id="top-heading" title="Treatment Outcomes Profile: Start and latest Review" definitions={["top"]}>
        <TopChangeChart bars={topBars(rows)} />
        <TableAlternative>
          <RowsTable caption="Treatment Outcomes Profile, Start against latest Review" rows={rows.filter(inSection("TOP"))} threshold={label.threshold} />
        </TableAlternative>
      </Section>

      <Section id="money-heading" title="Money" definitions={["fundingPerParticipantYear", "savings"]}>
        <RowsTable caption="Funding by financial year and source, in-kind resources, cost per participant-year and estimated savings" rows={rows.filter(inSection("Money"))} threshold={label.threshold} />
      </Section>

      <Section id="operations-heading" title="Operations: controlled-drug stock" definitions={["stockChecks"]}>
        <RowsTable caption={`Stock checks from ${label.from} to ${label.to}, and batches whose latest count disagrees with the register`} rows={rows.filter(inSection("Operations"))} threshold={label.threshold} />
        {overdueChecks > 0 ? (
          <p className="mt-4 rounded border border-red-400 bg-red-50 p-3 font-semibold text-danger">
            Stock check overdue: {overdueChecks} product{overdueChecks === 1 ? "" : "s"} not counted within {checkRows.length > 0 && new Set(checkRows.map((r) => r.intervalDays)).size === 1 ? `${checkRows[0]!.intervalDays} days` : "each site's interval"}.
          </p>
        ) : null}
        <div className="mt-4">
          <FigureTable
            caption={`Next stock check, as of today (${formatLocalDate(today)}): every batch holding stock is counted at least as often as its site's interval`}
            head={["Site", "Product", "Counted every", "Next stock check"]}
            rows={checkRows.map((r) => [r.site, r.product, `${r.intervalDays} days`, describeStockCheckDue(r.due)])}
          />
        </div>
      </Section>
    </div>
  );
}
