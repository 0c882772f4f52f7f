"use client";

import { useEffect, useId, useRef } from "react";
import { witnessEmailFor, type WitnessChoices } from "@/domain/witness-choices";
import { CONTROL, Field, useFieldError } from "./action-form";

const CHOICE = "flex min-h-11 cursor-pointer items-center gap-3 rounded border border-slate-400 bg-white px-3 py-2 has-[:checked]:border-brand has-[:checked]:bg-sky-50";

/**
 * The witness of a controlled-drug step in two taps: their name, then their PIN. The colleagues
 * who signed in here within the last hours are offered (src/domain/witness-choices.ts), the last
 * witness chosen already; anyone else is found by typing their name or email under "Someone
 * else". The form sends the chosen colleague's email as `witnessEmail`, as when it was typed,
 * so the PIN check, its lockout and its audit are the same whoever is chosen.
 */
export function WitnessPicker({ legend, choices }: { legend: string; choices: WitnessChoices }) {
  const id = useId();
  const error = useFieldError("witnessEmail");
  const someoneElse = useRef<HTMLInputElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const nobodyRecent = choices.recent.length === 0;

  // "Someone else" sends what its search names, worked out as the form is sent (the "formdata"
  // event), so no re-render or reset of the form in between can lose it.
  useEffect(() => {
    const form = search.current?.form;
    if (!form) return;
    const named = (event: FormDataEvent) => {
      if (someoneElse.current?.checked && search.current) event.formData.set("witnessEmail", witnessEmailFor(search.current.value, choices.everyone));
    };
    form.addEventListener("formdata", named);
    return () => form.removeEventListener("formdata", named);
  }, [choices.everyone]);

  const invalid = error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
  return (
    <fieldset className="group/witness space-y-3 rounded border border-slate-300 p-3">
      <legend className="px-1 font-medium">{legend}</legend>
      <ul className="grid gap-2 sm:grid-cols-2">
        {choices.recent.map((c) => (
          <li key={c.id}>
            <label className={CHOICE}>
              <input type="radio" name="witnessEmail" value={c.email} defaultChecked={c.email === choices.chosenEmail} className="h-5 w-5 shrink-0" {...invalid} />
              <span>
                {c.name} <span className="text-sm text-slate-700">· {c.role}</span>
              </span>
            </label>
          </li>
        ))}
        <li>
          <label className={CHOICE}>
            {/* Sent as what the search below names: a colleague's email, or what was typed. */}
            <input ref={someoneElse} type="radio" name="witnessEmail" value="" defaultChecked={nobodyRecent} className="witness-someone-else h-5 w-5 shrink-0" {...invalid} />
            <span>Someone else</span>
          </label>
        </li>
      </ul>
      {/* Shown while "Someone else" is chosen (CSS, so before the page's script has run too). */}
      <div className="hidden group-has-[.witness-someone-else:checked]/witness:block">
        <label htmlFor={`${id}-search`} className="block font-medium">
          Someone else: their name or email
        </label>
        <input
          ref={search}
          id={`${id}-search`}
          type="text"
          list={`${id}-staff`}
          autoComplete="off"
          className={CONTROL}
          {...invalid}
          onInput={() => {
            if (someoneElse.current) someoneElse.current.checked = true;
          }}
        />
        <datalist id={`${id}-staff`}>
          {choices.everyone.map((c) => (
            <option key={c.id} value={c.name} label={c.role} />
          ))}
        </datalist>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
      <Field name="witnessPin" label="Witness's PIN" type="password" inputMode="numeric" autoComplete="off" />
    </fieldset>
  );
}
