import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { describeDiscrepancy } from "@/domain/cd-register";
import { clinicDate } from "@/domain/clinic-time";
import { formatClinicDateTimeWithYear, formatLocalDate } from "@/domain/format";
import { LEFTOVER_WITNESS, pendingDestructions, RECEIPT_WITNESS, registerProducts, stockChecksDue } from "@/server/register";
import { witnessChoicesFor } from "@/server/witness-choices";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { DateField } from "@/ui/date-field";
import { destroyDoseLeftoverAction, receiveStockAction } from "./actions";
import { PendingDestructions } from "./pending-destructions";
import { StockCheckDue } from "./stock-check-due";
import { WitnessPicker } from "@/ui/witness-picker";

export const metadata = { title: "Controlled-drug register" };

export default async function RegisterPage() {
  const actor = await requirePermission("register.read");
  const [{ products, discrepancies }, checksDue, pending, receiptWitnesses, destructionWitnesses] = await Promise.all([
    registerProducts(db(), actor.siteId),
    stockChecksDue(db(), actor.siteId, clinicDate(new Date())),
    pendingDestructions(db(), actor.siteId),
    witnessChoicesFor(db(), actor, RECEIPT_WITNESS),
    witnessChoicesFor(db(), actor, LEFTOVER_WITNESS),
  ]);
  const productOptions = products.map((p) => ({ value: p.id, label: `${p.name} ${p.strengthMg} mg` }));
  const dueFor = new Map(checksDue.products.map((p) => [p.productId, p.due]));
  const overdue = checksDue.products.filter((p) => p.due.status === "overdue");

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Controlled-drug register</h1>
      {discrepancies.length > 0 ? (
        <section role="alert" aria-label="Stock discrepancies" className="rounded border border-red-400 bg-red-50 p-4">
          <h2 className="text-lg font-semibold text-danger">Stock discrepancy: investigate</h2>
          <ul className="mt-2 space-y-1">
            {discrepancies.map((d) => (
              <li key={d.id}>
                {d.product.name} {d.product.strengthMg} mg, batch {d.batch}: {describeDiscrepancy(d)} · {formatClinicDateTimeWithYear(d.checkedAt)} by {d.checkedBy.name} and{" "}
                {d.secondChecker.name}
                {d.notes ? ` · ${d.notes}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {overdue.length > 0 ? (
        <section aria-labelledby="overdue-checks-heading" className="rounded border border-red-400 bg-red-50 p-4">
          <h2 id="overdue-checks-heading" className="text-lg font-semibold text-danger">
            Stock check overdue
          </h2>
          <p className="text-sm">Every batch holding stock is counted at least every {checksDue.intervalDays} days (a clinic setting).</p>
          <ul className="mt-2 space-y-1">
            {overdue.map((p) => (
              <li key={p.productId}>
                <Link href={`/register/${p.productId}`} className="inline-flex min-h-11 items-center font-medium text-brand underline">
                  {p.product}
                </Link>
                : <StockCheckDue due={p.due} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {pending.length > 0 ? (
        <PendingDestructions pending={pending}>
          {(item) => (
            <details>
              <summary className="flex min-h-11 cursor-pointer items-center font-medium text-brand">Record destruction of {item.mg} mg</summary>
              <ActionForm action={destroyDoseLeftoverAction} submitLabel="Record destruction" successMessage="Destruction entered in the register.">
                <input type="hidden" name="leftoverId" value={item.id} />
                <TextAreaField name="note" label="How it was destroyed (optional)" />
                <WitnessPicker legend="Authorised witness (CD lead or prescriber)" choices={destructionWitnesses} />
              </ActionForm>
            </details>
          )}
        </PendingDestructions>
      ) : null}

      <section aria-label="Stock" className="rounded border border-slate-300 bg-white p-4">
        <h2 className="mb-2 text-lg font-semibold">Stock by the register</h2>
        <p className="mb-2 text-sm text-slate-600">Open a product for its register, stock checks, destruction and returns.</p>
        <ul className="space-y-3">
          {products.map((p) => (
            <li key={p.id}>
              <Link href={`/register/${p.id}`} className="inline-flex min-h-11 items-center font-medium text-brand underline">
                {p.name} {p.strengthMg} mg ({p.form}): {p.balance} ampoules
              </Link>
              <p className="ml-4 text-sm">{dueFor.has(p.id) ? <StockCheckDue due={dueFor.get(p.id)!} /> : null}</p>
              <ul className="ml-4 text-sm">
                {p.batches.map((b) => (
                  <li key={b.batch}>
                    Batch {b.batch}: {b.available}
                    {b.expiresOn ? `, expires ${formatLocalDate(b.expiresOn)}` : ""}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        <p className="mt-3">
          <Link href="/register/print" className="inline-flex min-h-11 items-center text-brand underline">
            Printable register: every product&apos;s page
          </Link>
        </p>
      </section>

      <section aria-label="Receive stock" className="max-w-xl rounded border border-slate-300 bg-white p-4">
        <h2 className="mb-3 text-lg font-semibold">Receive stock</h2>
        <ActionForm action={receiveStockAction} submitLabel="Record receipt" successMessage="Receipt entered in the register." resetOnSuccess>
          <SelectField name="productId" label="Product" options={productOptions} />
          <Field name="batch" label="Batch" autoComplete="off" />
          <DateField name="expiresOn" label="Expiry date" />
          <Field name="quantity" label="Ampoules received" type="number" inputMode="numeric" min={1} />
          <Field name="supplier" label="Supplier" hint="Name and address, as the paper register records them." />
          <WitnessPicker legend="Witness" choices={receiptWitnesses} />
        </ActionForm>
      </section>
    </div>
  );
}
