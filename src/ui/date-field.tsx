import type { LocalDate } from "@/domain/clinic-time";
import { DATE_ENTRY_HINT, DATE_TIME_ENTRY_HINT, formatEnteredDate } from "@/domain/date-entry";
import { Field } from "./action-form";

/**
 * A date typed in UK order, dd/mm/yyyy, whatever the browser's locale: `<input type="date">`
 * follows the browser's locale (US order on a default Chromium). The server reads it with
 * `localDate` (src/server/input-fields.ts), which also takes yyyy-mm-dd.
 */
export function DateField({ name, label, hint, defaultValue }: { name: string; label: string; hint?: string; defaultValue?: LocalDate }) {
  return (
    <Field
      name={name}
      label={label}
      hint={[hint, `Day, month, year: ${DATE_ENTRY_HINT}.`].filter(Boolean).join(" ")}
      defaultValue={defaultValue ? formatEnteredDate(defaultValue) : undefined}
      autoComplete="off"
    />
  );
}

/** A date and time on the clinic's clock, dd/mm/yyyy hh:mm (24-hour). */
export function DateTimeField({ name, label, hint }: { name: string; label: string; hint?: string }) {
  return <Field name={name} label={label} hint={[hint, `Day, month, year and 24-hour time: ${DATE_TIME_ENTRY_HINT}.`].filter(Boolean).join(" ")} autoComplete="off" />;
}
