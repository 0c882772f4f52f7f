"use client";

import { breakConfirmation, exitConfirmation } from "@/domain/confirmations";
import { BREAK_REASON_LABEL, EXIT_REASON_LABEL, options } from "@/domain/labels";
import { ActionForm, Field, SelectField, TextAreaField } from "@/ui/action-form";
import { DateField } from "@/ui/date-field";
import { exitParticipantAction, startBreakAction } from "../actions";

const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

const typed = (form: FormData, name: string) => String(form.get(name) ?? "");

/** Starting a break, asked first with the date typed (the break stops the person being expected). */
export function BreakForm({ participantId, name, today, holdAfterDays }: { participantId: string; name: string; today: string; holdAfterDays: number }) {
  return (
    <ActionForm action={startBreakAction} submitLabel="Start break" confirm={(form) => breakConfirmation(name, typed(form, "startedOn"), holdAfterDays)}>
      <input type="hidden" name="participantId" value={participantId} />
      <SelectField name="reason" label="Reason for the break" options={options(BREAK_REASON_LABEL)} />
      <DateField name="startedOn" label="Break starts" defaultValue={today} />
      <DateField name="expectedReturnOn" label="Expected return (optional)" />
      <TextAreaField name="notes" label="Notes (optional)" />
    </ActionForm>
  );
}

/** Recording an exit: the date is typed, never assumed, and the episode's end is confirmed by name. */
export function ExitForm({ participantId, name }: { participantId: string; name: string }) {
  return (
    <ActionForm action={exitParticipantAction} submitLabel="Record exit" confirm={(form) => exitConfirmation(name, typed(form, "exitedOn"))}>
      <input type="hidden" name="participantId" value={participantId} />
      <DateField name="exitedOn" label="Exit date" hint="The last day of treatment is the day before: from this day no dose can be given." />
      <SelectField name="reason" label="Exit reason" options={options(EXIT_REASON_LABEL)} />
      <SelectField name="planned" label="Planned exit?" options={YES_NO} />
      <Field name="destination" label="Destination (optional)" hint="For example: oral methadone with the community drug service." />
      <TextAreaField name="notes" label="Notes (optional)" />
    </ActionForm>
  );
}
