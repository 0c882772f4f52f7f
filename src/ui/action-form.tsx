"use client";

import { unstable_rethrow } from "next/navigation";
import { createContext, useActionState, useContext, useEffect, useId, useRef, useState, useSyncExternalStore, useTransition, type FormEvent, type ReactNode } from "react";

import { returnAddress } from "@/auth/callback-url";
import type { Confirmation } from "@/domain/confirmations";
import { formatTime } from "@/domain/format";
import { FORM_TOO_LARGE } from "@/domain/request-limits";
import type { ActionResult, ActionState } from "@/server/action-result";
import { NoticeMessage, useCardNotices, type Notice } from "./card-notice";
import { ConfirmDialog } from "./confirm-dialog";
import { useSignedInUser } from "./signed-in-user";
import { forgetUnsaved, keepUnsaved, restoreUnsaved, typedValues } from "./unsaved-entry";

export type FormAction = (previous: ActionState, form: FormData) => Promise<ActionResult>;

export const SESSION_ENDED = "Not saved: your session has ended. Sign in again to finish; what you typed is kept.";
export const CONNECTION_LOST = "Not saved: the connection to the clinic system was lost. Check the connection and press again.";

/**
 * The call itself failed, set here, never by the action: no answer, one that was not an
 * answer, or the proxy's refusal of a form too large to read (a plain-text 413, which
 * Next.js' client throws as an error carrying that text).
 */
type NotAnswered = { ok: false; code: "unreachable" | "tooLarge"; error: string; fieldErrors?: undefined };
type FormResult = ActionState | NotAnswered;

function notAnswered(error: unknown): NotAnswered {
  if (error instanceof Error && error.message === FORM_TOO_LARGE) return { ok: false, code: "tooLarge", error: FORM_TOO_LARGE };
  return { ok: false, code: "unreachable", error: CONNECTION_LOST };
}

const FormState = createContext<FormResult>(null);

/**
 * What to ask before sending, for a step that cannot be undone: fixed, or worked out from
 * the form as filled in (null: nothing to ask, say when the service will refuse it anyway).
 */
export type ConfirmBeforeSending = Confirmation | ((form: FormData) => Confirmation | null);

const subscribeToNothing = () => () => {};
/** False while the page is rendered on the server and hydrated, true once its script runs. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

/**
 * A key for one filling-in of a form (renewed after each save), sent with it so that the
 * same entry pressed twice, or pressed again after its answer was lost, is recorded once.
 * Made from getRandomValues: randomUUID needs a secure context, which a clinic's own http
 * address may not be.
 */
function newSubmissionKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Sign in again and come back to this card (or this page). */
function signInHref(cardAnchor: string | null): string {
  const { pathname, search, hash } = window.location;
  const back = returnAddress(`${pathname}${search}${cardAnchor ? `#${cardAnchor}` : hash}`);
  return `/login?callbackUrl=${encodeURIComponent(back)}`;
}

/**
 * What to show for a result. On a card the time is added to a save ("Saved: checked in at
 * 10:03."), so a nurse glancing back knows it is this press that was recorded; `at` is
 * absent for a result posted before the page's script ran (rendered on the server).
 */
function noticeFor(
  result: FormResult,
  { source, successMessage, onCard, at, signIn }: { source: string; successMessage?: string; onCard: boolean; at?: Date; signIn?: string },
): Notice | null {
  if (!result) return null;
  if (result.ok) {
    if (!onCard) return successMessage ? { kind: "saved", text: successMessage, source } : null;
    const saved = successMessage ?? "Saved";
    return { kind: "saved", text: at ? `${saved} at ${formatTime(at)}.` : `${saved}.`, source };
  }
  if (result.code === "unauthenticated" && signIn) return { kind: "refused", text: SESSION_ENDED, source, signInHref: signIn };
  return { kind: "refused", text: result.error, source };
}

/**
 * A form bound to a server action: shows the result, ties each error to its field and
 * moves focus to the first problem so keyboard and screen-reader users land on it.
 *
 * Before the page's script has run, the form is a real POST to the server action (React
 * renders `action`, `method="POST"` and the action's id), so a tap then is recorded and
 * answered with the page, never sent as a GET with every field in the URL. Once hydrated it
 * is submitted by hand, so that a refused form keeps what was typed (React resets a form
 * after every `action` submission), a lost connection or a form too large to send is a
 * message rather than an error page, and a refusal because the session ended keeps the
 * entry for after signing in.
 */
export function ActionForm({
  action,
  submitLabel,
  successMessage,
  children,
  className,
  resetOnSuccess = false,
  submissionKey = false,
  confirm,
}: {
  action: FormAction;
  submitLabel: string;
  /** Shown after a save; on a participant's card the time is added ("Saved: checked in at 10:03."). */
  successMessage?: string;
  children: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
  /** Sends `submissionKey` so that the service records one entry however often it is sent. */
  submissionKey?: boolean;
  /**
   * Asks first, naming the person and the consequence (src/ui/confirm-dialog.tsx). Such a
   * form's button waits for the page's script: a post before it could not be asked about.
   */
  confirm?: ConfirmBeforeSending;
}) {
  // Only the posted path uses this: after a post made before hydration, Next.js renders the
  // page again with the action's answer here.
  const [posted, formAction] = useActionState(action, null);
  const [answered, setAnswered] = useState<{ result: FormResult; notice: Notice | null }>();
  const [pending, startSubmitting] = useTransition();
  const [restored, setRestored] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const key = useRef<string | null>(null);
  const source = useId();
  const card = useCardNotices();
  const userId = useSignedInUser();
  const attach = card?.attach;
  const hydrated = useHydrated();
  const [asking, setAsking] = useState<{ confirmation: Confirmation; form: HTMLFormElement } | null>(null);

  const state: FormResult = answered ? answered.result : posted;
  const own = answered ? answered.notice : noticeFor(posted, { source, successMessage, onCard: card !== null });
  // On a card the card keeps the answer (it outlives this form); cleared there, it is gone here too.
  const shown = card ? (card.notice?.source === source ? card.notice : answered ? null : own) : own;

  useEffect(() => attach?.(source), [attach, source]);

  // Back after signing in again: what was typed before is put back.
  useEffect(() => {
    if (formRef.current && restoreUnsaved(formRef.current, submitLabel, userId)) setRestored(true);
  }, [submitLabel, userId]);

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

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const confirmation = typeof confirm === "function" ? confirm(new FormData(form)) : (confirm ?? null);
    if (confirmation) setAsking({ confirmation, form });
    else send(form);
  }

  function send(form: HTMLFormElement) {
    const data = new FormData(form);
    if (submissionKey) data.set("submissionKey", (key.current ??= newSubmissionKey()));
    const typed = typedValues(form);
    setRestored(false);
    card?.report(null);
    startSubmitting(async () => {
      let result: FormResult;
      try {
        result = await action(null, data);
      } catch (error) {
        // A redirect (or not-found) from the action is Next.js' to carry out.
        unstable_rethrow(error);
        result = notAnswered(error);
      }
      const at = new Date();
      const ended = result !== null && !result.ok && result.code === "unauthenticated";
      if (ended) keepUnsaved(form, submitLabel, userId, typed);
      if (result?.ok) {
        forgetUnsaved(form, submitLabel);
        key.current = null;
      }
      const notice = noticeFor(result, { source, successMessage, onCard: card !== null, at, signIn: ended ? signInHref(card?.anchor ?? null) : undefined });
      startSubmitting(() => {
        setAnswered({ result, notice });
        card?.report(notice);
      });
    });
  }

  return (
    <FormState.Provider value={state}>
      <form ref={formRef} action={formAction} onSubmit={submit} data-form={source} className={className ?? "space-y-4"} noValidate>
        {shown ? <NoticeMessage ref={statusRef} notice={shown} /> : null}
        {restored ? (
          <p role="status" className="rounded border border-sky-300 bg-sky-50 p-3 text-sky-900">
            What you typed before signing in again is back. Check it, then press {submitLabel}.
          </p>
        ) : null}
        {children}
        <button type="submit" disabled={pending || (confirm !== undefined && !hydrated)} className="rounded bg-brand px-5 py-3 font-medium text-white disabled:opacity-60">
          {pending ? "Saving…" : submitLabel}
        </button>
        {confirm ? (
          <ConfirmDialog
            confirmation={asking?.confirmation ?? null}
            onCancel={() => setAsking(null)}
            onConfirm={() => {
              if (!asking) return;
              setAsking(null);
              send(asking.form);
            }}
          />
        ) : null}
      </form>
    </FormState.Provider>
  );
}

export function useFieldError(name: string): string | undefined {
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

export const CONTROL = "mt-1 w-full rounded border border-slate-500 bg-white px-3 py-2 aria-[invalid=true]:border-danger";

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
  /** For a file: the types offered. */
  accept?: string;
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
