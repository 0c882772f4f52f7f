import { z } from "zod";
import { enumOf, id, localDate, optionalText, text, wholeNumber } from "./input-fields";

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

export const PreDoseAssessmentInput = SessionStepInput.extend({
  sedationScore: wholeNumber("the sedation score", 0, 4),
  breathAlcohol: reading("breath alcohol (mg/L)", 5, 3),
  withdrawalScore: wholeNumber("the withdrawal score", 0, 10),
  spo2: wholeNumber("SpO₂ (%)", 50, 100).optional(),
});
export type PreDoseAssessmentInput = z.output<typeof PreDoseAssessmentInput>;

export const DrawDoseInput = SessionStepInput.extend({
  doseMg: wholeNumber("the dose drawn (mg)", 1, 2000),
  partialReason: optionalText(500),
  softHoldReason: optionalText(500),
  witnessEmail: z.email({ error: "Enter the witness's email address." }).max(200).transform((e) => e.toLowerCase()),
  witnessPin: z.string({ error: "The witness enters their PIN." }).regex(/^\d{4,8}$/, "The witness enters their PIN (4 to 8 digits)."),
});
export type DrawDoseInput = z.output<typeof DrawDoseInput>;

export const DOSE_ROUTES = ["IV", "IM", "ORAL"] as const;

export const AdministerDoseInput = SessionStepInput.extend({
  route: enumOf(DOSE_ROUTES, "the route"),
  injectionSite: optionalText(120),
}).refine((v) => v.route === "ORAL" || Boolean(v.injectionSite), {
  path: ["injectionSite"],
  message: "Enter the injection site.",
});
export type AdministerDoseInput = z.output<typeof AdministerDoseInput>;

export const SignOffInput = SessionStepInput.extend({ earlyReason: optionalText(500) });
export type SignOffInput = z.output<typeof SignOffInput>;

export const WithholdDoseInput = SessionStepInput.extend({ reason: text("the reason for withholding", 500) });
export type WithholdDoseInput = z.output<typeof WithholdDoseInput>;

export const DeclineDoseInput = SessionStepInput.extend({ reason: optionalText(500) });
export type DeclineDoseInput = z.output<typeof DeclineDoseInput>;

export const ADVERSE_EVENT_KINDS = ["OVERDOSE", "NALOXONE_GIVEN", "SEIZURE", "INJECTION_SITE_PROBLEM", "OTHER"] as const;

export const AdverseEventInput = SessionStepInput.extend({
  kind: enumOf(ADVERSE_EVENT_KINDS, "what happened"),
  naloxoneMg: reading("the naloxone given (mg)", 20, 2).optional(),
  description: text("what happened and what was done", 2000),
  /** Made by the form when shown and after each save; absent when posted before the page's script ran. */
  submissionKey: z.uuid({ error: "This form is out of date: refresh the page." }).optional(),
}).refine((v) => v.kind !== "NALOXONE_GIVEN" || (v.naloxoneMg !== undefined && v.naloxoneMg > 0), {
  path: ["naloxoneMg"],
  message: "Enter the naloxone given (mg).",
});
export type AdverseEventInput = z.output<typeof AdverseEventInput>;

export const AuthoriseLateDoseInput = SessionStepInput.extend({ reason: text("the reason for the late dose", 500) });
export type AuthoriseLateDoseInput = z.output<typeof AuthoriseLateDoseInput>;

export const CloseSessionInput = z.object({ sessionDate: localDate("the session date"), slot });
export type CloseSessionInput = z.output<typeof CloseSessionInput>;

/** The Today page's ?date=yyyy-MM-dd&slot=AM|PM, to look at another session (read only). */
export const ViewSessionInput = z.object({ date: localDate("the session date"), slot });
