import Link from "next/link";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { describeDiscrepancy } from "@/domain/cd-register";
import { formatClinicDateTime } from "@/domain/format";
import { registerProducts } from "@/server/register";
import { ActionForm, Field, SelectField } from "@/ui/action-form";
import { receiveStockAction } from "./actions";
import { WitnessFields } from "./witness-fields";

export const metadata = { title: "Controlled-drug register" };

export default async function RegisterPage() {
  const actor = await requirePermission("register.read");
  const { products, discrepancies } = await registerProducts(db(), actor.siteId);
  const productOptions = products.map((p) => ({ value: p.id, label: `${p.name} ${p.strengthMg} mg` }));

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Controlled-drug register</h1>
      {discrepancies.length > 0 ? (
        <section role="alert" aria-label="Stock discrepancies" className="rounded border border-red-400 bg-red-50 p-4">
          <h2 className="text-lg font-semibold text-danger">Stock discrepancy: investigate</h2>
          <ul className="mt-2 space-y-1">
            {discrepancies.map((d) => (
              <li key={d.id}>
                {d.product.name} {d.product.strengthMg} mg, batch {d.batch}: {describeDiscrepancy(d)} · {formatClinicDateTime(d.checkedAt)} by {d.checkedBy.name} and{" "}
                {d.secondChecker.name}
                {d.notes ? ` · ${d.notes}` : ""}
              </li>
            ))}
          </ul>
        </section>
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
              <ul className="ml-4 text-sm">
                {p.batches.map((b) => (
                  <li key={b.batch}>
                    Batch {b.batch}: {b.available}
                    {b.expiresOn ? `, expires ${b.expiresOn}` : ""}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-label="Receive stock" className="max-w-xl rounded border border-slate-300 bg-white p-4">
        <h2 className="mb-3 text-lg font-semibold">Receive stock</h2>
        <ActionForm action={receiveStockAction} submitLabel="Record receipt" successMessage="Receipt entered in the register." resetOnSuccess>
          <SelectField name="productId" label="Product" options={productOptions} />
          <Field name="batch" label="Batch" autoComplete="off" />
          <Field name="expiresOn" label="Expiry date" type="date" />
          <Field name="quantity" label="Ampoules received" type="number" inputMode="numeric" min={1} />
          <Field name="supplier" label="Supplier" />
          <WitnessFields label="Witness" />
        </ActionForm>
      </section>
    </div>
  );
}
