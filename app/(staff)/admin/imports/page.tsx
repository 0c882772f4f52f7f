import { requirePermission } from "@/auth/session";
import { OFFENCE_COLUMNS, URINE_COLUMNS, type ImportColumn } from "@/domain/import-rows";
import { MAX_IMPORT_BYTES, TOO_LARGE } from "@/server/imports.input";
import { importCsvAction } from "./actions";
import { ImportForm } from "./import-form";

export const metadata = { title: "Imports" };

export default async function ImportsPage() {
  await requirePermission("import.run");

  return (
    <div className="max-w-3xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Imports</h1>
        <p>
          Files up to 1 MB (about 25,000 police rows). Every row is checked before anything is written. If any row is wrong, nothing is imported and the report lists each bad row by its line
          in the file. Rows the clinic already holds, or that repeat in the file, are skipped, so a file can safely be imported again.
        </p>
      </header>

      <section aria-labelledby="formats-heading" className="space-y-3 rounded border border-slate-300 bg-white p-4">
        <h2 id="formats-heading" className="text-lg font-semibold">
          What the files hold
        </h2>
        <p>The first line names the columns (in any order; other columns are ignored). Dates are written yyyy-mm-dd.</p>
        <Columns title="Offences (police extract)" columns={OFFENCE_COLUMNS} example={["HAT-0001,2025-03-14,Shoplifting,5"]} />
        <p className="text-sm text-slate-700">Severity score: Cambridge Crime Harm Index days, a whole number from 0.</p>
        <Columns title="Urine results (laboratory)" columns={URINE_COLUMNS} example={["HAT-0001,2025-03-14,6-MAM,positive", "HAT-0001,2025-03-14,Acetylcodeine,negative"]} />
        <p className="text-sm text-slate-700">
          Substance: the laboratory&apos;s usual name (such as 6-MAM, benzoylecgonine, EtG or THC) or the clinic&apos;s code. Result: positive or
          negative. The results for one person and date form one screen, recorded as not observed.
        </p>
      </section>

      <section aria-labelledby="upload-heading" className="rounded border border-slate-300 bg-white p-4">
        <h2 id="upload-heading" className="mb-3 text-lg font-semibold">
          Upload
        </h2>
        <ImportForm action={importCsvAction} maxBytes={MAX_IMPORT_BYTES} tooLarge={TOO_LARGE} />
      </section>
    </div>
  );
}

function Columns({ title, columns, example }: { title: string; columns: readonly ImportColumn<string>[]; example: string[] }) {
  return (
    <div>
      <h3 className="font-medium">{title}</h3>
      <p>Columns: {columns.map((c) => c.label).join(", ")}</p>
      <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-sm">{[columns.map((c) => c.label).join(","), ...example].join("\n")}</pre>
    </div>
  );
}
