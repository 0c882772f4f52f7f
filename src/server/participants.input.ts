import { z } from "zod";
import { optionalPhotoFile } from "./participant-photos.input";
import { enumOf, id, localDate, optionalText, pastOrToday, text, wholeNumber, yesNo } from "./input-fields";

export const REFERRAL_AGENCIES = ["PROBATION", "POLICE", "DRUG_SERVICE", "PRISON", "GP", "SELF", "OTHER"] as const;
export const BREAK_REASONS = ["PHYSICAL_HEALTH", "MENTAL_HEALTH", "HOSPITAL", "CUSTODY_REMAND", "OTHER"] as const;
export const EXIT_REASONS = [
  "COMPLETED_TO_ORAL",
  "COMPLETED_DRUG_FREE",
  "RESIDENTIAL_REHAB",
  "CUSTODIAL_SENTENCE",
  "MOVED_AWAY",
  "DROPPED_OUT",
  "CLINICALLY_DISCHARGED",
  "DIED",
  "OTHER",
] as const;

const referral = {
  referredOn: pastOrToday("the referral date"),
  agency: enumOf(REFERRAL_AGENCIES, "the referring agency"),
  reason: text("the reason for referral"),
};

export const ReferNewInput = z.object({
  givenName: text("a given name", 100),
  familyName: text("a family name", 100),
  dateOfBirth: pastOrToday("the date of birth"),
  nhsNumber: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s/g, ""))
    .refine((v) => /^\d{10}$/.test(v), "An NHS number is 10 digits.")
    .optional(),
  ...referral,
});
export type ReferNewInput = z.output<typeof ReferNewInput>;

export const ReReferInput = z.object({ participantId: id, ...referral });
export type ReReferInput = z.output<typeof ReReferInput>;

export const AssessInput = z
  .object({
    referralId: id,
    assessedOn: pastOrToday("the assessment date"),
    yearsDependent: wholeNumber("years of heroin dependency", 0, 80),
    failedTreatments: wholeNumber("failed earlier treatments", 0, 30),
    failedTreatmentNotes: text("which treatments failed and why"),
    injectingDaysLast90: wholeNumber("injecting days in the last 90", 0, 90),
    monthsInOralTreatment: wholeNumber("months in oral treatment", 0, 600).optional(),
    outcome: enumOf(["ACCEPTED", "DECLINED"] as const, "an outcome"),
    declineReason: optionalText(),
    overrideReason: optionalText(),
  })
  .refine((v) => v.outcome !== "DECLINED" || Boolean(v.declineReason), { path: ["declineReason"], message: "Say why the referral was declined." });
export type AssessInput = z.output<typeof AssessInput>;

/** With the photo for the identity check, when one is taken at enrolment. */
export const EnrolInput = z.object({ participantId: id, enrolledOn: pastOrToday("the enrolment date"), photo: optionalPhotoFile });
export type EnrolInput = z.output<typeof EnrolInput>;

export const StartBreakInput = z
  .object({
    participantId: id,
    reason: enumOf(BREAK_REASONS, "a reason for the break"),
    startedOn: pastOrToday("the start of the break"),
    expectedReturnOn: localDate("the expected return date").optional(),
    notes: optionalText(),
  })
  .refine((v) => !v.expectedReturnOn || v.expectedReturnOn >= v.startedOn, {
    path: ["expectedReturnOn"],
    message: "The expected return cannot be before the break starts.",
  });
export type StartBreakInput = z.output<typeof StartBreakInput>;

export const EndBreakInput = z.object({ participantId: id, endedOn: pastOrToday("the return date") });
export type EndBreakInput = z.output<typeof EndBreakInput>;

export const ExitInput = z.object({
  participantId: id,
  exitedOn: pastOrToday("the exit date"),
  reason: enumOf(EXIT_REASONS, "an exit reason"),
  planned: yesNo,
  destination: optionalText(200),
  notes: optionalText(),
});
export type ExitInput = z.output<typeof ExitInput>;
