import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/auth/permissions";
import { requirePermission } from "@/auth/session";
import { db } from "@/db/client";
import { clinicDate } from "@/domain/clinic-time";
import { formatLocalDate } from "@/domain/format";
import { OFFENCE_PERIOD_LABEL, options, RECORD_SOURCE_LABEL, SAMPLE_TYPE_LABEL, SUBSTANCE_LABEL, TOP_STAGE_LABEL } from "@/domain/labels";
import { MAX_SEVERITY_SCORE } from "@/domain/offending";
import { TOP_FIELDS, TOP_RANGES, TOP_SECTIONS, type TopSection } from "@/domain/top";
import { STREET_HEROIN_MARKERS, STREET_HEROIN_STATUS_LABEL, SUBSTANCES, type Substance } from "@/domain/urine";
import { recordParticipantPage } from "@/server/access-audit";
import { participantEvidence } from "@/server/evidence-views";
import { ActionForm, Field, SelectField } from "@/ui/action-form";
import { DateField } from "@/ui/date-field";
import { recordOffenceAction, recordTopAssessmentAction, recordUrineScreenAction } from "./actions";
import { TopChart } from "./top-chart";

export const metadata = { title: "Screens, TOP and offences" };

const YES_NO = [
  { value: "no", label: "No" },
  { value: "yes", label: "Yes" },
];
const RESULT_OPTIONS = [
  { value: "NEGATIVE", label: "Negative" },
  { value: "POSITIVE", label: "Positive" },
];
const OTHER_SUBSTANCES = SUBSTANCES.filter((s) => s !== "MORPHINE_6MAM" && !(STREET_HEROIN_MARKERS as readonly string[]).includes(s));
const DUE_LABEL = { notYetDue: "not yet due", due: "due", overdue: "overdue" } as const;

export default async function EvidencePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("participant.read");
  const { id } = await params;
  const today = clinicDate(new Date());
  const record = await participantEvidence(db(), actor.siteId, id, today);
  await recordParticipantPage(actor, "evidence", id, record !== null);
  if (!record) notFound();
  const canRecord = can(actor.role, "evidence.record");
  const topsOldestFirst = [...record.tops].reverse();
  const negatives = record.screens.filter((s) => s.streetHeroin === "NEGATIVE").length;
  const tested = record.screens.filter((s) => s.streetHeroin !== "NOT_TESTED").length;

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Screens, TOP and offences: {record.name}</h1>
        <p className="flex flex-wrap items-center gap-3">
          <Link href={`/participants/${record.id}`} className="inline-flex min-h-11 items-center text-brand underline">
            {record.reference}
          </Link>
          {record.topDue ? (
            <span className={record.topDue.status === "overdue" ? "rounded bg-red-100 px-2 py-0.5" : "rounded bg-slate-100 px-2 py-0.5"}>
              {TOP_STAGE_LABEL[record.topDue.stage]} TOP {DUE_LABEL[record.topDue.status]} ({formatLocalDate(record.topDue.dueOn)})
            </span>
          ) : null}
        </p>
      </header>

      {canRecord ? (
        <section aria-labelledby="record-heading" className="space-y-3">
          <h2 id="record-heading" className="text-xl font-semibold">
            Record
          </h2>
          <details className="rounded border border-slate-300 bg-white p-4">
            <summary className="min-h-11 cursor-pointer py-2 text-lg font-medium text-brand">Urine screen</summary>
            <div className="mt-3 max-w-3xl">
              <ActionForm action={recordUrineScreenAction} submitLabel="Save urine screen" successMessage="Urine screen saved." resetOnSuccess>
                <input type="hidden" name="participantId" value={record.id} />
                <div className="grid gap-4 sm:grid-cols-3">
                  <DateField name="collectedOn" label="Collected on" defaultValue={today} />
                  <SelectField name="sampleType" label="Sample" options={options(SAMPLE_TYPE_LABEL)} defaultValue="URINE" />
                  <SelectField name="supervised" label="Collection observed?" options={YES_NO} />
                </div>
                <ResultGroup legend="Street heroin markers" hint="Any positive means street heroin." substances={STREET_HEROIN_MARKERS} />
                <ResultGroup legend="Prescribed diamorphine" hint="Expected while on treatment; on its own it is not street heroin." substances={["MORPHINE_6MAM"]} />
                <ResultGroup legend="Other substances" substances={OTHER_SUBSTANCES} />
              </ActionForm>
            </div>
          </details>

          <details className="rounded border border-slate-300 bg-white p-4">
            <summary className="min-h-11 cursor-pointer py-2 text-lg font-medium text-brand">Treatment Outcomes Profile (TOP)</summary>
            <div className="mt-3 max-w-3xl">
              <ActionForm action={recordTopAssessmentAction} submitLabel="Save TOP" successMessage="TOP saved." resetOnSuccess>
                <input type="hidden" name="participantId" value={record.id} />
                <div className="grid gap-4 sm:grid-cols-2">
                  <DateField name="assessedOn" label="Date of the TOP" defaultValue={today} />
                  <SelectField name="stage" label="Stage" options={options(TOP_STAGE_LABEL)} defaultValue={record.topDue?.stage} />
                </div>
                {(Object.keys(TOP_SECTIONS) as TopSection[]).map((section) => (
                  <fieldset key={section} className="space-y-3 border-t border-slate-200 pt-3">
                    <legend className="font-semibold">{TOP_SECTIONS[section]}</legend>
                    <div className="grid gap-4 sm:grid-cols-2">
                      {TOP_FIELDS.filter((f) => f.section === section).map((field) =>
                        field.kind === "yesNo" ? (
                          <SelectField key={field.name} name={field.name} label={field.label} options={YES_NO} />
                        ) : (
                          <Field
                            key={field.name}
                            name={field.name}
                            label={field.label}
                            type="number"
                            inputMode="numeric"
                            min={TOP_RANGES[field.kind].min}
                            max={TOP_RANGES[field.kind].max}
                            hint={`${TOP_RANGES[field.kind].min} to ${TOP_RANGES[field.kind].max}`}
                          />
                        ),
                      )}
                    </div>
                  </fieldset>
                ))}
              </ActionForm>
            </div>
          </details>

          <details className="rounded border border-slate-300 bg-white p-4">
            <summary className="min-h-11 cursor-pointer py-2 text-lg font-medium text-brand">Offence</summary>
            <div className="mt-3 max-w-xl">
              <ActionForm action={recordOffenceAction} submitLabel="Save offence" successMessage="Offence saved." resetOnSuccess>
                <input type="hidden" name="participantId" value={record.id} />
                <DateField name="offenceDate" label="Offence date" />
                <Field name="offenceType" label="Offence type" hint="As the police record it, such as Shoplifting." />
                <Field
                  name="severityScore"
                  label="Severity score"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={MAX_SEVERITY_SCORE}
                  hint="Cambridge Crime Harm Index: days of imprisonment in the sentencing starting point."
                />
              </ActionForm>
            </div>
          </details>
        </section>
      ) : null}

      <section aria-labelledby="top-heading" className="space-y-3">
        <h2 id="top-heading" className="text-xl font-semibold">
          TOP history
        </h2>
        {record.tops.length === 0 ? (
          <p>No TOP recorded yet.</p>
        ) : (
          <>
            <TopChart
              points={topsOldestFirst.map((t) => ({
                date: t.assessedOn,
                opiateDays: t.opiateDays,
                crackDays: t.crackDays,
                injectedDays: t.injectedDays,
                shopliftingDays: t.shopliftingDays,
                psychologicalHealth: t.psychologicalHealth,
                physicalHealth: t.physicalHealth,
                qualityOfLife: t.qualityOfLife,
              }))}
            />
            <div className="overflow-x-auto">
              <table className="w-full border-collapse bg-white text-sm">
                <caption className="p-2 text-left font-medium">TOP answers, oldest first</caption>
                <thead>
                  <tr className="border-b border-slate-300 text-left">
                    <th scope="col" className="p-2">
                      Question
                    </th>
                    {topsOldestFirst.map((t) => (
                      <th key={t.id} scope="col" className="p-2 whitespace-nowrap">
                        {TOP_STAGE_LABEL[t.stage]} · {formatLocalDate(t.assessedOn)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {TOP_FIELDS.map((field) => (
                    <tr key={field.name} className="border-b border-slate-200">
                      <th scope="row" className="p-2 text-left font-normal">
                        {field.label}
                      </th>
                      {topsOldestFirst.map((t) => {
                        const answer = t[field.name];
                        return (
                          <td key={t.id} className="p-2">
                            {typeof answer === "boolean" ? (answer ? "Yes" : "No") : answer}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="screens-heading" className="space-y-3">
        <h2 id="screens-heading" className="text-xl font-semibold">
          Urine screens
        </h2>
        {record.screens.length === 0 ? (
          <p>No screens recorded yet.</p>
        ) : (
          <>
            <p>
              Negative for street heroin in {negatives} of {tested} screens tested for it
              {tested < record.screens.length ? ` (${record.screens.length - tested} not tested for street heroin)` : ""}.
            </p>
            <div className="overflow-x-auto">
              <table className="w-full border-collapse bg-white text-sm">
                <caption className="sr-only">Urine screens, newest first</caption>
                <thead>
                  <tr className="border-b border-slate-300 text-left">
                    <th className="p-2">Collected</th>
                    <th className="p-2">Sample</th>
                    <th className="p-2">Street heroin</th>
                    <th className="p-2">Morphine / 6-MAM</th>
                    <th className="p-2">Other positives</th>
                    <th className="p-2">Recorded</th>
                  </tr>
                </thead>
                <tbody>
                  {record.screens.map((s) => (
                    <tr key={s.id} className="border-b border-slate-200 align-top">
                      <td className="p-2 whitespace-nowrap">{formatLocalDate(s.collectedOn)}</td>
                      <td className="p-2">
                        {SAMPLE_TYPE_LABEL[s.sampleType]}, {s.supervised ? "observed" : "not observed"}
                      </td>
                      <td className="p-2">{s.streetHeroin === "POSITIVE" ? <strong className="text-danger">Positive</strong> : STREET_HEROIN_STATUS_LABEL[s.streetHeroin]}</td>
                      <td className="p-2">{resultText(s.results.get("MORPHINE_6MAM"))}</td>
                      <td className="p-2">
                        {OTHER_SUBSTANCES.filter((sub) => s.results.get(sub) === "POSITIVE")
                          .map((sub) => SUBSTANCE_LABEL[sub])
                          .join(", ") || "None"}
                      </td>
                      <td className="p-2">
                        {RECORD_SOURCE_LABEL[s.source]}
                        {s.recordedBy ? ` by ${s.recordedBy}` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="offences-heading" className="space-y-3">
        <h2 id="offences-heading" className="text-xl font-semibold">
          Offences
        </h2>
        {record.offences.length === 0 ? (
          <p>No offences recorded.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse bg-white text-sm">
              <caption className="sr-only">Detected offences, newest first</caption>
              <thead>
                <tr className="border-b border-slate-300 text-left">
                  <th className="p-2">Date</th>
                  <th className="p-2">Offence</th>
                  <th className="p-2">Severity (days)</th>
                  <th className="p-2">When</th>
                  <th className="p-2">Source</th>
                </tr>
              </thead>
              <tbody>
                {record.offences.map((o) => (
                  <tr key={o.id} className="border-b border-slate-200">
                    <td className="p-2 whitespace-nowrap">{formatLocalDate(o.offenceDate)}</td>
                    <td className="p-2">{o.offenceType}</td>
                    <td className="p-2">{o.severityScore}</td>
                    <td className="p-2">{OFFENCE_PERIOD_LABEL[o.period]}</td>
                    <td className="p-2">{RECORD_SOURCE_LABEL[o.source]}</td>
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

function ResultGroup({ legend, hint, substances }: { legend: string; hint?: string; substances: readonly Substance[] }) {
  return (
    <fieldset className="space-y-3 border-t border-slate-200 pt-3">
      <legend className="font-semibold">{legend}</legend>
      {hint ? <p className="text-sm text-slate-600">{hint}</p> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        {substances.map((substance) => (
          <SelectField key={substance} name={`results.${substance}`} label={SUBSTANCE_LABEL[substance]} options={RESULT_OPTIONS} />
        ))}
      </div>
    </fieldset>
  );
}

function resultText(result: string | undefined): string {
  return result === "POSITIVE" ? "Positive" : result === "NEGATIVE" ? "Negative" : "Not tested";
}
