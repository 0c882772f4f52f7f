import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import type { SessionKey } from "@/domain/clinic-time";
import { formatClinicDateTime, formatLocalDate, formatMg, formatTime } from "@/domain/format";
import { DOSE_ROUTE_LABEL, ORAL_DRUG_LABEL } from "@/domain/labels";
import { recordParticipantsViewed } from "@/server/access-audit";
import { ViewSessionInput } from "@/server/dose-sessions.input";
import { downtimeSheet, downtimeSheetChoices, type DowntimeRow } from "@/server/downtime-sheet";
import { RuleError } from "@/server/errors";
import { PrintButton } from "@/ui/print-button";

export const metadata = { title: "Downtime sheet" };

const sessionName = (session: SessionKey) => `${session.slot} session · ${formatLocalDate(session.date)}`;
const sheetHref = (session: SessionKey) => `/today/downtime?date=${session.date}&slot=${session.slot}`;

/** Columns the nurses fill in by hand while the system is down; entered afterwards by back-entry. */
const PAPER_COLUMNS = ["Arrived", "Assessed by", "Drawn (mg)", "Batch", "Drawn by", "Witness", "Given at", "Signed off at", "Initials"];

function OtherSheets({ choices }: { choices: SessionKey[] }) {
  return (
    <nav aria-label="Downtime sheets" className="flex flex-wrap gap-4">
      {choices.map((session) => (
        <Link key={sheetHref(session)} href={sheetHref(session)} className="inline-flex min-h-11 items-center font-medium text-brand underline">
          Downtime sheet: {sessionName(session)}
        </Link>
      ))}
      <Link href="/today" className="inline-flex min-h-11 items-center font-medium text-brand underline">
        Back to Today
      </Link>
    </nav>
  );
}

function Holds({ row }: { row: DowntimeRow }) {
  if (row.holds.length === 0) return <>None</>;
  return (
    <ul>
      {row.holds.map((hold, i) => (
        <li key={i} className={hold.kind === "HARD" ? "font-semibold text-danger" : "font-medium text-warn"}>
          {hold.kind === "HARD" ? "Hard hold" : "Soft hold"}: {hold.reason}
        </li>
      ))}
    </ul>
  );
}

/**
 * The paper fallback for a session (issue 19): printed ahead, from Today, for the session
 * being worked or the next one. Everyone the Today board expects, with what a nurse needs to
 * dose safely without the system, and blank columns for the paper record. Printing is the
 * browser's (A4 landscape, the table's header on every page, each group on its own pages).
 */
export default async function DowntimeSheetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("dose.record");
  const now = new Date();
  const choices = await downtimeSheetChoices(db(), actor.siteId, now);
  const asked = ViewSessionInput.safeParse(await searchParams);
  if (!asked.success) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Downtime sheet</h1>
        <p>Print the sheet for a session ahead of it, in case the clinic system or the network is down.</p>
        <OtherSheets choices={choices} />
      </div>
    );
  }

  let sheet;
  try {
    sheet = await downtimeSheet(db(), actor.siteId, asked.data, now);
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Downtime sheet</h1>
        <p role="alert" className="rounded bg-red-50 p-3 text-danger">
          {error.message}
        </p>
        <OtherSheets choices={choices} />
      </div>
    );
  }
  const rows = sheet.groups.flatMap((group) => group.rows);
  await recordParticipantsViewed(actor, "downtime-sheet", rows.map((row) => row.participantId), { sessionDate: sheet.session.date, slot: sheet.session.slot });

  return (
    <article data-print="downtime-sheet" className="space-y-4">
      <style>{"@page { size: A4 landscape; margin: 8mm; }"}</style>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold print:text-lg">Downtime sheet: {sessionName(sheet.session)}</h1>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 text-sm print:text-xs">
          <dt className="font-medium">Site</dt>
          <dd>
            {sheet.site.name} ({sheet.site.code})
          </dd>
          <dt className="font-medium">Session</dt>
          <dd>{sessionName(sheet.session)}</dd>
          <dt className="font-medium">Window</dt>
          <dd>
            {formatTime(sheet.window.opensAt)}–{formatTime(sheet.window.closesAt)} (UK time)
          </dd>
          <dt className="font-medium">Expected</dt>
          <dd>{sheet.expected}</dd>
          <dt className="font-medium">Printed</dt>
          <dd>
            {formatClinicDateTime(sheet.printedAt)} by {actor.name}: doses and holds as they stood then
          </dd>
        </dl>
        <p className="text-sm print:text-xs">
          For use only while the clinic system cannot be reached. Doses at least {sheet.minHoursBetweenDoses} hours apart; a second member of staff witnesses every dose
          drawn. Every dose on this sheet is entered into the system afterwards, with the times written here.
        </p>
        <div className="no-print flex flex-wrap items-center gap-4">
          <PrintButton />
          <OtherSheets choices={choices} />
        </div>
      </header>

      {sheet.groups.length === 0 ? <p>Nobody is expected at this session.</p> : null}
      {sheet.groups.map((group) => (
        <section key={group.group} aria-labelledby={`group-${group.group}`} className="sheet-group space-y-2">
          <h2 id={`group-${group.group}`} className="text-lg font-semibold print:text-base">
            {group.title} ({group.rows.length}): {sessionName(sheet.session)}, {sheet.site.code}
          </h2>
          <p className="text-sm print:text-xs">{group.instruction}</p>
          <div className="overflow-x-auto print:overflow-visible">
            <table className="w-full border-collapse text-sm print:text-[8pt]">
              <caption className="sr-only">
                {group.title}: participants expected, with the dose in force and blank columns for the paper record
              </caption>
              <thead>
                <tr className="bg-slate-100 text-left align-bottom">
                  <th scope="col" className="border border-slate-400 p-1">
                    Participant
                  </th>
                  <th scope="col" className="border border-slate-400 p-1">
                    Reference
                  </th>
                  <th scope="col" className="border border-slate-400 p-1">
                    Date of birth
                  </th>
                  <th scope="col" className="border border-slate-400 p-1">
                    Dose in force
                  </th>
                  <th scope="col" className="border border-slate-400 p-1">
                    Holds
                  </th>
                  <th scope="col" className="border border-slate-400 p-1">
                    Last dose given
                  </th>
                  <th scope="col" className="border border-slate-400 p-1">
                    Next dose not before
                  </th>
                  {PAPER_COLUMNS.map((column) => (
                    <th key={column} scope="col" className="border border-slate-400 p-1">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {group.rows.map((row) => (
                  <tr key={row.participantId} className="align-top">
                    <th scope="row" className="border border-slate-400 p-1 text-left font-semibold">
                      {row.name}
                      {row.titrating ? <span className="block font-normal">Titrating</span> : null}
                    </th>
                    <td className="border border-slate-400 p-1">{row.reference}</td>
                    <td className="border border-slate-400 p-1">{row.dateOfBirth ? formatLocalDate(row.dateOfBirth) : "Not recorded"}</td>
                    <td className="border border-slate-400 p-1">
                      <span className="font-semibold">{formatMg(row.doseMg)}</span> {row.route ? DOSE_ROUTE_LABEL[row.route] : ""}
                      {row.oral ? (
                        <span className="block">
                          Oral: {ORAL_DRUG_LABEL[row.oral.drug]} {formatMg(row.oral.mgPerDay)} a day
                        </span>
                      ) : null}
                    </td>
                    <td className="border border-slate-400 p-1">
                      <Holds row={row} />
                    </td>
                    <td className="border border-slate-400 p-1">{row.lastDose ? `${formatMg(row.lastDose.mg)}, ${formatClinicDateTime(row.lastDose.at)}` : "None recorded"}</td>
                    <td className="border border-slate-400 p-1">{row.earliestNextDose ? formatClinicDateTime(row.earliestNextDose) : "No limit"}</td>
                    {PAPER_COLUMNS.map((column) => (
                      <td key={column} className="h-12 min-w-16 border border-slate-400 p-1 print:min-w-0" />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </article>
  );
}
