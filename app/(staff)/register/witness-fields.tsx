import { Field } from "@/ui/action-form";

/** The second person's email and PIN on every register form (regs 19–20: witnessed entries). */
export function WitnessFields({ label }: { label: string }) {
  return (
    <fieldset className="space-y-3 rounded border border-slate-200 p-3">
      <legend className="px-1 font-medium">{label}</legend>
      <Field name="witnessEmail" label="Witness email" type="email" autoComplete="off" />
      <Field name="witnessPin" label="Witness PIN" type="password" inputMode="numeric" autoComplete="off" />
    </fieldset>
  );
}
