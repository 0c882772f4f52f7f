import { ADVERSE_EVENT_LABEL, options } from "@/domain/labels";
import { Field, SelectField, TextAreaField } from "@/ui/action-form";
import { DateTimeField } from "@/ui/date-field";

/** What an adverse event records, on a dose session's card and on a participant's profile alike. */
export function AdverseEventFields() {
  return (
    <>
      <SelectField name="kind" label="What happened" options={options(ADVERSE_EVENT_LABEL)} hint="An overdose or naloxone extends observation and holds the next dose for a prescriber's review." />
      <DateTimeField name="occurredAt" label="When it happened" hint="Leave blank if it is happening now." />
      <Field name="naloxoneMg" label="Naloxone given (mg), if any" type="number" inputMode="decimal" min={0} step="any" />
      <TextAreaField name="description" label="What happened and what was done" />
    </>
  );
}
