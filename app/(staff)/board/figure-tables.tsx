import type { BoardFigures } from "@/domain/board-figures";
import { financialYearLabel } from "@/domain/money";
import { formatNumber, formatPercent, formatWholePounds, isSuppressed, shownCount, shownShare, TOP_MEASURE_LABEL } from "@/domain/board-report";
import { describeDiscrepancy } from "@/domain/cd-register";
import { BREAK_REASON_LABEL, EXIT_REASON_LABEL } from "@/domain/labels";

/** Tables for the board: the accessible alternative to each chart, with groups below the site's threshold suppressed. */

export function FigureTable({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="p-2 text-left font-medium">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            {head.map((h) => (
              <th key={h} scope="col" className="p-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className="border-b border-slate-200">
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row" className="p-2 text-left font-normal">
                    {cell}
                  </th>
                ) : (
                  <td key={j} className="p-2">
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A chart's table alternative, folded under its chart; the printable report shows every table open. */
export function TableAlternative({ children }: { children: React.ReactNode }) {
  return (
    <details className="mt-2">
      <summary className="cursor-pointer py-2 text-brand underline">Show as a table</summary>
      {children}
    </details>
  );
}

export function StatusTable({ figures, threshold }: { figures: BoardFigures; threshold: number }) {
  const r = figures.retention;
  return (
    <FigureTable
      caption={`Status of all ${shownCount(r.everEnrolled, threshold)} episodes ever enrolled, at ${figures.asOf}`}
      head={["Status", "Episodes (share)"]}
      rows={[
        ["Active", shownShare(r.active, threshold)],
        ["On a temporary break", shownShare(r.onBreak, threshold)],
        ...r.onBreak.byReason.map((b) => [`  Break: ${BREAK_REASON_LABEL[b.reason]}`, shownCount(b.count, threshold)]),
        ["Exited", shownShare(r.exited, threshold)],
        ["  Planned exits", shownCount(r.exited.planned, threshold)],
        ["  Unplanned exits", shownCount(r.exited.unplanned, threshold)],
        ...r.exited.byReason.map((e) => [`  Exit: ${EXIT_REASON_LABEL[e.reason]} (${e.planned ? "planned" : "unplanned"})`, shownCount(e.count, threshold)]),
      ]}
    />
  );
}

export function MilestoneTable({ figures, threshold }: { figures: BoardFigures; threshold: number }) {
  return (
    <FigureTable
      caption={`Retention at 3, 6 and 12 months after enrolment, since entry (episodes whose milestone came by ${figures.asOf})`}
      head={["Milestone", "Still in HAT of eligible", "Rate", "In any treatment", "Rate"]}
      rows={figures.retention.milestones.map((m) => [
        `${m.months} months`,
        `${shownCount(m.retained, threshold)} of ${shownCount(m.eligible, threshold)}`,
        isSuppressed(m.eligible, threshold) ? "suppressed" : formatPercent(m.rate),
        shownCount(m.retainedInTreatment, threshold),
        isSuppressed(m.eligible, threshold) ? "suppressed" : formatPercent(m.rateInTreatment),
      ])}
    />
  );
}

export function SurvivalTable({ figures, threshold }: { figures: BoardFigures; threshold: number }) {
  return (
    <FigureTable
      caption="Kaplan–Meier retention by enrolment cohort (exits are events; people still in treatment are censored)"
      head={["Cohort", "Day", "Still in treatment", "At risk", "Exits", "Censored"]}
      rows={figures.survival.flatMap((curve) =>
        isSuppressed(curve.people, threshold)
          ? [[curve.cohort, "–", "suppressed (fewer than 3 episodes)", "", "", ""]]
          : curve.points.map((p) => [curve.cohort, String(p.day), formatPercent(p.survival), shownCount(p.atRisk, threshold), shownCount(p.events, threshold), shownCount(p.censored, threshold)]),
      )}
    />
  );
}

export function MonthlyTable({ figures }: { figures: BoardFigures }) {
  const months = [...new Set([...figures.attendance.months, ...figures.urineNegative.months].map((m) => m.month))].sort();
  const rate = (list: { month: string; count: number; of: number; rate: number | null }[], month: string) => {
    const m = list.find((x) => x.month === month);
    return m ? `${formatPercent(m.rate)} (${m.count} of ${m.of})` : "–";
  };
  const a = figures.attendance.overall;
  const u = figures.urineNegative.overall;
  return (
    <FigureTable
      caption="Attendance (sessions dosed of expected) and urine screens negative for street heroin, per month"
      head={["Month", "Attendance", "Screens negative for street heroin"]}
      rows={[
        ...months.map((month) => [month, rate(figures.attendance.months, month), rate(figures.urineNegative.months, month)]),
        ["Whole period", `${formatPercent(a.rate)} (${a.count} of ${a.of})`, `${formatPercent(u.rate)} (${u.count} of ${u.of})`],
      ]}
    />
  );
}

export function OffendingTable({ figures, threshold }: { figures: BoardFigures; threshold: number }) {
  const o = figures.offending;
  return (
    <FigureTable
      caption={`Detected offences, 12 months before entry and on programme (${o.people} episodes, ${formatNumber(o.personYearsDuring, 1)} person-years on programme)`}
      head={["Measure", "12 months before entry", "On programme since entry"]}
      rows={[
        ["Offences", String(o.offencesBefore), String(o.offencesDuring)],
        ["Offences per person", formatNumber(o.perPersonBefore), `${formatNumber(o.perPersonDuring)} (${formatPercent(o.perPersonChange)})`],
        ["Offences per person-year", formatNumber(o.perPersonBefore), formatNumber(o.perPersonYearDuring)],
        ["Median severity (Crime Harm Index days)", formatNumber(o.medianSeverityBefore), formatNumber(o.medianSeverityDuring)],
        ["Offences dated in the period, on programme", "", `${o.inPeriod.offences} (${formatNumber(o.inPeriod.perPersonYear, 2)} per person-year over ${formatNumber(o.inPeriod.personYears, 1)})`],
        ["Prior offenders who stopped", "", shownShare(o.stopped, threshold)],
        ["Prior offenders who reduced", "", shownShare(o.reduced, threshold)],
      ]}
    />
  );
}

export function TopTable({ figures, threshold }: { figures: BoardFigures; threshold: number }) {
  const t = figures.top;
  return (
    <FigureTable
      caption={`Treatment Outcomes Profile, Start against latest Review (${shownCount(t.people, threshold)} people with both)`}
      head={["Measure", "Start (mean)", "Latest review (mean)", "Change"]}
      rows={[
        ...t.measures.map((m) => [TOP_MEASURE_LABEL[m.measure], formatNumber(m.startMean), formatNumber(m.reviewMean), formatNumber(m.change)]),
        ["Acute housing problem (people)", shownCount(t.housingProblemAtStart, threshold), shownCount(t.housingProblemAtReview, threshold), ""],
        ["Shoplifting daily at start (people)", shownCount(t.dailyShopliftingAtStart, threshold), `${shownCount(t.dailyShopliftersNowNone, threshold)} of them none`, ""],
      ]}
    />
  );
}

export function MoneyTable({ figures }: { figures: BoardFigures }) {
  const m = figures.money;
  return (
    <FigureTable
      caption="Funding by financial year and source, in-kind resources, cost per participant-year and estimated savings"
      head={["Item", "Amount"]}
      rows={[
        ...m.years.flatMap((y) => {
          const label = financialYearLabel(y.financialYear);
          return [
            ...y.lines.map((l) => [`${label} ${l.kind === "FUNDING" ? "funding" : "in kind"}: ${l.source}`, formatWholePounds(l.amountPence)]),
            [`${label} funding total`, formatWholePounds(y.fundingPence)],
            [`${label} in kind total`, formatWholePounds(y.inKindPence)],
            [
              `${label} funding per participant-year (${formatNumber(y.participantYears, 1)} participant-years at the site(s))`,
              y.yearComplete ? formatWholePounds(y.fundingPerParticipantYearPence) : "year not over",
            ],
            [`${label} funding and in kind per participant-year`, y.yearComplete ? formatWholePounds(y.fullCostPerParticipantYearPence) : "year not over"],
          ];
        }),
        ["Estimated offences avoided, since entry", formatNumber(m.offencesAvoided)],
        [
          `Estimated criminal-justice saving, since entry (${m.costPerOffencePence === null ? "each site's own cost per offence" : `at ${formatWholePounds(m.costPerOffencePence)} per offence`})`,
          formatWholePounds(m.estimatedSavingPence),
        ],
        ["Estimated offences avoided, in the period", formatNumber(m.inPeriod.offencesAvoided)],
        ["Estimated criminal-justice saving, in the period", formatWholePounds(m.inPeriod.estimatedSavingPence)],
        ["Basis of the cost per offence", m.costBasis],
      ]}
    />
  );
}

export function OperationsTable({ figures }: { figures: BoardFigures }) {
  const o = figures.operations;
  return (
    <FigureTable
      caption={`Stock checks from ${figures.from} to ${figures.to}, and batches whose latest count disagrees with the register`}
      head={["Measure", "Value"]}
      rows={[
        ["Two-person stock checks", String(o.stockChecks)],
        ["Checks with a discrepancy", String(o.stockChecksWithDiscrepancy)],
        ...o.openDiscrepancies.map((d) => [`Open: ${d.product}, batch ${d.batch}, checked ${d.checkedOn}`, describeDiscrepancy(d)]),
        ...(o.openDiscrepancies.length === 0 ? [["Open discrepancies", "None"]] : []),
      ]}
    />
  );
}
