"use client";

import { useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import type { ActionResult, ActionState } from "@/server/action-result";
import type { ImportReport } from "@/server/csv-import";

type ImportAction = (previous: ActionState, form: FormData) => Promise<ActionResult<ImportReport>>;

/**
 * Upload form for a CSV import; shows the report (or every bad row) and moves focus to it.
 * A file over the upload limit is stopped here: the server would refuse the whole request.
 */
export function ImportForm({ action, maxBytes, tooLarge }: { action: ImportAction; maxBytes: number; tooLarge: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [sizeError, setSizeError] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state) outcomeRef.current?.focus();
  }, [state]);

  function checkSize(event: FormEvent<HTMLFormElement>) {
    const file = fileRef.current?.files?.[0];
    const tooBig = file !== undefined && file.size > maxBytes;
    setSizeError(tooBig ? tooLarge : null);
    if (tooBig) {
      event.preventDefault();
      fileRef.current?.focus();
    }
  }

  const fieldError = (name: string) => (name === "file" && sizeError) || (state && !state.ok ? state.fieldErrors?.[name] : undefined);

  return (
    <div className="space-y-6">
      <form action={formAction} onSubmit={checkSize} className="space-y-4" noValidate>
        <fieldset aria-describedby={fieldError("kind") ? "kind-error" : undefined}>
          <legend className="font-medium">What does the file hold?</legend>
          <label className="flex min-h-11 items-center gap-3">
            <input type="radio" name="kind" value="offences" className="h-5 w-5" defaultChecked />
            Offences (police extract)
          </label>
          <label className="flex min-h-11 items-center gap-3">
            <input type="radio" name="kind" value="urine" className="h-5 w-5" />
            Urine results (laboratory)
          </label>
          {fieldError("kind") ? (
            <p id="kind-error" className="text-sm font-medium text-danger">
              {fieldError("kind")}
            </p>
          ) : null}
        </fieldset>
        <div>
          <label htmlFor="import-file" className="block font-medium">
            CSV file
          </label>
          <input
            ref={fileRef}
            id="import-file"
            type="file"
            name="file"
            accept=".csv,text/csv"
            aria-invalid={fieldError("file") ? true : undefined}
            aria-describedby={fieldError("file") ? "file-error" : undefined}
            className="mt-1 block w-full rounded border border-slate-500 bg-white px-3 py-2"
          />
          {fieldError("file") ? (
            <p id="file-error" className="mt-1 text-sm font-medium text-danger">
              {fieldError("file")}
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand px-5 py-3 font-medium text-white disabled:opacity-60">
          {pending ? "Checking…" : "Check and import"}
        </button>
      </form>

      <div ref={outcomeRef} tabIndex={-1} aria-live="polite">
        {state && !state.ok ? (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-danger">
            {state.error}
          </p>
        ) : null}
        {state?.ok ? <Report report={state.data} /> : null}
      </div>
    </div>
  );
}

const count = (n: number) => n.toLocaleString("en-GB");

function Report({ report }: { report: ImportReport }) {
  const things = report.kind === "offences" ? "offences" : "results";
  if (report.status === "imported") {
    return (
      <section aria-labelledby="report-heading" role="status" className="rounded border border-emerald-300 bg-emerald-50 p-4">
        <h2 id="report-heading" className="text-lg font-semibold">
          Imported
        </h2>
        <ul className="mt-2 list-disc pl-6">
          <li>{count(report.rowsRead)} rows read</li>
          <li>
            {count(report.added)} {things} added
            {report.kind === "urine" ? ` (${count(report.screensCreated)} new screens)` : ""}
          </li>
          {report.kind === "urine" && report.screensNotTestedForStreetHeroin > 0 ? (
            <li>
              {count(report.screensNotTestedForStreetHeroin)} samples with no street-heroin marker result (acetylcodeine, papaverine or noscapine): kept, and
              counted as not tested for street heroin, never negative
            </li>
          ) : null}
          <li>{count(report.alreadyRecorded)} already held, skipped</li>
          <li>{count(report.duplicatesInFile)} repeated in the file, skipped</li>
        </ul>
      </section>
    );
  }
  return (
    <section aria-labelledby="report-heading" className="rounded border border-red-300 bg-red-50 p-4">
      <h2 id="report-heading" className="text-lg font-semibold text-danger">
        Nothing was imported: {count(report.problemCount)} {report.problemCount === 1 ? "row needs" : "rows need"} correcting
      </h2>
      <p className="mt-1">Correct these rows and import the whole file again.</p>
      {report.problemCount > report.problems.length ? <p>The first {count(report.problems.length)} are listed.</p> : null}
      <table className="mt-3 w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Rows that need correcting</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th className="p-2">Line</th>
            <th className="p-2">Problem</th>
          </tr>
        </thead>
        <tbody>
          {report.problems.map((problem) => (
            <tr key={`${problem.line}-${problem.reason}`} className="border-b border-slate-200 align-top">
              <td className="p-2">{problem.line}</td>
              <td className="p-2">{problem.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
