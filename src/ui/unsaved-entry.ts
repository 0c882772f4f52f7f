/**
 * What a member of staff typed into a form that was not saved because their session had
 * ended, kept in this tab's sessionStorage while they sign in again, and put back into the
 * same form (same page, same button, same hidden ids: the participant's dose session) when
 * they return. Never a password field (a witness's PIN) or a file; put back only for the
 * same member of staff, within the hour; removed once put back or saved.
 */

const PREFIX = "hat.unsaved:";
const KEPT_FOR_MS = 60 * 60 * 1000;

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
type Kept = { userId: string | null; savedAt: number; values: [name: string, value: string | boolean][] };

const NOT_KEPT = new Set(["hidden", "password", "file", "submit", "button", "reset", "image"]);

function isControl(element: Element): element is Control {
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;
}

const isChoice = (control: Control): control is HTMLInputElement => control instanceof HTMLInputElement && (control.type === "checkbox" || control.type === "radio");

function typedControls(form: HTMLFormElement): Control[] {
  return [...form.elements].filter(isControl).filter((control) => control.name !== "" && !control.disabled && !NOT_KEPT.has(control.type));
}

/** The form's place: the page, its button, and the ids it carries (React's own `$ACTION` fields and the submission key aside). */
function storageKey(form: HTMLFormElement, submitLabel: string): string {
  const ids = [...form.elements]
    .filter((element): element is HTMLInputElement => element instanceof HTMLInputElement && element.type === "hidden")
    .filter((input) => input.name !== "" && !input.name.startsWith("$ACTION") && input.name !== "submissionKey")
    .map((input) => `${input.name}=${input.value}`);
  return `${PREFIX}${window.location.pathname}|${submitLabel}|${ids.join("&")}`;
}

/** Read before the form is sent: the values as typed. */
export function typedValues(form: HTMLFormElement): Kept["values"] {
  return typedControls(form).map((control) => [control.name, isChoice(control) ? control.checked : control.value]);
}

export function keepUnsaved(form: HTMLFormElement, submitLabel: string, userId: string | null, values: Kept["values"]): void {
  const kept: Kept = { userId, savedAt: Date.now(), values };
  try {
    sessionStorage.setItem(storageKey(form, submitLabel), JSON.stringify(kept));
  } catch {
    // Storage full or turned off: the values are still in the form on this page.
  }
}

export function forgetUnsaved(form: HTMLFormElement, submitLabel: string): void {
  try {
    sessionStorage.removeItem(storageKey(form, submitLabel));
  } catch {
    // Nothing was kept.
  }
}

/** Puts back what was kept for this form and this member of staff; true when anything was. */
export function restoreUnsaved(form: HTMLFormElement, submitLabel: string, userId: string | null): boolean {
  const key = storageKey(form, submitLabel);
  let kept: Kept | null = null;
  try {
    const raw = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
    kept = raw ? (JSON.parse(raw) as Kept) : null;
  } catch {
    return false;
  }
  if (!kept || !Array.isArray(kept.values) || kept.userId !== userId || !(Date.now() - kept.savedAt < KEPT_FOR_MS)) return false;
  const left = [...kept.values];
  let restored = false;
  for (const control of typedControls(form)) {
    const index = left.findIndex(([name]) => name === control.name);
    if (index < 0) continue;
    const [, value] = left.splice(index, 1)[0]!;
    restored = setControl(control, value) || restored;
  }
  return restored;
}

/**
 * Sets a control as typing would, so React's change handlers see it (a form that checks a
 * dose as it is typed): through the element's own setter, then the events typing fires.
 */
function setControl(control: Control, value: string | boolean): boolean {
  if (isChoice(control)) {
    if (typeof value !== "boolean" || control.checked === value || (control.type === "radio" && !value)) return false;
    control.click();
    return true;
  }
  if (typeof value !== "string" || value === "" || control.value === value) return false;
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(control), "value")?.set?.call(control, value);
  control.dispatchEvent(new Event("input", { bubbles: true }));
  control.dispatchEvent(new Event("change", { bubbles: true }));
  return true;
}
