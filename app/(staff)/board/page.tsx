import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { isSuppressed, formatNumber, shownCount, shownShare, formatPercent, formatWholePounds, TOP_MEASURE_LABEL } from "@/domain/board-report";
import { boardQuery } from "@/server/board.input";
import { MonthlyRatesChart, OffendingChart, RetentionCurveChart, StatusChart, TopChangeChart } from "./board-charts";
import { BoardFilters } from "./board-filters";
import { MilestoneTable, MoneyTable, MonthlyTable, OffendingTable, OperationsTable, StatusTable, SurvivalTable, TableAlternative, TopTable } from "./figure-tables";
import { loadBoard } from "./load-board";
import { FigureDefinition } from "./figure-definition";
import type { FigureId } from "@/domain/board-definitions";

export const metadata = { title: "Outcomes" };
export const dynamic = "force-dynamic";

const toPercent = (rate: number | null) => (rate === null ? null : Number((rate * 100).toFixed(1)));

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
  const { filter, filterError, sites, cohorts, report } = await loadBoard(await searchParams);
  const { figures, label } = report;
  const { retention, offending, money } = figures;
  const query = boardQuery(filter);

  const statusBars = [
    { status: "Active", people: retention.active.count },
    { status: "On a break", people: retention.onBreak.count },
    { status: "Exited", people: retention.exited.count },
  ].filter((bar) => !isSuppressed(bar.people, label.threshold));
  const curves = figures.survival
    .filter((curve) => !isSuppressed(curve.people, label.threshold))
    .map((curve) => ({ cohort: curve.cohort, points: curve.points.map((p) => ({ day: p.day, retained: Number((p.survival * 100).toFixed(1)) })) }));
  const months = [...new Set([...figures.attendance.months, ...figures.urineNegative.months].map((m) => m.month))].sort();
  const monthly = months.map((month) => ({
    month,
    attendance: toPercent(figures.attendance.months.find((m) => m.month === month)?.rate ?? null),
    urineNegative: toPercent(figures.urineNegative.months.find((m) => m.month === month)?.rate ?? null),
  }));
  const offendingBars = [
    { measure: "Offences per person", before: offending.perPersonBefore, during: offending.perPersonDuring },
    { measure: "Offences per person-year", before: offending.perPersonBefore, during: offending.perPersonYearDuring },
    { measure: "Median severity", before: offending.medianSeverityBefore, during: offending.medianSeverityDuring },
  ];
  const topBars = figures.top.measures.map((m) => ({ measure: TOP_MEASURE_LABEL[m.measure], start: m.startMean, review: m.reviewMean }));

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Outcomes</h1>
          <p className="text-slate-700">
            {label.site} · {label.from} to {label.to}
            {label.asOf < label.to ? ` (followed up to today, ${label.asOf})` : ""} · {label.cohort}. De-identified: groups of fewer than {label.threshold} are shown as “&lt;{label.threshold}”.
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
      <BoardFilters filter={filter} sites={sites} cohorts={cohorts} action="/board" />
      {filterError ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-danger">
          {filterError} Showing the figures for the filters above instead.
        </p>
      ) : null}

      {figures.operations.openDiscrepancies.length > 0 ? (
        <p role="alert" className="rounded border border-red-400 bg-red-50 p-3 text-danger">
          Stock discrepancy under investigation: {figures.operations.openDiscrepancies.length} controlled-drug batch
          {figures.operations.openDiscrepancies.length === 1 ? "" : "es"} did not match the register at the latest count.{" "}
          <a href="#operations-heading" className="underline">
            See operations
          </a>
          .
        </p>
      ) : null}

      <section aria-label="Headline figures" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile label="Ever enrolled" value={shownCount(retention.everEnrolled, label.threshold)} detail={`${shownCount(retention.active.count, label.threshold)} active at ${label.asOf}`} definition="everEnrolled" />
        <Tile label="Session attendance (in the period)" value={formatPercent(figures.attendance.overall.rate)} detail={`${figures.attendance.overall.count} of ${figures.attendance.overall.of} expected sessions dosed`} definition="attendance" />
        <Tile label="Sessions attended (in the period)" value={formatPercent(figures.sessionsAttended.overall.rate)} detail={`${figures.sessionsAttended.overall.count} of ${figures.sessionsAttended.overall.of} expected sessions`} definition="sessionsAttended" />
        <Tile
          label="Screens negative for street heroin (in the period)"
          value={formatPercent(figures.urineNegative.overall.rate)}
          detail={`${figures.urineNegative.overall.count} of ${figures.urineNegative.overall.of} screens tested; ${figures.urineNegative.notTested} not tested, left out`}
          definition="urineNegative"
        />
        <Tile label="Weeks 14–26 at least half negative (RIOTT, since entry)" value={shownShare(figures.riottUrine, label.threshold)} detail={`of ${shownCount(figures.riottUrine.of, label.threshold)} episodes past week 26`} definition="riottUrine" />
        <Tile
          label="Offences per person (since entry)"
          value={`${formatNumber(offending.perPersonBefore)} → ${formatNumber(offending.perPersonDuring)}`}
          detail={`${formatPercent(offending.perPersonChange)}; median severity ${formatNumber(offending.medianSeverityBefore)} → ${formatNumber(offending.medianSeverityDuring)}`}
          definition="offendingSinceEntry"
        />
        <Tile
          label="Offences on programme in the period"
          value={String(offending.inPeriod.offences)}
          detail={`${formatNumber(offending.inPeriod.perPersonYear, 2)} per person-year over ${formatNumber(offending.inPeriod.personYears, 1)} person-years`}
          definition="offendingInPeriod"
        />
        <Tile
          label="Estimated criminal-justice saving (since entry)"
          value={formatWholePounds(money.estimatedSavingPence)}
          detail={`${formatNumber(money.offencesAvoided)} offences avoided; in the period ${formatWholePounds(money.inPeriod.estimatedSavingPence)}`}
          definition="savings"
        />
        <Tile label="Funding in the period's years" value={formatWholePounds(money.fundingPence)} detail={`plus ${formatWholePounds(money.inKindPence)} in kind`} definition="fundingPerParticipantYear" />
      </section>

      <Section id="retention-heading" title="Retention" definitions={["retentionInHat", "retentionInTreatment", "survival", "enrolmentsAndExits"]}>
        <RetentionCurveChart series={curves} />
        <TableAlternative>
          <SurvivalTable figures={figures} threshold={label.threshold} />
        </TableAlternative>
        <div className="mt-4">
          <MilestoneTable figures={figures} threshold={label.threshold} />
        </div>
      </Section>

      <Section id="status-heading" title="Status of everyone ever enrolled" definitions={["status"]}>
        <StatusChart bars={statusBars} />
        <TableAlternative>
          <StatusTable figures={figures} threshold={label.threshold} />
        </TableAlternative>
      </Section>

      <Section id="monthly-heading" title="Attendance and urine screens by month" definitions={["attendance", "sessionsAttended", "urineNegative"]}>
        <MonthlyRatesChart points={monthly} />
        <TableAlternative>
          <MonthlyTable figures={figures} />
        </TableAlternative>
      </Section>

      <Section id="offending-heading" title="Offending before and during the programme" definitions={["offendingBefore", "offendingSinceEntry", "offendingInPeriod", "medianSeverity", "stoppedReduced"]}>
        <OffendingChart bars={offendingBars} />
        <TableAlternative>
          <OffendingTable figures={figures} threshold={label.threshold} />
        </TableAlternative>
      </Section>

      <Section id="top-heading" title="Treatment Outcomes Profile: Start and latest Review" definitions={["top"]}>
        <TopChangeChart bars={topBars} />
        <TableAlternative>
          <TopTable figures={figures} threshold={label.threshold} />
        </TableAlternative>
      </Section>

      <Section id="money-heading" title="Money" definitions={["fundingPerParticipantYear", "savings"]}>
        <MoneyTable figures={figures} />
      </Section>

      <Section id="operations-heading" title="Operations: controlled-drug stock" definitions={["stockChecks"]}>
        <OperationsTable figures={figures} />
      </Section>
    </div>
  );
}
