import { curveRows, showRow, type FigureRow } from "@/domain/board-report";

/** Tables for the board: the accessible alternative to each chart, showing the released rows only. */

export function FigureTable({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-sm print:text-xs">
        <caption className="p-2 text-left font-medium print:p-1">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            {head.map((h) => (
              <th key={h} scope="col" className="p-2 print:p-0.5">
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
                  <th key={j} scope="row" className="p-2 text-left font-normal print:p-0.5">
                    {cell}
                  </th>
                ) : (
                  <td key={j} className="p-2 print:p-0.5">
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

/** A chart's table alternative, folded under its chart; the printable report shows its tables open. */
export function TableAlternative({ children }: { children: React.ReactNode }) {
  return (
    <details className="mt-2">
      <summary className="cursor-pointer py-2 text-brand underline">Show as a table</summary>
      {children}
    </details>
  );
}

/** Released rows as a table: measure, group, value ("<3" for a small group, "suppressed" for one hidden to protect it). */
export function RowsTable({ caption, rows, threshold }: { caption: string; rows: FigureRow[]; threshold: number }) {
  return <FigureTable caption={caption} head={["Measure", "Group", "Value"]} rows={rows.map((r) => [r.measure, r.group, showRow(r, threshold)])} />;
}

/**
 * The Kaplan–Meier curve by month since enrolment, with its 95% band (Greenwood) and the
 * episodes still at risk; a month with fewer than the threshold at risk shows no estimate.
 * `every` thins the months for print (every third month).
 */
export function SurvivalTable({ rows, threshold, every = 1 }: { rows: FigureRow[]; threshold: number; every?: number }) {
  return (
    <FigureTable
      caption={`Kaplan–Meier retention by enrolment cohort and month since enrolment (exits are events; people still in treatment are censored). Months with fewer than ${threshold} episodes at risk show no estimate.`}
      head={["Cohort and month", "At risk (episodes)", "Still in treatment", "95% confidence band"]}
      rows={curveRows(rows).flatMap(({ cohort, months }) =>
        months
          .filter((m) => m.month % every === 0)
          .map((m) => [
            `${cohort === "All" ? "All cohorts" : `Enrolled ${cohort}`}, month ${m.month}`,
            showRow(m.atRisk, threshold),
            showRow(m.survival, threshold),
            m.lower.suppressed ? showRow(m.lower, threshold) : `${showRow(m.lower, threshold)} to ${showRow(m.upper, threshold)}`,
          ]),
      )}
    />
  );
}
