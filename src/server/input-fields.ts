import { z } from "zod";
import { clinicDate, clinicInstant } from "@/domain/clinic-time";
import { DATE_ENTRY_HINT, DATE_TIME_ENTRY_HINT, parseEnteredDate, parseEnteredDateTime } from "@/domain/date-entry";
import { WITNESS_PIN_DIGITS } from "@/domain/witness-pin";

/** Field schemas shared by the input schemas, each with a message a member of staff understands. */

/**
 * A record's id as the application makes them (cuid, uuid, or the seed's "pt_HAT-0001"):
 * anything else names no record, so it is refused here rather than looked up.
 */
export const id = z
  .string({ error: "Missing." })
  .min(1, "Missing.")
  .max(64, "Not a valid reference.")
  .regex(/^[A-Za-z0-9_-]+$/, "Not a valid reference.");

/**
 * A witness PIN typed to witness a step: its length only. What a new PIN must avoid
 * (runs, repeats) is checked when its owner sets it.
 */
export const witnessPin = (missing: string) =>
  z
    .string({ error: missing })
    .regex(new RegExp(`^\\d{${WITNESS_PIN_DIGITS.min},${WITNESS_PIN_DIGITS.max}}$`), `A PIN is ${WITNESS_PIN_DIGITS.min} to ${WITNESS_PIN_DIGITS.max} digits.`);

/** PostgreSQL text cannot hold a NUL character: a value with one would fail at the database. */
export const withoutNul = (value: string) => !value.includes("\u0000");

export const text = (label: string, max = 2000) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Keep ${label} under ${max} characters.`)
    .refine(withoutNul, `Remove the control character from ${label}.`);

export const optionalText = (max = 2000) =>
  z.string().trim().max(max, `Keep this under ${max} characters.`).refine(withoutNul, "Remove the control character.").optional();

/**
 * A date typed in UK order, dd/mm/yyyy (or yyyy-mm-dd, as imports and links post it), as the
 * clinic's local date "yyyy-MM-dd"; an impossible date says why (31/02: February has 28 days).
 */
export const localDate = (label: string) =>
  z.string({ error: `Enter ${label}.` }).transform((typed, ctx) => {
    const entry = parseEnteredDate(typed);
    if (entry.ok) return entry.date;
    ctx.addIssue({ code: "custom", message: entry.reason === "format" ? `Enter ${label} as ${DATE_ENTRY_HINT}.` : `${entry.message} Check ${label}.` });
    return z.NEVER;
  });

/** A date on or before today in the clinic's zone. */
export const pastOrToday = (label: string) =>
  localDate(label).refine((d) => d <= clinicDate(new Date()), `${label[0]!.toUpperCase()}${label.slice(1)} cannot be in the future.`);

export const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${label} as a number.` })
    .int(`Enter ${label} as a whole number.`)
    .min(min, `${label[0]!.toUpperCase()}${label.slice(1)} must be at least ${min}.`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be at most ${max}.`);

export const yesNo = z.enum(["yes", "no"], { error: "Choose yes or no." }).transform((v) => v === "yes");

export const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) => z.enum(values, { error: `Choose ${label}.` });

/** A moment typed in the clinic's time (Europe/London): dd/mm/yyyy hh:mm, or yyyy-mm-ddThh:mm. */
export const localDateTime = (label: string) =>
  z.string({ error: `Enter ${label}.` }).transform((typed, ctx) => {
    const entry = parseEnteredDateTime(typed);
    if (entry.ok) return clinicInstant(entry.date, entry.time);
    ctx.addIssue({ code: "custom", message: entry.reason === "format" ? `Enter ${label} as ${DATE_TIME_ENTRY_HINT}.` : `${entry.message} Check ${label}.` });
    return z.NEVER;
  });
