"use client";

import { createContext, startTransition, useActionState, useContext, useEffect, useId, useRef, type ReactNode } from "react";

import type { ActionResult, ActionState } from "@/server/action-result";

export type FormAction = (previous: ActionState, form: FormData) => Promise<ActionResult>;

const FormState = createContext<ActionState>(null);

/**
 * A form bound to a server action: shows the result, ties each error to its field and
 * moves focus to the first problem so keyboard and screen-reader users land on it.
 *
 * Before the page's script has run, the form is a real POST to the server action (React
 * renders `action`, `method="POST"` and the action's id, and Next.js answers with the page
 * and the action's result), so a tap then is never sent as a GET with every field, a
 * witness's PIN among them, in the URL.
 */
export function ActionForm({
  action,
  submitLabel,
  successMessage,
  children,
  className,
  resetOnSuccess = false,
}: {
  action: FormAction;
  submitLabel: string;
  successMessage?: string;
  children: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!state) return;
    if (state.ok) {
      if (resetOnSuccess) formRef.current?.reset();
      return;
    }
    const target = formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']") ?? statusRef.current;
    target?.focus({ preventScroll: true });
    // The message just added above the fields pushes them down, and a field that already had
    // focus is not scrolled by focus(): bring it back into view with its error below it.
    target?.scrollIntoView({ block: "center" });
  }, [state, resetOnSuccess]);

  return (
    <FormState.Provider value={state}>
      <form
        ref={formRef}
        action={formAction}
        // Once hydrated, submitted by hand rather than through `action`, so a refused form
        // keeps what was typed: React resets a form after every `action` submission.
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          startTransition(() => formAction(data));
        }}
        className={className ?? "space-y-4"}
        noValidate
      >
        {state && !state.ok ? (
          <p ref={statusRef} tabIndex={-1} role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-danger">
            {state.error}
          </p>
        ) : null}
        {state?.ok && successMessage ? (
          <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-emerald-900">
            {successMessage}
          </p>
        ) : null}
        {children}
        <button type="submit" disabled={pending} className="rounded bg-brand px-5 py-3 font-medium text-white disabled:opacity-60">
          {pending ? "Saving…" : submitLabel}
        </button>
      </form>
    </FormState.Provider>
  );
}

function useFieldError(name: string): string | undefined {
  const state = useContext(FormState);
  return state && !state.ok ? state.fieldErrors?.[name] : undefined;
}

type ControlProps = { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string };

/** Label, hint and error around one control, tied together for assistive technology. */
function LabelledControl({ name, label, hint, children }: { name: string; label: string; hint?: string; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const error = useFieldError(name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const CONTROL = "mt-1 w-full rounded border border-slate-500 bg-white px-3 py-2 aria-[invalid=true]:border-danger";

type FieldProps = {
  name: string;
  label: string;
  type?: string;
  defaultValue?: string | number;
  hint?: string;
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "text" | "email";
  min?: number;
  max?: number;
  step?: number | "any";
  onChange?: (event: React.ChangeEvent<HTMLInputElement>) => void;
};

export function Field({ name, label, hint, type = "text", ...rest }: FieldProps) {
  return (
    <LabelledControl name={name} label={label} hint={hint}>
      {(control) => <input type={type} className={CONTROL} {...control} {...rest} />}
    </LabelledControl>
  );
}

export function SelectField({
  name,
  label,
  options,
  defaultValue,
  hint,
  onChange,
}: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
  hint?: string;
  onChange?: (event: React.ChangeEvent<HTMLSelectElement>) => void;
}) {
  return (
    <LabelledControl name={name} label={label} hint={hint}>
      {(control) => (
        <select defaultValue={defaultValue ?? ""} className={CONTROL} onChange={onChange} {...control}>
          <option value="">Choose…</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </LabelledControl>
  );
}

export function TextAreaField({ name, label, hint, defaultValue }: { name: string; label: string; hint?: string; defaultValue?: string }) {
  return (
    <LabelledControl name={name} label={label} hint={hint}>
      {(control) => <textarea rows={3} defaultValue={defaultValue} className={CONTROL} {...control} />}
    </LabelledControl>
  );
}
