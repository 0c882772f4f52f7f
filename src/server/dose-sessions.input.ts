import { z } from "zod";
import { enumOf, id, localDate, localDateTime, optionalText, text, wholeNumber, witnessPin } from "./input-fields";

const slot = enumOf(["AM", "PM"] as const, "the session");

/** A measured amount, stored to a fixed number of decimals (breath alcohol mg/L to 0.001, naloxone mg to 0.01). */
const reading = (label: string, max: number, decimals: number) =>
  z.coerce
    .number({ error: `Enter ${label} as a number.` })
    .min(0, `${label[0]!.toUpperCase()}${label.slice(1)} cannot be negative.`)
    .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} must be at most ${max}.`)
    .refine((v) => Math.abs(Math.round(v * 10 ** decimals) - v * 10 ** decimals) < 1e-6, `Enter ${label} to at most ${decimals} decimal places.`);

/** The session a form was shown for, so a stale page cannot check someone into another one. */
export const CheckInInput = z.object({ participantId: id, sessionDate: localDate("the session date"), slot });
export type CheckInInput = z.output<typeof CheckInInput>;

export const SessionStepInput = z.object({ doseSessionId: id });

/**
 * `replacesAssessmentId` names the assessment a re-assessment replaces (the one the card
 * showed): a double tap or a second tablet then cannot record the same assessment twice.
 */
export const PreDoseAssessmentInput = SessionStepInput.extend({
  replacesAssessmentId: id.optional(),
  sedationScore: wholeNumber("the sedation score", 0, 4),
  breathAlcohol: reading("breath alcohol (mg/L)", 5, 3),
  withdrawalScore: wholeNumber("the withdrawal score", 0, 10),
  spo2: wholeNumber("SpO₂ (%)", 50, 100).optional(),
});
export type PreDoseAssessmentInput = z.output<typeof PreDoseAssessmentInput>;

/** A batch chosen from the register's list: "<product id>:<batch number>". */
export const stockBatch = z
  .string({ error: "Choose the batch the ampoules come from." })
  .max(200)
  .regex(/^[^:\s]+:.+$/, "Choose the batch the ampoules come from.")
  .transform((value) => ({ productId: value.slice(0, value.indexOf(":")), batch: value.slice(value.indexOf(":") + 1) }));

export const DrawDoseInput = SessionStepInput.extend({
  doseMg: wholeNumber("the dose drawn (mg)", 1, 2000),
  batch: stockBatch,
  partialReason: optionalText(500),
  softHoldReason: optionalText(500),
  witnessEmail: z.email({ error: "Enter the witness's email address." }).max(200).transform((e) => e.toLowerCase()),
  witnessPin: witnessPin("The witness enters their PIN."),
});
export type DrawDoseInput = z.output<typeof DrawDoseInput>;

/** The route comes from the prescription; what the nurse records is where, and how much went in. */
export const AdministerDoseInput = SessionStepInput.extend({
  injectionSite: optionalText(120),
  givenMg: wholeNumber("the dose given (mg)", 0, 2000).optional(),
  partReason: optionalText(500),
  overrideReason: optionalText(500),
});
export type AdministerDoseInput = z.output<typeof AdministerDoseInput>;

export const SignOffInput = SessionStepInput.extend({ earlyReason: optionalText(500) });
export type SignOffInput = z.output<typeof SignOffInput>;

export const WithholdDoseInput = SessionStepInput.extend({ reason: text("the reason for withholding", 500) });
export type WithholdDoseInput = z.output<typeof WithholdDoseInput>;

export const DeclineDoseInput = SessionStepInput.extend({ reason: optionalText(500) });
export type DeclineDoseInput = z.output<typeof DeclineDoseInput>;

export const ADVERSE_EVENT_KINDS = ["OVERDOSE", "NALOXONE_GIVEN", "SEIZURE", "INJECTION_SITE_PROBLEM", "OTHER"] as const;

const adverseEventFields = {
  kind: enumOf(ADVERSE_EVENT_KINDS, "what happened"),
  naloxoneMg: reading("the naloxone given (mg)", 20, 2).optional(),
  description: text("what happened and what was done", 2000),
  /** When it happened (default: now); never in the future. */
  occurredAt: localDateTime("the time it happened").optional(),
  /** Made by the form when shown and after each save; absent when posted before the page's script ran. */
  submissionKey: z.uuid({ error: "This form is out of date: refresh the page." }).optional(),
};
const naloxoneGiven = <T extends { kind: string; naloxoneMg?: number }>(v: T) => v.kind !== "NALOXONE_GIVEN" || (v.naloxoneMg !== undefined && v.naloxoneMg > 0);
const naloxoneMessage = { path: ["naloxoneMg"], message: "Enter the naloxone given (mg)." };

/** On a dose session's card (Today). */
export const AdverseEventInput = SessionStepInput.extend(adverseEventFields).refine(naloxoneGiven, naloxoneMessage);
/** For anyone enrolled, from their profile: a collapse in the waiting room, or after leaving. */
export const ParticipantAdverseEventInput = z.object({ participantId: id, ...adverseEventFields }).refine(naloxoneGiven, naloxoneMessage);
export type ParticipantAdverseEventInput = z.output<typeof ParticipantAdverseEventInput>;
export type AdverseEventInput = z.output<typeof AdverseEventInput>;

export const AuthoriseLateDoseInput = SessionStepInput.extend({ reason: text("the reason for the late dose", 500) });
export type AuthoriseLateDoseInput = z.output<typeof AuthoriseLateDoseInput>;

/**
 * What the nurse confirmed closing would do ("<participant id>:<effect>" for everyone it
 * changes), so a close never does more than the list she saw; and the reason for closing a
 * past session.
 */
export const CloseSessionInput = z.object({
  sessionDate: localDate("the session date"),
  slot,
  confirmedEffects: optionalText(20_000),
  reason: optionalText(500),
});
export type CloseSessionInput = z.output<typeof CloseSessionInput>;

/** The Today page's ?date=yyyy-MM-dd&slot=AM|PM, to look at another session (read only). */
export const ViewSessionInput = z.object({ date: localDate("the session date"), slot });
