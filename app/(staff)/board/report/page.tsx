import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { definitionRows, figureRows } from "@/domain/board-report";
import { recordAccess } from "@/server/access-audit";
import { boardExportFilter, boardQuery } from "@/server/board.input";
import { FigureTable } from "../figure-tables";
import { loadBoard } from "../load-board";
import { PrintButton } from "./print-button";

export const metadata = { title: "Outcomes report" };
export const dynamic = "force-dynamic";

/** Every board figure as printable tables, labelled with site, period, cohort and date. */
export default async function ReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("board.view");
  const { filter, filterError, report } = await loadBoard(await searchParams);
  await recordAccess(actor, { kind: "export", export: "board-report", filter: boardExportFilter(filter) });
  const { figures, label } = report;
  const rows = [...figureRows(figures, label.threshold), ...definitionRows()];
  const sections = [...new Set(rows.map((r) => r.section))];
  return (
    <article className="space-y-6 print:space-y-4">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Outcomes report</h1>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 text-sm">
          <dt className="font-medium">Site</dt>
          <dd>{label.site}</dd>
          <dt className="font-medium">Period</dt>
          <dd>
            {label.from} to {label.to}
          </dd>
          <dt className="font-medium">Followed up to</dt>
          <dd>{label.asOf} (the period&apos;s end or today, whichever is earlier)</dd>
          <dt className="font-medium">Enrolment cohort</dt>
          <dd>{label.cohort}</dd>
          <dt className="font-medium">Generated</dt>
          <dd>{label.generatedAt}</dd>
        </dl>
        <p className="text-sm">De-identified: groups of fewer than {label.threshold} are shown as “&lt;{label.threshold}”.</p>
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
      {sections.map((section) => (
        <section key={section} className="break-inside-avoid-page">
          <FigureTable
            caption={section}
            head={["Measure", "Group", "Value"]}
            rows={rows.filter((r) => r.section === section).map((r) => [r.measure, r.group, r.value])}
          />
        </section>
      ))}
    </article>
  );
}
