import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { FUNDING_KIND_LABEL, options } from "@/domain/labels";
import { financialYearLabel, financialYearOf, formatPounds } from "@/domain/money";
import { costAssumptions, listFundingLines } from "@/server/funding";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { saveCostAssumptionsAction, saveFundingLineAction } from "./actions";

export const metadata = { title: "Funding and costs" };

type Line = Awaited<ReturnType<typeof listFundingLines>>[number];

const poundsValue = (pence: number) => (pence / 100).toFixed(2);

export default async function FundingPage() {
  const actor = await requirePermission("setting.manage");
  const [lines, costs] = await Promise.all([listFundingLines(db(), actor.siteId), costAssumptions(db(), actor.siteId)]);
  const years = [...new Set(lines.map((l) => l.financialYear))];
  const thisYear = financialYearOf(clinicDate(new Date()));

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Funding and costs</h1>
        <p>Funding and in-kind resources per financial year (April to March), and the figures behind the board&apos;s estimate of savings.</p>
      </header>

      {years.length === 0 ? <p>No funding recorded yet.</p> : null}
      {years.map((year) => (
        <YearTable key={year} year={year} lines={lines.filter((l) => l.financialYear === year)} />
      ))}

      <section aria-labelledby="add-line-heading" className="max-w-xl rounded border border-slate-300 bg-white p-4">
        <h2 id="add-line-heading" className="mb-3 text-xl font-semibold">
          Add a funding line
        </h2>
        <ActionForm action={saveFundingLineAction} submitLabel="Add line" successMessage="Funding line added." resetOnSuccess>
          <LineFields defaults={{ financialYear: thisYear }} />
        </ActionForm>
      </section>

      <section aria-labelledby="costs-heading" className="max-w-2xl rounded border border-slate-300 bg-white p-4">
        <h2 id="costs-heading" className="mb-1 text-xl font-semibold">
          Cost assumptions
        </h2>
        <p className="mb-3">
          The board estimates criminal-justice savings as the fall in detected offences times the cost of an offence. Now:{" "}
          {formatPounds(costs.costPerOffencePence)} per offence.
        </p>
        <ActionForm action={saveCostAssumptionsAction} submitLabel="Save cost assumptions" successMessage="Cost assumptions saved.">
          <Field name="costPerOffence" label="Cost of one detected offence (£)" inputMode="decimal" defaultValue={poundsValue(costs.costPerOffencePence)} />
          <TextAreaField name="basis" label="Where the figures come from" defaultValue={costs.basis} />
          <TextAreaField name="reason" label="Reason for the change" />
        </ActionForm>
      </section>
    </div>
  );
}

function YearTable({ year, lines }: { year: number; lines: Line[] }) {
  const total = (kind: Line["kind"]) => lines.filter((l) => l.kind === kind).reduce((sum, l) => sum + l.amountPence, 0);
  const label = financialYearLabel(year);
  return (
    <section aria-labelledby={`year-${year}`} className="space-y-2">
      <h2 id={`year-${year}`} className="text-xl font-semibold">
        {label}
      </h2>
      <p>
        Funding {formatPounds(total("FUNDING"))} plus {formatPounds(total("IN_KIND"))} in kind.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Funding lines for {label}</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th className="p-2">Source</th>
              <th className="p-2">Kind</th>
              <th className="p-2 text-right">Amount</th>
              <th className="p-2">Note</th>
              <th className="p-2">Change</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.id} className="border-b border-slate-200 align-top">
                <td className="p-2">{line.source}</td>
                <td className="p-2">{FUNDING_KIND_LABEL[line.kind]}</td>
                <td className="p-2 text-right whitespace-nowrap">{formatPounds(line.amountPence)}</td>
                <td className="p-2">
                  {line.note}
                  {line.updatedBy ? <span className="block text-slate-600">Last changed by {line.updatedBy.name}</span> : null}
                </td>
                <td className="p-2">
                  <details>
                    <summary className="min-h-11 cursor-pointer py-2 text-brand">Change {line.source}</summary>
                    <div className="mt-2 w-80">
                      <ActionForm action={saveFundingLineAction} submitLabel="Save line" successMessage="Funding line saved.">
                        <input type="hidden" name="fundingLineId" value={line.id} />
                        <LineFields
                          defaults={{ financialYear: line.financialYear, kind: line.kind, source: line.source, amount: poundsValue(line.amountPence), note: line.note ?? "" }}
                        />
                      </ActionForm>
                    </div>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function LineFields({ defaults }: { defaults: { financialYear: number; kind?: string; source?: string; amount?: string; note?: string } }) {
  return (
    <>
      <Field name="financialYear" label="Financial year (the year it starts)" type="number" inputMode="numeric" defaultValue={defaults.financialYear} hint="2019 means April 2019 to March 2020." />
      <SelectField name="kind" label="Kind" options={options(FUNDING_KIND_LABEL)} defaultValue={defaults.kind ?? "FUNDING"} />
      <Field name="source" label="Source" defaultValue={defaults.source} hint="Such as Office of the Police and Crime Commissioner." />
      <Field name="amount" label="Amount (£)" inputMode="decimal" defaultValue={defaults.amount} />
      <TextAreaField name="note" label="Note (optional)" defaultValue={defaults.note} />
    </>
  );
}
