"use client";

import { useState } from "react";
import { checkDoseChange, checkOralChange, ORAL_DRUGS, type DoseLimits, type OralDose, type OralDrug, type OralLimits, type SessionDoses } from "@/domain/dosing-limits";
import { ORAL_DRUG_LABEL } from "@/domain/labels";
import { restartBreaches, type LastDoses } from "@/domain/restart";
import { Field, SelectField } from "@/ui/action-form";

/**
 * AM/PM dose and oral co-prescription inputs that show the clinic's limits as the
 * prescriber types: IV doses measured against `reference` (what the body has had:
 * increaseReference), prefilled with the `current` prescription (or a restart proposal).
 * Only a mirror: the server checks the same rules again and decides. The oral
 * co-prescription starts as the one in force, so a new version keeps it unless the
 * prescriber changes or clears it.
 */
export function DoseFields({
  current,
  reference,
  restartFrom,
  previousOral,
  limits,
  oralLimits,
  inductionDay,
}: {
  current: SessionDoses | null;
  reference: SessionDoses | null;
  /** The last doses given before a gap, when this prescription restarts after one. */
  restartFrom: LastDoses | null;
  previousOral: OralDose | null;
  limits: DoseLimits;
  oralLimits: OralLimits;
  /** A prescription starting now is for the induction day (isInductionDay): the server decides again from its start. */
  inductionDay: boolean;
}) {
  const [am, setAm] = useState(current ? String(current.amMg) : "");
  const [pm, setPm] = useState(current ? String(current.pmMg) : "");
  const [oralDrug, setOralDrug] = useState<string>(previousOral?.drug ?? "");
  const [oralMg, setOralMg] = useState(previousOral ? String(previousOral.mgPerDay) : "");
  const next = { amMg: Number(am), pmMg: Number(pm) };
  const valid = am !== "" && pm !== "" && [next.amMg, next.pmMg].every((v) => Number.isInteger(v) && v >= 0);
  const nextOral = isOralDrug(oralDrug) && oralMg !== "" && Number.isInteger(Number(oralMg)) && Number(oralMg) > 0 ? { drug: oralDrug, mgPerDay: Number(oralMg) } : null;
  const oralValid = nextOral !== null || (oralDrug === "" && oralMg === "");
  const breaches = [
    ...(valid ? checkDoseChange(reference, next, limits, { induction: inductionDay }) : []),
    ...(valid && restartFrom ? restartBreaches(next, restartFrom) : []),
    ...(oralValid ? checkOralChange(current ? { oral: previousOral } : null, nextOral, oralLimits) : []),
  ];
  const { METHADONE: methadone, SLOW_RELEASE_ORAL_MORPHINE: srom } = oralLimits;

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Limits: single dose {limits.maxSingleMg} mg and daily {limits.maxDailyMg} mg (hard); rises of at most {limits.maxIncreasePercent}% a session over what was prescribed a day ago and given since
        {reference ? ` (AM ${reference.amMg} mg, PM ${reference.pmMg} mg)` : ""};
        induction day {limits.inductionFirstDoseMg} mg then {limits.inductionLaterDoseMg} mg (soft: a reason is needed to go beyond).
      </p>
      {inductionDay ? (
        <p role="note" className="rounded bg-sky-50 p-2 text-sm">
          Induction day: no dose has been given in this episode yet, or the first was given today. The induction limits apply to every prescription for today.
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="amDoseMg" label="AM dose (mg)" type="number" inputMode="numeric" min={0} defaultValue={am} onChange={(e) => setAm(e.target.value)} />
        <Field name="pmDoseMg" label="PM dose (mg)" type="number" inputMode="numeric" min={0} defaultValue={pm} onChange={(e) => setPm(e.target.value)} />
      </div>
      <p className="text-sm text-slate-700">
        Oral limits a day: methadone {methadone.softDailyMg} mg, slow-release oral morphine {srom.softDailyMg} mg (soft: a reason is needed to go beyond, and for any rise of
        the oral dose); methadone {methadone.hardDailyMg} mg, slow-release oral morphine {srom.hardDailyMg} mg (hard).
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="oralDrug"
          label="Oral co-prescription (optional)"
          options={ORAL_DRUGS.map((d) => ({ value: d, label: ORAL_DRUG_LABEL[d] }))}
          defaultValue={oralDrug}
          onChange={(e) => setOralDrug(e.target.value)}
        />
        <Field name="oralDoseMgPerDay" label="Oral dose (mg a day)" type="number" inputMode="numeric" min={1} defaultValue={oralMg} onChange={(e) => setOralMg(e.target.value)} />
      </div>
      <div aria-live="polite">
        {breaches.length > 0 ? (
          <ul className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-sm">
            {breaches.map((b) => (
              <li key={`${b.rule}-${b.slot}`} className={b.kind === "hard" ? "font-medium text-danger" : "text-warn"}>
                {b.kind === "hard" ? "Not allowed: " : "Needs a reason: "}
                {b.message}
              </li>
            ))}
          </ul>
        ) : valid ? (
          <p className="text-sm text-emerald-800">Within the clinic&apos;s limits.</p>
        ) : null}
      </div>
    </div>
  );
}

function isOralDrug(value: string): value is OralDrug {
  return (ORAL_DRUGS as readonly string[]).includes(value);
}
