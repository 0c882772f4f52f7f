"use client";

import { useState } from "react";
import { checkDoseChange, type DoseLimits, type SessionDoses } from "@/domain/dosing-limits";
import { restartBreaches, type LastDoses } from "@/domain/restart";
import { Field, SelectField } from "@/ui/action-form";

/**
 * AM/PM dose inputs that show the clinic's limits as the prescriber types, measured against
 * `reference` (what the body has had: increaseReference), prefilled with the `current`
 * prescription. Only a mirror: the server checks the same rules again and decides.
 */
export function DoseFields({
  current,
  reference,
  restartFrom,
  limits,
  defaultInduction,
}: {
  current: SessionDoses | null;
  reference: SessionDoses | null;
  /** The last doses given before a gap, when this prescription restarts after one. */
  restartFrom: LastDoses | null;
  limits: DoseLimits;
  defaultInduction: boolean;
}) {
  const [am, setAm] = useState(current ? String(current.amMg) : "");
  const [pm, setPm] = useState(current ? String(current.pmMg) : "");
  const [induction, setInduction] = useState(defaultInduction ? "yes" : "no");
  const next = { amMg: Number(am), pmMg: Number(pm) };
  const valid = am !== "" && pm !== "" && [next.amMg, next.pmMg].every((v) => Number.isInteger(v) && v >= 0);
  const breaches = valid ? [...checkDoseChange(reference, next, limits, { induction: induction === "yes" }), ...(restartFrom ? restartBreaches(next, restartFrom) : [])] : [];

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Limits: single dose {limits.maxSingleMg} mg and daily {limits.maxDailyMg} mg (hard); rises of at most {limits.maxIncreasePercent}% a session over what was prescribed a day ago and given since
        {reference ? ` (AM ${reference.amMg} mg, PM ${reference.pmMg} mg)` : ""};
        induction day {limits.inductionFirstDoseMg} mg then {limits.inductionLaterDoseMg} mg (soft: a reason is needed to go beyond).
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="amDoseMg" label="AM dose (mg)" type="number" inputMode="numeric" min={0} defaultValue={am} onChange={(e) => setAm(e.target.value)} />
        <Field name="pmDoseMg" label="PM dose (mg)" type="number" inputMode="numeric" min={0} defaultValue={pm} onChange={(e) => setPm(e.target.value)} />
      </div>
      <SelectField
        name="induction"
        label="Induction day?"
        defaultValue={induction}
        onChange={(e) => setInduction(e.target.value)}
        options={[
          { value: "no", label: "No" },
          { value: "yes", label: "Yes: first day of treatment" },
        ]}
      />
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
