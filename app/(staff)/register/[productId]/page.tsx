import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/auth/permissions";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { isExpired } from "@/domain/cd-register";
import { clinicDate } from "@/domain/clinic-time";
import { formatClinicDateTimeWithYear, formatLocalDate } from "@/domain/format";
import { registerForProduct, REMOVAL_WITNESS, STOCK_CHECK_WITNESS, stockCheckHistory, stockChecksDue } from "@/server/register";
import { registerRows } from "@/server/register-csv";
import { RegisterFilter } from "@/server/register.input";
import { witnessChoicesFor } from "@/server/witness-choices";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { annotateEntryAction, removeStockAction, stockCheckAction } from "../actions";
import { StockCheckDue } from "../stock-check-due";
import { DateField } from "@/ui/date-field";
import { WitnessPicker } from "@/ui/witness-picker";

export const metadata = { title: "Register" };

export default async function ProductRegisterPage({ params, searchParams }: { params: Promise<{ productId: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePermission("register.read");
  const { productId } = await params;
  const filter = RegisterFilter.parse(await searchParams);
  const register = await registerForProduct(db(), actor.siteId, productId, filter);
  if (!register) notFound();
  const rows = registerRows(register);
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  const canWrite = can(actor.role, "register.write");
  const today = clinicDate(new Date());
  const [checkWitnesses, removalWitnesses, checks, checksDue] = await Promise.all([
    witnessChoicesFor(db(), actor, STOCK_CHECK_WITNESS),
    witnessChoicesFor(db(), actor, REMOVAL_WITNESS),
    stockCheckHistory(db(), actor.siteId, register.product.id),
    stockChecksDue(db(), actor.siteId, today),
  ]);
  const due = checksDue.products.find((p) => p.productId === register.product.id)?.due;
  // Batches are chosen, never typed: a count or a removal can only name a batch this register holds.
  const batchOption = (b: (typeof register.batches)[number]) => ({
    value: b.batch,
    label: `${b.batch}: ${b.balance} ampoules${b.expiresOn ? `, ${isExpired(b.expiresOn, today) ? "expired" : "expires"} ${formatLocalDate(b.expiresOn)}` : ""}`,
  });
  const countable = register.batches.map(batchOption);
  const removable = register.batches.filter((b) => b.balance > 0).map(batchOption);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">
        {register.product.name} {register.product.strengthMg} mg · {register.product.form}
      </h1>
      <p className="text-lg">
        Balance: <strong>{register.balance} ampoules</strong>
      </p>
      {due ? (
        <p>
          <StockCheckDue due={due} /> <span className="text-sm text-slate-700">(every batch holding stock is counted at least every {checksDue.intervalDays} days)</span>
        </p>
      ) : null}
      <p className="no-print">
        <Link href={`/register/print?product=${register.product.id}${query ? `&${query}` : ""}`} className="inline-flex min-h-11 items-center text-brand underline">
          Printable register page
        </Link>
      </p>
      {canWrite ? (
        <div className="grid gap-4 lg:grid-cols-2 no-print">
          <section aria-label="Stock check" className="rounded border border-slate-300 bg-white p-4">
            <h2 className="mb-3 text-lg font-semibold">Stock check</h2>
            <ActionForm action={stockCheckAction} submitLabel="Record stock check" successMessage="Stock check recorded." resetOnSuccess>
              <input type="hidden" name="productId" value={register.product.id} />
              <SelectField name="batch" label="Batch" options={countable} hint={countable.length === 0 ? "No batches in this register yet: receive stock first." : undefined} />
              <Field name="counted" label="Ampoules counted" type="number" inputMode="numeric" min={0} />
              <TextAreaField name="notes" label="Notes or investigation (optional)" />
              <WitnessPicker legend="Second checker" choices={checkWitnesses} />
            </ActionForm>
          </section>
          <section aria-label="Destroy or return stock" className="rounded border border-slate-300 bg-white p-4">
            <h2 className="mb-3 text-lg font-semibold">Destroy or return stock</h2>
            <ActionForm action={removeStockAction} submitLabel="Record removal" successMessage="Removal entered in the register." resetOnSuccess>
              <input type="hidden" name="productId" value={register.product.id} />
              <SelectField name="batch" label="Batch" options={removable} hint={removable.length === 0 ? "No batch in this register holds stock." : undefined} />
              <Field name="quantity" label="Ampoules" type="number" inputMode="numeric" min={1} />
              <SelectField
                name="kind"
                label="Removal"
                options={[
                  { value: "DESTRUCTION", label: "Destruction (expired or damaged)" },
                  { value: "RETURN", label: "Return to supplier" },
                ]}
              />
              <TextAreaField name="note" label="Reason" />
              <WitnessPicker legend="Authorised witness (CD lead or prescriber)" choices={removalWitnesses} />
            </ActionForm>
          </section>
        </div>
      ) : null}
      <form method="get" className="flex flex-wrap items-end gap-3 rounded border border-slate-300 bg-white p-4 no-print">
        <DateField name="from" label="From" defaultValue={filter.from} />
        <DateField name="to" label="To" defaultValue={filter.to} />
        <button type="submit" className="rounded bg-brand px-5 py-3 font-medium text-white">
          Show
        </button>
        <Link href={`/api/register/${register.product.id}?${query}`} prefetch={false} className="inline-flex min-h-11 items-center rounded border border-brand px-5 py-2 text-brand">
          Download CSV
        </Link>
      </form>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Register entries in order, with the balance after each</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th className="p-2">Date</th>
              <th className="p-2">Entry</th>
              <th className="p-2">Batch</th>
              <th className="p-2">In</th>
              <th className="p-2">Out</th>
              <th className="p-2">Details</th>
              <th className="p-2">By</th>
              <th className="p-2">Witness</th>
              <th className="p-2">Balance</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-200 align-top">
                <td className="p-2 whitespace-nowrap">{formatClinicDateTimeWithYear(r.at)}</td>
                <td className="p-2">{r.kind}</td>
                <td className="p-2">{r.batch}</td>
                <td className="p-2">{r.quantityIn ?? ""}</td>
                <td className="p-2">{r.quantityOut ?? ""}</td>
                <td className="p-2">
                  {r.detail}
                  {canWrite ? (
                    <details className="no-print mt-1">
                      <summary className="cursor-pointer text-brand">Annotate</summary>
                      <ActionForm action={annotateEntryAction} submitLabel="Add annotation" successMessage="Annotation added.">
                        <input type="hidden" name="entryId" value={r.id} />
                        <TextAreaField name="note" label="Correction or note" />
                      </ActionForm>
                    </details>
                  ) : null}
                </td>
                <td className="p-2">{r.madeBy}</td>
                <td className="p-2">{r.witness}</td>
                <td className="p-2 font-medium">{r.balance}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="p-4">No entries in this period.</p> : null}
      </div>
      <section aria-labelledby="stock-checks-heading" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="stock-checks-heading" className="mb-2 text-lg font-semibold">
          Stock-check history
        </h2>
        {checks.length === 0 ? (
          <p>No stock check recorded for this product yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">Stock checks of this product, newest first</caption>
              <thead>
                <tr className="border-b border-slate-300 text-left">
                  <th className="p-2">When</th>
                  <th className="p-2">Batch</th>
                  <th className="p-2">Register</th>
                  <th className="p-2">Counted</th>
                  <th className="p-2">Difference</th>
                  <th className="p-2">Checked by</th>
                  <th className="p-2">Second checker</th>
                  <th className="p-2">Notes</th>
                </tr>
              </thead>
              <tbody>
                {checks.map((c) => (
                  <tr key={c.id} className="border-b border-slate-200 align-top">
                    <td className="p-2 whitespace-nowrap">{formatClinicDateTimeWithYear(c.checkedAt)}</td>
                    <td className="p-2">{c.batch}</td>
                    <td className="p-2">{c.expected}</td>
                    <td className="p-2">{c.counted}</td>
                    <td className={c.difference === 0 ? "p-2" : "p-2 font-semibold text-danger"}>{c.difference === 0 ? "None" : `${c.difference > 0 ? "+" : ""}${c.difference}`}</td>
                    <td className="p-2">{c.checkedBy}</td>
                    <td className="p-2">{c.secondChecker}</td>
                    <td className="p-2">{c.notes ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
