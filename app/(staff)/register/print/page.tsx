import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { formatClinicDateTimeWithYear, formatLocalDate } from "@/domain/format";
import { recordAccess } from "@/server/access-audit";
import { id } from "@/server/input-fields";
import { registersForPrint } from "@/server/register";
import { registerRows } from "@/server/register-csv";
import { RegisterFilter } from "@/server/register.input";
import { PrintButton } from "@/ui/print-button";

export const metadata = { title: "Register: print" };

const PrintFilter = RegisterFilter.extend({ product: id.optional().catch(undefined) });

/**
 * The register as the paper book keeps it (Misuse of Drugs Regulations 2001, Schedule 6):
 * one page per product and strength, each line dated with its year, who the drug came from
 * or went to, the amount in or out, the running balance, who entered it and who witnessed.
 * Printed, each product starts a new page and its heading and column headings repeat on
 * every page it runs to.
 */
export default async function PrintRegisterPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePermission("register.read");
  const filter = PrintFilter.parse(await searchParams);
  const { site, registers } = await registersForPrint(db(), actor.siteId, filter.product ?? null, { from: filter.from, to: filter.to });
  await recordAccess(actor, { kind: "export", export: "register-print", filter: { productId: filter.product ?? null, from: filter.from ?? null, to: filter.to ?? null } });
  const printedAt = formatClinicDateTimeWithYear(new Date());
  const periodLabel = filter.from || filter.to ? `Entries ${filter.from ? `from ${formatLocalDate(filter.from)}` : ""}${filter.from && filter.to ? " " : ""}${filter.to ? `to ${formatLocalDate(filter.to)}` : ""}` : "All entries";
  const back = filter.product ? `/register/${filter.product}` : "/register";

  return (
    <article className="space-y-6 print:space-y-0">
      <style>{PRINT_CSS}</style>
      <div className="no-print flex flex-wrap items-center gap-4">
        <h1 className="text-2xl font-semibold">Controlled-drug register: print</h1>
        <PrintButton />
        <Link href={back} className="inline-flex min-h-11 items-center text-brand underline">
          Back to the register
        </Link>
      </div>
      {registers.length === 0 ? <p>No such product in this clinic&apos;s register.</p> : null}
      {registers.map((register) => {
        const rows = registerRows(register);
        const title = `${register.product.name} ${register.product.strengthMg} mg ${register.product.form}`;
        return (
          <section key={register.product.id} aria-label={`Register: ${title}`} className="register-sheet rounded border border-slate-300 bg-white p-4 print:rounded-none print:border-0 print:p-0">
            <table className="register-table w-full border-collapse text-sm print:text-xs">
              <caption className="sr-only">
                Controlled-drug register for {title}, {periodLabel.toLowerCase()}, with the balance after each entry
              </caption>
              <thead>
                <tr>
                  <th colSpan={9} scope="colgroup" className="pb-2 text-left font-normal">
                    <span className="block text-lg font-semibold print:text-base">Controlled drugs register · {title}</span>
                    <span className="block">
                      {site} · {periodLabel} · Printed {printedAt} by {actor.name} · Balance now {register.balance} ampoules
                    </span>
                  </th>
                </tr>
                <tr className="border-y border-slate-500 text-left align-bottom">
                  <th scope="col" className="p-1">Date and time</th>
                  <th scope="col" className="p-1">Entry</th>
                  <th scope="col" className="p-1">Name and address of supplier, or person supplied (prescriber)</th>
                  <th scope="col" className="p-1">Batch</th>
                  <th scope="col" className="p-1 text-right">Amount received</th>
                  <th scope="col" className="p-1 text-right">Amount supplied or removed</th>
                  <th scope="col" className="p-1 text-right">Balance</th>
                  <th scope="col" className="p-1">Entered by</th>
                  <th scope="col" className="p-1">Witness</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} className="border-b border-slate-300 align-top">
                    <td className="p-1 whitespace-nowrap">{formatClinicDateTimeWithYear(r.at)}</td>
                    <td className="p-1">{r.kind}</td>
                    <td className="p-1">{r.detail}</td>
                    <td className="p-1">{r.batch}</td>
                    <td className="p-1 text-right">{r.quantityIn ?? ""}</td>
                    <td className="p-1 text-right">{r.quantityOut ?? ""}</td>
                    <td className="p-1 text-right font-medium">{r.balance}</td>
                    <td className="p-1">{r.madeBy}</td>
                    <td className="p-1">{r.witness}</td>
                  </tr>
                ))}
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={9} className="p-2">
                      No entries in this period.
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </section>
        );
      })}
    </article>
  );
}

/**
 * A4 landscape, as the register's columns need. Each product starts a new page; the table's
 * heading (product, site, columns) repeats at the top of every page a product runs to, and a
 * line is never split across two pages.
 */
const PRINT_CSS = `
@page { size: A4 landscape; margin: 10mm; }
@media print {
  .register-sheet + .register-sheet { break-before: page; }
  .register-table thead { display: table-header-group; }
  .register-table tr { break-inside: avoid; }
}
`;
